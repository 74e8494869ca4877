import * as z from 'zod';
import { MAX_PARTITION, MAX_TOPIC_LENGTH, parseOffset, TOPIC_CHARACTERS } from '../platform/kafka';

/**
 * One Kafka message as the sink's core sees it, whatever form the trigger delivered it in.
 * Transforms at the payload edge guarantee: offsets are exact (bigint), the topic is a Kafka topic
 * name, the key is text or null, and the value says how it arrived.
 */
export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: bigint;
  /** Epoch milliseconds at which the message was produced. */
  timestamp: number;
  key: string | null;
  /** Null for a tombstone (a null or missing value). */
  value: MessageValue | null;
  /**
   * The header entries as compact JSON text, exactly as delivered (normally an array of entries;
   * any other JSON the trigger sends is kept as it is). `[]` when there are none.
   */
  headers: string;
  /**
   * UTF-8 size of the original value, when the sender already truncated it (the legacy connector
   * delivers `overflowFlag: true` with the size of the value it cut).
   */
  truncatedFromBytes?: number;
}

/**
 * How the value arrived. The trigger decodes values by the source's value data type: Text gives a
 * string, Json a parsed JSON value, Binary a base64 string (VALUE_DATA_TYPE tells which).
 */
export type MessageValue =
  /** A string, the message's bytes read as UTF-8 (a TextFromBytes when read from the payload's bytes). */
  | { kind: 'text'; readonly text: string }
  /** Any JSON value, as the compact JSON text it arrived as. */
  | { kind: 'json'; json: string }
  /** The message's bytes, base64-encoded (standard alphabet, padded). */
  | { kind: 'base64'; base64: string };

/** The value data types the trigger's Kafka source knows. */
export const VALUE_DATA_TYPES = ['Text', 'Json', 'Binary'] as const;
export type ValueDataType = (typeof VALUE_DATA_TYPES)[number];

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
    const ms = typeof raw === 'number' ? raw : /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isSafeInteger(ms)) return ms;
    ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds as an integer, got ${excerpt(JSON.stringify(raw))}` });
    return z.NEVER;
  });

/**
 * Kafka's own rule for topic names. A name outside it cannot come from Kafka, and would not be
 * one path segment of an object key. Checked only once the topic is a string: zod would measure
 * the length of an array too, and add "must not be empty" to "expected a string" for `[]`.
 */
export const topicSchema = z.string({ error: 'expected the topic name as a string' }).transform((topic, ctx) => {
  const problem = topicProblem(topic);
  if (problem === undefined) return topic;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

function topicProblem(topic: string): string | undefined {
  if (topic === '') return 'topic must not be empty';
  // Reported as such, and not read character by character: it may be megabytes.
  if (topic.length > MAX_TOPIC_LENGTH) return `topic is longer than Kafka allows (${MAX_TOPIC_LENGTH} characters)`;
  if (TOPIC_CHARACTERS.test(topic) && topic !== '.' && topic !== '..') return undefined;
  return `topic ${JSON.stringify(topic.slice(0, 60))} is not a Kafka topic name (letters, digits, ".", "_" and "-" only, not "." or "..")`;
}

/** A problem quotes at most the start of what was sent: one field can be megabytes. */
function excerpt(json: string): string {
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

/** The trigger delivers keys as text; null or missing means the message has no key. */
export const keySchema = z
  .string({ error: 'expected the key as a string or null (the trigger delivers keys as text)' })
  .nullish()
  .transform((key) => key ?? null);
