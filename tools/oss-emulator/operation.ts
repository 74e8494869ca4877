/** @module What every OSS operation of the local server is, and the request rules several of them share. */
import type { IncomingHttpHeaders } from 'node:http';
import { objectKeyProblem } from '../../lib/platform/oss';
import type { MultipartUploads } from './multipart-uploads';
import type { ObjectStore } from './object-store';
import type { OperationName } from './operation-names';
import type { OssAction } from './oss-credentials';
import { OssError } from './oss-error';
import { XML_DECLARATION } from './xml';

export interface OperationRequest {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OssResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface OperationContext {
  store: ObjectStore;
  uploads: MultipartUploads;
  /** Bare region id, for the host names OSS puts in its answers. */
  region: string;
}

/** One OSS API operation: the RAM action that authorizes it, and how it runs. */
export interface Operation {
  name: OperationName;
  action: OssAction;
  run(context: OperationContext, request: OperationRequest): Promise<OssResponse>;
}

export const USER_META_PREFIX = 'x-oss-meta-';

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function forbidsOverwrite(headers: IncomingHttpHeaders): boolean {
  return (headerValue(headers, 'x-oss-forbid-overwrite') ?? '').toLowerCase() === 'true';
}

/** Checks a Content-MD5 header against the MD5 of the body received; `required` makes its absence an error too. */
export function checkContentMd5(headers: IncomingHttpHeaders, actual: Buffer, required = false): void {
  const header = headerValue(headers, 'content-md5');
  if (header === undefined) {
    if (required) {
      throw new OssError(
        400,
        'MissingArgument',
        'This request needs a Content-MD5 header (the base64 MD5 of its body) so that a body damaged in transit is refused; nothing was done.',
      );
    }
    return;
  }
  const claimed = Buffer.from(header, 'base64');
  if (claimed.length !== 16 || claimed.toString('base64') !== header) {
    throw new OssError(400, 'InvalidDigest', `The Content-MD5 header "${header}" is not the base64 encoding of a 16-byte MD5 digest.`);
  }
  if (!claimed.equals(actual)) {
    throw new OssError(
      400,
      'InvalidDigest',
      `The Content-MD5 header "${header}" does not match the MD5 of the body received (${actual.toString('base64')}); the body changed in transit or the digest was computed over other bytes. Nothing was written.`,
    );
  }
}

export function userMetaOf(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(USER_META_PREFIX) && value !== undefined) {
      meta[name.slice(USER_META_PREFIX.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return meta;
}

export function contentTypeOf(headers: IncomingHttpHeaders): string {
  return headerValue(headers, 'content-type') || 'application/octet-stream';
}

/** encoding-type=url asks for keys URL-encoded in the answer; anything else but nothing is an error. */
export function urlEncodingAsked(query: URLSearchParams): boolean {
  const value = query.get('encoding-type');
  if (value === null || value === '') return false;
  if (value === 'url') return true;
  throw new OssError(400, 'InvalidArgument', `encoding-type must be "url" when given; got "${value}".`);
}

/** An integer query argument from min to max, or its default when absent. */
export function integerArgument(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new OssError(400, 'InvalidArgument', `${name} must be an integer from ${min} to ${max}; got "${value}".`);
  }
  return number;
}

/** A 200 answer with an XML document whose root holds the given lines. */
export function xmlResponse(root: string, lines: string[], headers: Record<string, string> = {}): OssResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml', ...headers },
    body: `${XML_DECLARATION}<${root}>\n${lines.map((line) => `  ${line}\n`).join('')}</${root}>\n`,
  };
}

export function malformedXml(what: string, problem: string): OssError {
  return new OssError(400, 'MalformedXML', `The ${what} body is not the XML OSS expects: ${problem}. Nothing was done.`);
}

export function checkObjectKey(key: string): void {
  const problem = objectKeyProblem(key);
  if (problem !== undefined) {
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    throw new OssError(400, 'InvalidObjectName', `The object key "${shown}" is invalid: it ${problem}.`);
  }
}

export function noSuchKey(bucket: string, key: string): OssError {
  return new OssError(404, 'NoSuchKey', `The object "${key}" does not exist in bucket "${bucket}".`);
}

export function fileAlreadyExists(key: string): OssError {
  return new OssError(
    409,
    'FileAlreadyExists',
    `The object "${key}" already exists and x-oss-forbid-overwrite is true, so nothing was written.`,
  );
}

/** The virtual-host name of a bucket, as OSS names it in answers (HostId, CompleteMultipartUpload's Location). */
export function objectHost(bucket: string, region: string): string {
  return `${bucket}.oss-${region}.aliyuncs.com`;
}
