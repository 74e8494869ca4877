import * as z from 'zod';
import { offsetSchema, partitionSchema, textOrJsonSchema, timestampSchema, topicSchema, type KafkaMessage } from './kafka-message';

/**
 * The `data` of a Kafka trigger CloudEvent; with push format RawData, the whole element.
 * `headers` comes wrapped (`{headers: [...], isReadOnly}`) and its entries are undocumented: it is
 * accepted as anything and not archived.
 *
 * @example
 * {"topic":"mytopic","partition":7,"offset":25,"timestamp":1655952591589,
 *  "headers":{"headers":[],"isReadOnly":false},"key":"keytest","value":"{\"name\":\"a\",\"age\":28}"}
 */
export const kafkaTriggerDataSchema = z
  .object({
    topic: topicSchema,
    partition: partitionSchema,
    offset: offsetSchema,
    timestamp: timestampSchema,
    key: textOrJsonSchema,
    value: textOrJsonSchema,
  })
  .transform((data): KafkaMessage => data);
