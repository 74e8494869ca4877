/**
 * @module OSS's own rules: bucket names, object keys, region ids and endpoint URLs. Settings, object
 * keys, the local emulator, the deploy check and the CLI all check against these, so they agree.
 */

/** 3-63 of a-z, 0-9 and "-", starting and ending with a letter or digit. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const BUCKET_NAME_RULE = '3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit';

/** An object key is 1-1023 bytes of UTF-8 and must not start with "/" or "\". */
export const MAX_OBJECT_KEY_BYTES = 1023;

export function objectKeyProblem(key: string): string | undefined {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 0 || bytes > MAX_OBJECT_KEY_BYTES)
    return `is ${bytes} bytes; OSS takes keys of 1 to ${MAX_OBJECT_KEY_BYTES} bytes of UTF-8`;
  if (key.startsWith('/') || key.startsWith('\\')) return 'starts with "/" or "\\", which OSS does not allow';
  return undefined;
}

/** A bare region id such as cn-hangzhou or ap-southeast-1. */
export const REGION_ID = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

/** The bare region id of `cn-hangzhou` or `oss-cn-hangzhou` (OSS's own spelling), or undefined. */
export function parseRegionId(text: string): string | undefined {
  const bare = text.startsWith('oss-') ? text.slice(4) : text;
  return REGION_ID.test(bare) ? bare : undefined;
}

/** Scheme and host (and port) only: ali-oss builds every request path itself. */
export const ENDPOINT_URL = /^https?:\/\/[^/\s]+\/?$/;
export const ENDPOINT_URL_EXAMPLE = 'https://oss-cn-hangzhou-internal.aliyuncs.com or http://127.0.0.1:9000';

/** The region's endpoint; the internal one has no traffic fee and serves FC in the same region. */
export function regionEndpoint(region: string, network: 'internal' | 'public'): string {
  return network === 'internal' ? `https://oss-${region}-internal.aliyuncs.com` : `https://oss-${region}.aliyuncs.com`;
}
