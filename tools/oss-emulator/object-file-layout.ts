/**
 * @module Where the file store keeps things under <dir>/<bucket>/. An object whose key is a portable
 * relative path is the file at that path, so the bucket directory can be browsed by key. Everything
 * else sits in one hidden folder per bucket, INTERNAL_DIR: every object's metadata, the objects whose
 * keys cannot be plain paths (named by a hash of the key), multipart uploads in progress, and temp files.
 */
import { createHash } from 'node:crypto';

export const INTERNAL_DIR = '.oss-server';
export const METADATA_DIR = 'meta';
export const ENCODED_OBJECTS_DIR = 'objects';
export const UPLOADS_DIR = 'uploads';
export const TEMP_DIR = 'tmp';

// Names Windows refuses or reads as something else; excluded everywhere so a directory means the same on every system.
const NOT_PORTABLE = /[\\:*?"<>|]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// Also rules out "." and "..", which only consist of dots.
const TRAILING_DOT_OR_SPACE = /[. ]$/;
// NAME_MAX of Linux and macOS, in the unit (UTF-8 bytes) that is never smaller than the others' (UTF-16 units).
const MAX_NAME_BYTES = 255;

/**
 * The key's path components below the bucket directory, or undefined when the key cannot be a plain path:
 * an empty, "." or ".." segment, a segment that is not a portable file name, a first segment naming the
 * hidden folder, or text whose Unicode normalization forms differ (macOS file systems fold those together).
 * A plain key can still be stored in the hidden folder when its path is taken ("a" beside "a/b").
 */
export function plainPath(key: string): string[] | undefined {
  const segments = key.split('/');
  if (segments[0]?.toLowerCase() === INTERNAL_DIR) return undefined;
  return segments.every(isPlainName) ? segments : undefined;
}

export function isPlainName(name: string): boolean {
  return (
    name !== '' &&
    !NOT_PORTABLE.test(name) &&
    !hasControlCharacter(name) &&
    !TRAILING_DOT_OR_SPACE.test(name) &&
    !WINDOWS_DEVICE.test(name) &&
    Buffer.byteLength(name, 'utf8') <= MAX_NAME_BYTES &&
    name.normalize('NFC') === name &&
    name.normalize('NFD') === name
  );
}

/** The file name of everything the hidden folder keeps for one key. */
export function keyFileName(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Path components (relative to the bucket directory) of the object's data file: the key's own path when it
 * can be one and no other key's file or directory is in the way, else the encoded file in the hidden folder.
 */
export function objectFilePath(key: string): string[] {
  return plainPath(key) ?? encodedObjectPath(key);
}

export function encodedObjectPath(key: string): string[] {
  return [INTERNAL_DIR, ENCODED_OBJECTS_DIR, keyFileName(key)];
}

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
