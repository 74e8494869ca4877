import * as z from 'zod';
import { keySchema, offsetSchema, partitionSchema, timestampSchema, topicSchema } from './kafka-message';

/**
 * A record as the legacy ApsaraMQ connector pushed it: already in the archive's own shape, fields
 * in alphabetical order, a null key or value omitted. When it truncated the value it says so with
 * `overflowFlag` and the original size in `valueSize`; the archive must keep saying so.
 *
 * @example
 * {"key":"123","offset":8,"overflowFlag":false,"partition":4,"timestamp":1603785325438,
 *  "topic":"Test","value":"hello","valueSize":5}
 */
export const legacyConnectorRecordSchema = z
  .object({
    key: keySchema,
    offset: offsetSchema,
    overflowFlag: z.boolean({ error: 'expected overflowFlag to be true or false' }),
    partition: partitionSchema,
    timestamp: timestampSchema,
    topic: topicSchema,
    value: z.unknown().optional(),
    valueSize: z
      .number({ error: 'expected valueSize as a number of bytes' })
      .int({ error: 'expected valueSize as a whole number of bytes' })
      .min(0, { error: 'valueSize must not be negative' }),
  })
  .transform(({ overflowFlag, valueSize, ...fields }) => ({
    ...fields,
    headers: undefined,
    ...(overflowFlag ? { truncatedFromBytes: valueSize } : {}),
  }));
