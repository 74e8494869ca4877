/** @module The operations on one object (Put, Get, Head, Delete) and the listings of a bucket's objects. */
import { createHash } from 'node:crypto';
import { crc64 } from './crc64';
import { listObjects } from './object-listing';
import type { ObjectMetadata } from './object-store';
import {
  checkContentMd5,
  contentTypeOf,
  fileAlreadyExists,
  forbidsOverwrite,
  noSuchKey,
  type Operation,
  USER_META_PREFIX,
  userMetaOf,
} from './operation';

// GetObject may override these response headers through response-* query parameters.
export const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

export const LIST_OBJECTS: Operation = {
  name: 'ListObjects',
  action: 'oss:ListObjects',
  run: ({ store }, { bucket, query }) => listObjects(store, bucket, query),
};

export const LIST_OBJECTS_V2: Operation = { ...LIST_OBJECTS, name: 'ListObjectsV2' };

export const PUT_OBJECT: Operation = {
  name: 'PutObject',
  action: 'oss:PutObject',
  async run({ store }, { bucket, key, headers, body }) {
    const md5 = createHash('md5').update(body).digest();
    checkContentMd5(headers, md5);
    const metadata = normalObjectMetadata(body, contentTypeOf(headers), userMetaOf(headers), md5);
    if (!(await store.put(bucket, key, body, metadata, forbidsOverwrite(headers)))) throw fileAlreadyExists(key);
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

export const GET_OBJECT: Operation = {
  name: 'GetObject',
  action: 'oss:GetObject',
  async run({ store }, { bucket, key, query }) {
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

export const HEAD_OBJECT: Operation = {
  name: 'HeadObject',
  // As on OSS, reading an object's metadata is authorized by oss:GetObject.
  action: 'oss:GetObject',
  async run({ store }, { bucket, key }) {
    const metadata = await store.head(bucket, key);
    if (metadata === undefined) throw noSuchKey(bucket, key);
    return { status: 200, headers: objectHeaders(metadata) };
  },
};

export const DELETE_OBJECT: Operation = {
  name: 'DeleteObject',
  action: 'oss:DeleteObject',
  async run({ store }, { bucket, key }) {
    await store.delete(bucket, key);
    return { status: 204, headers: {} };
  },
};

/** The metadata of an object stored by PutObject. */
export function normalObjectMetadata(
  body: Buffer,
  contentType: string,
  userMeta: Record<string, string>,
  md5 = createHash('md5').update(body).digest(),
): ObjectMetadata {
  return {
    contentType,
    size: body.length,
    etag: md5.toString('hex').toUpperCase(),
    crc64: crc64(body),
    lastModified: new Date(),
    userMeta,
    objectType: 'Normal',
  };
}

function objectHeaders(metadata: ObjectMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': metadata.contentType,
    'content-length': String(metadata.size),
    etag: `"${metadata.etag}"`,
    'last-modified': metadata.lastModified.toUTCString(),
    'x-oss-hash-crc64ecma': metadata.crc64,
    'x-oss-object-type': metadata.objectType,
    'x-oss-storage-class': 'Standard',
  };
  // Only a Normal object's ETag is its MD5; OSS sends no Content-MD5 for the others.
  if (metadata.objectType === 'Normal') headers['content-md5'] = Buffer.from(metadata.etag, 'hex').toString('base64');
  for (const [name, value] of Object.entries(metadata.userMeta)) headers[`${USER_META_PREFIX}${name}`] = value;
  return headers;
}
