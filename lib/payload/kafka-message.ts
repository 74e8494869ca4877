import * as z from 'zod';
import { MAX_PARTITION, MAX_TOPIC_LENGTH, parseOffset } from '../platform/kafka';

/**
 * One Kafka message as the sink's core sees it, whatever form the trigger delivered it in.
 * Transforms at the payload edge guarantee: offsets are exact (bigint), key and value are text or null.
 */
export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: bigint;
  /** Epoch milliseconds at which the message was produced. */
  timestamp: number;
  key: string | null;
  value: string | null;
  /**
   * UTF-8 size of the original value, when the sender already truncated it (the legacy connector
   * delivers `overflowFlag: true` with the size of the value it cut).
   */
  truncatedFromBytes?: number;
}

/**
 * Kafka offsets are int64; a JSON number is exact only up to 2^53, so larger offsets must arrive
 * as strings. An unsafe number has already been rounded by JSON.parse: reject it rather than
 * archive a record under an offset that is not its own.
 */
export const offsetSchema = z
  .union([z.number(), z.string()], { error: 'expected a non-negative integer or a string of digits' })
  .transform((raw, ctx) => {
    if (typeof raw === 'number') {
      if (Number.isSafeInteger(raw) && raw >= 0) return BigInt(raw);
      ctx.addIssue({
        code: 'custom',
        message:
          Number.isInteger(raw) && raw > 0
            ? `offset ${raw} is beyond 2^53 and was rounded when the event was parsed; the trigger must send it as a string`
            : `expected a non-negative integer, got ${raw}`,
      });
      return z.NEVER;
    }
    const offset = parseOffset(raw);
    if (offset !== undefined) return offset;
    ctx.addIssue({ code: 'custom', message: `expected a string of digits within int64, got ${JSON.stringify(raw.slice(0, 40))}` });
    return z.NEVER;
  });

export const partitionSchema = z
  .number({ error: 'expected an integer partition number' })
  .int({ error: 'expected an integer partition number' })
  .min(0, { error: 'partition must not be negative' })
  .max(MAX_PARTITION, { error: 'partition must be an int32' });

/** Epoch milliseconds; some producers' tooling sends them as a string of digits. */
export const timestampSchema = z
  .union([z.number(), z.string()], { error: 'expected epoch milliseconds as a number' })
  .transform((raw, ctx) => {
    const ms = typeof raw === 'number' ? raw : /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(ms)) return ms;
    ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds as an integer, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });

export const topicSchema = z
  .string({ error: 'expected the topic name as a string' })
  .min(1, { error: 'topic must not be empty' })
  .max(MAX_TOPIC_LENGTH, { error: `topic is longer than Kafka allows (${MAX_TOPIC_LENGTH} characters)` });

/**
 * The trigger decodes keys and values by the source's data type: Text gives a string, Json a
 * parsed JSON value, Binary a base64 string. Non-string JSON is archived as its compact JSON text;
 * a missing or null value (a tombstone) stays null.
 */
export const textOrJsonSchema = z
  .unknown()
  .optional()
  .transform((raw): string | null => {
    if (raw === undefined || raw === null) return null;
    return typeof raw === 'string' ? raw : JSON.stringify(raw);
  });
