import * as z from 'zod';
import { keySchema, offsetSchema, partitionSchema, timestampSchema, topicSchema } from './kafka-message';

/**
 * The `data` of a Kafka trigger CloudEvent; with push format RawData, the whole element.
 * `value` is any JSON (its meaning depends on the value data type) and `headers` comes wrapped
 * (`{headers: [...], isReadOnly}`) with undocumented entries: both are taken as they come, and
 * resolved against the element's text by the payload reader.
 *
 * @example
 * {"topic":"mytopic","partition":7,"offset":25,"timestamp":1655952591589,
 *  "headers":{"headers":[],"isReadOnly":false},"key":"keytest","value":"{\"name\":\"a\",\"age\":28}"}
 */
export const kafkaTriggerDataSchema = z.object({
  topic: topicSchema,
  partition: partitionSchema,
  offset: offsetSchema,
  timestamp: timestampSchema,
  key: keySchema,
  value: z.unknown().optional(),
  headers: z.unknown().optional(),
});

export type KafkaTriggerData = z.output<typeof kafkaTriggerDataSchema>;
