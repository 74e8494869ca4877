/**
 * @module Object keys are a pure function of (prefix, topic, partition, first offset, last offset):
 *
 *     <prefix><topic>/<partition>/<first offset>-<last offset><extension>
 *     archive/orders/3/0000000000000001200-0000000000000001299.json
 *
 * Offsets are zero-padded to 19 digits (the width of int64's maximum) so that the keys of a
 * partition sort in offset order, and a redelivered batch maps to the keys it had before.
 */
import { PayloadError } from '../payload/payload-error';
import { padOffset, TOPIC_CHARACTER } from '../platform/kafka';
import { MAX_OBJECT_KEY_BYTES } from '../platform/oss';

export interface ObjectKeyParts {
  prefix: string;
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  extension: string;
}

/** The longest prefix accepted: what is left of OSS's 1023 bytes still fits a long topic and two offsets. */
export const MAX_PREFIX_BYTES = 512;

export function objectKey(parts: ObjectKeyParts): string {
  const range = `${padOffset(parts.firstOffset)}-${padOffset(parts.lastOffset)}`;
  const key = `${parts.prefix}${topicSegment(parts.topic)}/${parts.partition}/${range}${parts.extension}`;
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_OBJECT_KEY_BYTES) {
    const shorten = parts.prefix === '' ? 'the topic name is too long once percent-encoded' : 'shorten OSS_PREFIX';
    throw new PayloadError([
      `the object key for topic ${JSON.stringify(parts.topic.slice(0, 60))} partition ${parts.partition} would be ${bytes} bytes, ` +
        `over OSS's limit of ${MAX_OBJECT_KEY_BYTES}: ${shorten}`,
    ]);
  }
  return key;
}

/**
 * A topic becomes exactly one path segment: `/`, `\`, and every character outside Kafka's topic
 * alphabet are percent-encoded, and `.` / `..` (which some tools resolve as relative paths) too.
 */
export function topicSegment(topic: string): string {
  let segment = '';
  for (const char of topic) {
    segment += TOPIC_CHARACTER.test(char) ? char : percentEncode(char);
  }
  return segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment;
}

function percentEncode(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * Checks an OSS_PREFIX and gives it the trailing `/` that makes it a folder. Returns a problem
 * description instead when the prefix could produce keys OSS rejects or that climb out of it.
 */
export function normalizeKeyPrefix(prefix: string): { prefix: string } | { problem: string } {
  if (prefix === '') return { prefix };
  if (prefix.startsWith('/') || prefix.startsWith('\\')) {
    return { problem: 'must not start with "/" or "\\" (OSS object keys cannot); write e.g. "archive/kafka"' };
  }
  const segments = prefix.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return { problem: 'must not contain empty, "." or ".." path segments' };
  }
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES)
    return { problem: `must be at most ${MAX_PREFIX_BYTES} bytes, leaving room for topic and offsets` };
  return { prefix: prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/**
 * Where a batch goes when its key already holds different bytes: beside the original, in a
 * `_conflicts/` folder, named by the batch's MD5 so that a redelivery of it is still recognised.
 *
 *     archive/orders/3/_conflicts/0000000000000001200-0000000000000001299.<md5>.json
 */
export function conflictKey(key: string, md5Hex: string, extension: string): string {
  const slash = key.lastIndexOf('/');
  const folder = key.slice(0, slash + 1);
  const name = key.slice(slash + 1, key.length - extension.length);
  return `${folder}_conflicts/${name}.${md5Hex}${extension}`;
}
