/**
 * @module Kafka's own rules for topics, partitions and offsets, as the trigger's messages, the object
 * keys and the CLI's test message all need them.
 */

const TOPIC_ALPHABET = 'A-Za-z0-9._-';
/** A character Kafka allows in a topic name. */
export const TOPIC_CHARACTER = new RegExp(`^[${TOPIC_ALPHABET}]$`);
/** Text made only of such characters. */
export const TOPIC_CHARACTERS = new RegExp(`^[${TOPIC_ALPHABET}]*$`);
export const MAX_TOPIC_LENGTH = 249;

/** Partitions are int32. */
export const MAX_PARTITION = 2 ** 31 - 1;

/** Offsets are int64: exact only as bigint, and as JSON only when written as digits, not as a double. */
export const MAX_OFFSET = 2n ** 63n - 1n;
/** Digits of MAX_OFFSET: the width offsets are zero-padded to, so that they sort as text. */
export const OFFSET_DIGITS = 19;

/** A non-negative int64 written as decimal digits, or undefined. */
export function parseOffset(text: string): bigint | undefined {
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const offset = BigInt(text);
  return offset <= MAX_OFFSET ? offset : undefined;
}

export function padOffset(offset: bigint): string {
  return offset.toString().padStart(OFFSET_DIGITS, '0');
}
