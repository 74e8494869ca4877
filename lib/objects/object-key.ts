/**
 * Object keys are a pure function of (prefix, topic, partition, first offset, last offset):
 *
 *     <prefix><topic>/<partition>/<first offset>-<last offset><extension>
 *     archive/orders/3/0000000000000001200-0000000000000001299.json
 *
 * Offsets are zero-padded to 19 digits (the width of int64's maximum) so that the keys of a
 * partition sort in offset order, and a redelivered batch maps to the keys it had before.
 */
export interface ObjectKeyParts {
  prefix: string;
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  extension: string;
}

const OFFSET_WIDTH = 19;
/** Kafka's own topic alphabet; anything else is percent-encoded so it cannot add path segments. */
const TOPIC_SAFE = /^[A-Za-z0-9._-]$/;
const MAX_OBJECT_KEY_BYTES = 1023;

export function objectKey(parts: ObjectKeyParts): string {
  const range = `${padOffset(parts.firstOffset)}-${padOffset(parts.lastOffset)}`;
  const key = `${parts.prefix}${topicSegment(parts.topic)}/${parts.partition}/${range}${parts.extension}`;
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_OBJECT_KEY_BYTES) {
    throw new Error(
      `The object key for topic ${JSON.stringify(parts.topic.slice(0, 60))} partition ${parts.partition} would be ${bytes} bytes, ` +
        `over OSS's limit of ${MAX_OBJECT_KEY_BYTES}: shorten OSS_PREFIX.`,
    );
  }
  return key;
}

function padOffset(offset: bigint): string {
  return offset.toString().padStart(OFFSET_WIDTH, '0');
}

/**
 * A topic becomes exactly one path segment: `/`, `\`, and every character outside Kafka's topic
 * alphabet are percent-encoded, and `.` / `..` (which some tools resolve as relative paths) too.
 */
export function topicSegment(topic: string): string {
  let segment = '';
  for (const char of topic) {
    segment += TOPIC_SAFE.test(char) ? char : percentEncode(char);
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
  if (Buffer.byteLength(prefix) > 512) return { problem: 'must be at most 512 bytes, leaving room for topic and offsets' };
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
