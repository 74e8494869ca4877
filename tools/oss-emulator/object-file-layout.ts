import { createHash } from 'node:crypto';

/*
 * How object keys map to file names under a bucket directory. Each '/'-separated key segment becomes one
 * path component, percent-encoded so that no key can name '.', '..', an absolute path or a reserved name.
 * '@' never survives encoding, so it marks what the store adds: a directory is "<segment>@" (letting keys
 * "a" and "a/b" coexist), an object's metadata is "<segment>@meta.json", and writes go through "@tmp-" files.
 */

export const DIRECTORY_SUFFIX = '@';
export const METADATA_SUFFIX = '@meta.json';
export const TEMP_MARK = '@tmp-';

// Characters kept as they are: readable, and portable to every common file system.
const PLAIN = /^[A-Za-z0-9._\-=+,~!()']$/;
// Keeps names well under the 255-byte limit of most file systems once the suffixes are added.
const MAX_ENCODED_LENGTH = 200;
const HASHED_PREFIX_LENGTH = 120;
const EMPTY_SEGMENT = '%';

/** Path components (relative to the bucket directory) of the object's data file. */
export function objectFilePath(key: string): string[] {
  const segments = key.split('/');
  const last = segments.pop() ?? '';
  return [...segments.map((segment) => encodeSegment(segment) + DIRECTORY_SUFFIX), encodeSegment(last)];
}

/** Path components of the directory holding every key that starts with the given complete segments. */
export function directoryPath(segments: readonly string[]): string[] {
  return segments.map((segment) => encodeSegment(segment) + DIRECTORY_SUFFIX);
}

/** The segment a file or directory name stands for, or undefined when the name was not produced by encodeSegment (or was hashed). */
export function decodeSegment(name: string): string | undefined {
  if (name === EMPTY_SEGMENT) return '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return undefined;
  }
  return encodeSegment(decoded) === name ? decoded : undefined;
}

function encodeSegment(segment: string): string {
  if (segment === '') return EMPTY_SEGMENT;
  const onlyDots = /^\.+$/.test(segment);
  let encoded = '';
  for (const char of segment) {
    encoded += PLAIN.test(char) && !onlyDots ? char : percentEncode(char);
  }
  if (encoded.length <= MAX_ENCODED_LENGTH) return encoded;
  // Too long for a file name: keep a readable head and make it unique with a hash; the key is kept in the metadata.
  const head = encoded.slice(0, HASHED_PREFIX_LENGTH).replace(/%[0-9A-F]?$/, '');
  return `${head}@${createHash('sha256').update(segment).digest('hex').slice(0, 32)}`;
}

function percentEncode(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
