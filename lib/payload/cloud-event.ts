import * as z from 'zod';
import { isJsonObject } from '../platform/json';
import { kafkaTriggerDataSchema } from './kafka-trigger-data';

/**
 * A Kafka trigger CloudEvent (push format CloudEvents, the default). Only `data` is archived;
 * the envelope is checked just enough to be sure this is a CloudEvent.
 *
 * @example
 * {"specversion":"1.0","id":"8e215af8-ca18-4249-8645-f96c1026xxxx","source":"acs:alikafka",
 *  "type":"alikafka:Topic:Message","subject":"acs:alikafka:alikafka_pre-cn-xxxx:topic:mytopic",
 *  "datacontenttype":"application/json; charset=utf-8","time":"2022-06-23T02:49:51.589Z",
 *  "aliyunaccountid":"1649xxxx",
 *  "data":{"topic":"mytopic","partition":7,"offset":25,"timestamp":1655952591589,
 *          "headers":{"headers":[],"isReadOnly":false},"key":"keytest",
 *          "value":"{\"name\":\"a\",\"age\":28}"}}
 */
export const cloudEventSchema = z
  .object({
    specversion: z.string({ error: 'expected the CloudEvents specversion as a string' }),
    data: z
      .custom<Record<string, unknown>>(isJsonObject, { error: 'expected the Kafka message object in data' })
      .pipe(kafkaTriggerDataSchema),
  })
  .transform((event) => event.data);
