/** @module Which OSS operation a request asks for: by method, bucket or object, and sub-resource. */
import type { IncomingHttpHeaders } from 'node:http';
import { DELETE_MULTIPLE_OBJECTS } from './delete-multiple-objects';
import {
  ABORT_MULTIPART_UPLOAD,
  COMPLETE_MULTIPART_UPLOAD,
  INITIATE_MULTIPART_UPLOAD,
  LIST_MULTIPART_UPLOADS,
  LIST_PARTS,
  UPLOAD_PART,
} from './multipart-operations';
import { DELETE_OBJECT, GET_OBJECT, HEAD_OBJECT, LIST_OBJECTS, LIST_OBJECTS_V2, PUT_OBJECT, RESPONSE_OVERRIDES } from './object-operations';
import { checkObjectKey, type Operation } from './operation';
import { OssError } from './oss-error';
import { isSubResource } from './oss-signature';

const SUPPORTED_SUB_RESOURCES = new Set([
  'continuation-token',
  'uploads',
  'uploadId',
  'partNumber',
  'delete',
  ...RESPONSE_OVERRIDES.map((name) => `response-${name}`),
]);
const OFFERED =
  'it offers PutObject, GetObject, HeadObject, DeleteObject, DeleteMultipleObjects, ListObjects, ListObjectsV2 and multipart upload (InitiateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads)';

/**
 * The operation a request asks for, or the OssError saying why there is none. The error is returned, not
 * thrown, so the server can still match faults by method and key and answer it only after authentication.
 */
export function routeRequest(method: string, key: string, query: URLSearchParams, headers: IncomingHttpHeaders): Operation | OssError {
  try {
    return route(method, key, query, headers);
  } catch (error) {
    if (error instanceof OssError) return error;
    throw error;
  }
}

function route(method: string, key: string, query: URLSearchParams, headers: IncomingHttpHeaders): Operation {
  const subResource = [...query.keys()].find((name) => isSubResource(name) && !SUPPORTED_SUB_RESOURCES.has(name));
  if (subResource !== undefined) {
    throw new OssError(
      501,
      'NotImplemented',
      `The local OSS server does not implement the "${subResource}" sub-resource (${method} ?${subResource}); ${OFFERED}.`,
    );
  }
  const copies = headers['x-oss-copy-source'] !== undefined;
  if (key === '') return bucketOperation(method, query);
  checkObjectKey(key);
  if (query.has('uploads')) {
    if (method === 'POST') return INITIATE_MULTIPART_UPLOAD;
    throw methodNotAllowed(method, '?uploads on an object', 'InitiateMultipartUpload is POST ?uploads');
  }
  if (query.has('uploadId')) {
    if (method === 'PUT' && copies) throw notImplemented('UploadPartCopy (PUT ?partNumber&uploadId with x-oss-copy-source)');
    if (method === 'PUT') return UPLOAD_PART;
    if (method === 'POST') return COMPLETE_MULTIPART_UPLOAD;
    if (method === 'DELETE') return ABORT_MULTIPART_UPLOAD;
    if (method === 'GET') return LIST_PARTS;
    throw methodNotAllowed(method, '?uploadId', 'use PUT (UploadPart), POST (Complete), DELETE (Abort) or GET (ListParts)');
  }
  for (const name of ['partNumber', 'delete']) {
    if (query.has(name)) throw notImplemented(`${method} ?${name} on an object without uploadId`);
  }
  switch (method) {
    case 'PUT':
      if (copies) throw notImplemented('CopyObject (PUT with x-oss-copy-source)');
      return PUT_OBJECT;
    case 'GET':
      return GET_OBJECT;
    case 'HEAD':
      return HEAD_OBJECT;
    case 'DELETE':
      return DELETE_OBJECT;
    default:
      throw methodNotAllowed(method, 'an object', 'use PUT, GET, HEAD or DELETE, or POST with ?uploads or ?uploadId');
  }
}

function bucketOperation(method: string, query: URLSearchParams): Operation {
  if (method === 'GET' && query.has('uploads')) return LIST_MULTIPART_UPLOADS;
  if (method === 'POST' && query.has('delete')) return DELETE_MULTIPLE_OBJECTS;
  if (method === 'GET' && !['uploadId', 'partNumber', 'delete'].some((name) => query.has(name))) {
    return query.get('list-type') === '2' ? LIST_OBJECTS_V2 : LIST_OBJECTS;
  }
  throw notImplemented(
    `${method} on a bucket${query.size > 0 ? ` with ?${[...query.keys()].join('&')}` : ''}; of the bucket operations only ListObjects and ListObjectsV2 (GET), ListMultipartUploads (GET ?uploads) and DeleteMultipleObjects (POST ?delete) are offered`,
  );
}

function notImplemented(what: string): OssError {
  return new OssError(501, 'NotImplemented', `The local OSS server does not implement ${what}.`);
}

function methodNotAllowed(method: string, target: string, hint: string): OssError {
  return new OssError(405, 'MethodNotAllowed', `The method ${method} is not allowed on ${target}; ${hint}.`);
}
