import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { objectKeyProblem } from '../../lib/platform/oss';
import { crc64 } from './crc64';
import { listObjects } from './object-listing';
import type { ObjectMetadata, ObjectStore } from './object-store';
import type { OssAction } from './oss-credentials';
import { OssError } from './oss-error';
import { isSubResource } from './oss-signature';

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

/** One OSS API operation: the RAM action that authorizes it, and how it runs. */
export interface Operation {
  name: string;
  action: OssAction;
  run(store: ObjectStore, request: OperationRequest): Promise<OssResponse>;
}

const USER_META_PREFIX = 'x-oss-meta-';
// GetObject may override these response headers through response-* query parameters.
const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];
const SUPPORTED_SUB_RESOURCES = new Set(['continuation-token', ...RESPONSE_OVERRIDES.map((name) => `response-${name}`)]);

/** The operation a request asks for, or the OssError saying this server does not offer it. */
export function operationFor(method: string, key: string, query: URLSearchParams, headers: IncomingHttpHeaders): Operation {
  const subResource = [...query.keys()].find((name) => isSubResource(name) && !SUPPORTED_SUB_RESOURCES.has(name));
  if (subResource !== undefined) {
    throw new OssError(
      501,
      'NotImplemented',
      `The local OSS server does not implement the "${subResource}" sub-resource (${method} ?${subResource}); it offers PutObject, GetObject, HeadObject, DeleteObject, ListObjects and ListObjectsV2.`,
    );
  }
  if (key === '') {
    if (method === 'GET') return LIST_OBJECTS;
    throw new OssError(
      501,
      'NotImplemented',
      `The local OSS server does not implement ${method} on a bucket; of the bucket operations only ListObjects and ListObjectsV2 (GET) are offered.`,
    );
  }
  checkKey(key);
  switch (method) {
    case 'PUT':
      if (headers['x-oss-copy-source'] !== undefined) {
        throw new OssError(501, 'NotImplemented', 'The local OSS server does not implement CopyObject (PUT with x-oss-copy-source).');
      }
      return PUT_OBJECT;
    case 'GET':
      return GET_OBJECT;
    case 'HEAD':
      return HEAD_OBJECT;
    case 'DELETE':
      return DELETE_OBJECT;
    default:
      throw new OssError(405, 'MethodNotAllowed', `The method ${method} is not allowed on an object; use PUT, GET, HEAD or DELETE.`);
  }
}

function checkKey(key: string): void {
  const problem = objectKeyProblem(key);
  if (problem !== undefined) {
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    throw new OssError(400, 'InvalidObjectName', `The object key "${shown}" is invalid: it ${problem}.`);
  }
}

const LIST_OBJECTS: Operation = {
  name: 'ListObjects',
  action: 'oss:ListObjects',
  async run(store, { bucket, query }) {
    const xml = await listObjects(store, bucket, query);
    return { status: 200, headers: { 'content-type': 'application/xml' }, body: xml };
  },
};

const PUT_OBJECT: Operation = {
  name: 'PutObject',
  action: 'oss:PutObject',
  async run(store, { bucket, key, headers, body }) {
    const md5 = createHash('md5').update(body).digest();
    const contentMd5 = headers['content-md5'];
    checkContentMd5(Array.isArray(contentMd5) ? contentMd5[0] : contentMd5, md5);
    const metadata: ObjectMetadata = {
      contentType: headers['content-type'] || 'application/octet-stream',
      size: body.length,
      etag: md5.toString('hex').toUpperCase(),
      crc64: crc64(body),
      lastModified: new Date(),
      userMeta: userMetaOf(headers),
    };
    const forbidOverwrite = String(headers['x-oss-forbid-overwrite'] ?? '').toLowerCase() === 'true';
    if (!(await store.put(bucket, key, body, metadata, forbidOverwrite))) {
      throw new OssError(
        409,
        'FileAlreadyExists',
        `The object "${key}" already exists and x-oss-forbid-overwrite is true, so nothing was written.`,
      );
    }
    return {
      status: 200,
      headers: {
        etag: `"${metadata.etag}"`,
        'content-md5': md5.toString('base64'),
        'x-oss-hash-crc64ecma': metadata.crc64,
      },
    };
  },
};

function checkContentMd5(header: string | undefined, actual: Buffer): void {
  if (header === undefined) return;
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

function userMetaOf(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(USER_META_PREFIX) && value !== undefined) {
      meta[name.slice(USER_META_PREFIX.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return meta;
}

const GET_OBJECT: Operation = {
  name: 'GetObject',
  action: 'oss:GetObject',
  async run(store, { bucket, key, query }) {
    const object = await store.get(bucket, key);
    if (object === undefined) throw noSuchKey(bucket, key);
    const headers = objectHeaders(object.metadata);
    for (const name of RESPONSE_OVERRIDES) {
      const override = query.get(`response-${name}`);
      if (override !== null) headers[name] = override;
    }
    return { status: 200, headers, body: object.body };
  },
};

const HEAD_OBJECT: Operation = {
  name: 'HeadObject',
  // As on OSS, reading an object's metadata is authorized by oss:GetObject.
  action: 'oss:GetObject',
  async run(store, { bucket, key }) {
    const metadata = await store.head(bucket, key);
    if (metadata === undefined) throw noSuchKey(bucket, key);
    return { status: 200, headers: objectHeaders(metadata) };
  },
};

const DELETE_OBJECT: Operation = {
  name: 'DeleteObject',
  action: 'oss:DeleteObject',
  async run(store, { bucket, key }) {
    await store.delete(bucket, key);
    return { status: 204, headers: {} };
  },
};

function objectHeaders(metadata: ObjectMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': metadata.contentType,
    'content-length': String(metadata.size),
    etag: `"${metadata.etag}"`,
    'content-md5': Buffer.from(metadata.etag, 'hex').toString('base64'),
    'last-modified': metadata.lastModified.toUTCString(),
    'x-oss-hash-crc64ecma': metadata.crc64,
    'x-oss-object-type': 'Normal',
    'x-oss-storage-class': 'Standard',
  };
  for (const [name, value] of Object.entries(metadata.userMeta)) headers[`${USER_META_PREFIX}${name}`] = value;
  return headers;
}

function noSuchKey(bucket: string, key: string): OssError {
  return new OssError(404, 'NoSuchKey', `The object "${key}" does not exist in bucket "${bucket}".`);
}
