/** @module The multipart upload operations, as OSS answers them (the rules themselves are in multipart-uploads). */
import { createHash } from 'node:crypto';
import { MAX_PART_NUMBER, parsePartNumber, type RequestedPart } from './multipart-uploads';
import { compareKeys } from './object-store';
import {
  checkContentMd5,
  contentTypeOf,
  forbidsOverwrite,
  headerValue,
  integerArgument,
  malformedXml,
  objectHost,
  type Operation,
  urlEncodingAsked,
  userMetaOf,
  xmlResponse,
} from './operation';
import { OssError } from './oss-error';
import { childElements, childText, escapeXml, parseXml, type XmlElement } from './xml';

const MAX_LISTED = 1000;

export const INITIATE_MULTIPART_UPLOAD: Operation = {
  name: 'InitiateMultipartUpload',
  action: 'oss:PutObject',
  async run({ uploads }, { bucket, key, query, headers }) {
    const text = keyText(urlEncodingAsked(query));
    const upload = await uploads.initiate(
      bucket,
      { key, contentType: contentTypeOf(headers), userMeta: userMetaOf(headers) },
      forbidsOverwrite(headers),
    );
    return xmlResponse('InitiateMultipartUploadResult', [
      ...encodingTypeLine(query),
      `<Bucket>${escapeXml(bucket)}</Bucket>`,
      `<Key>${text(key)}</Key>`,
      `<UploadId>${upload.uploadId}</UploadId>`,
    ]);
  },
};

export const UPLOAD_PART: Operation = {
  name: 'UploadPart',
  action: 'oss:PutObject',
  async run({ uploads }, { bucket, key, query, headers, body }) {
    const partNumber = parsePartNumber(query.get('partNumber'));
    const md5 = createHash('md5').update(body).digest();
    checkContentMd5(headers, md5);
    const part = await uploads.uploadPart(bucket, key, query.get('uploadId') ?? '', partNumber, body);
    return {
      status: 200,
      headers: { etag: `"${part.etag}"`, 'content-md5': md5.toString('base64'), 'x-oss-hash-crc64ecma': part.crc64 },
    };
  },
};

export const COMPLETE_MULTIPART_UPLOAD: Operation = {
  name: 'CompleteMultipartUpload',
  action: 'oss:PutObject',
  async run({ uploads, region }, { bucket, key, query, headers, body }) {
    checkContentMd5(headers, createHash('md5').update(body).digest());
    const text = keyText(urlEncodingAsked(query));
    const completeAll = (headerValue(headers, 'x-oss-complete-all') ?? '').toLowerCase() === 'yes';
    if (completeAll && body.length > 0) {
      throw new OssError(
        400,
        'InvalidArgument',
        'x-oss-complete-all: yes completes with every uploaded part, so the request must have no body.',
      );
    }
    const requested = completeAll ? 'all' : requestedParts(body);
    const metadata = await uploads.complete(bucket, key, query.get('uploadId') ?? '', requested, forbidsOverwrite(headers));
    const location = `http://${objectHost(bucket, region)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    return xmlResponse(
      'CompleteMultipartUploadResult',
      [
        ...encodingTypeLine(query),
        `<Location>${escapeXml(location)}</Location>`,
        `<Bucket>${escapeXml(bucket)}</Bucket>`,
        `<Key>${text(key)}</Key>`,
        `<ETag>"${metadata.etag}"</ETag>`,
      ],
      { etag: `"${metadata.etag}"`, 'x-oss-hash-crc64ecma': metadata.crc64 },
    );
  },
};

export const ABORT_MULTIPART_UPLOAD: Operation = {
  name: 'AbortMultipartUpload',
  action: 'oss:AbortMultipartUpload',
  async run({ uploads }, { bucket, key, query }) {
    await uploads.abort(bucket, key, query.get('uploadId') ?? '');
    return { status: 204, headers: {} };
  },
};

export const LIST_PARTS: Operation = {
  name: 'ListParts',
  action: 'oss:ListParts',
  async run({ uploads }, { bucket, key, query }) {
    const text = keyText(urlEncodingAsked(query));
    const maxParts = integerArgument(query, 'max-parts', 1, MAX_LISTED, MAX_LISTED);
    const marker = integerArgument(query, 'part-number-marker', 0, MAX_PART_NUMBER, 0);
    const { upload, parts } = await uploads.parts(bucket, key, query.get('uploadId') ?? '');
    const after = parts.filter((part) => part.partNumber > marker);
    const page = after.slice(0, maxParts);
    return xmlResponse('ListPartsResult', [
      ...encodingTypeLine(query),
      `<Bucket>${escapeXml(bucket)}</Bucket>`,
      `<Key>${text(key)}</Key>`,
      `<UploadId>${upload.uploadId}</UploadId>`,
      '<StorageClass>Standard</StorageClass>',
      `<PartNumberMarker>${marker}</PartNumberMarker>`,
      `<NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker>`,
      `<MaxParts>${maxParts}</MaxParts>`,
      `<IsTruncated>${after.length > page.length}</IsTruncated>`,
      ...page.map(
        (part) =>
          '<Part>' +
          `<PartNumber>${part.partNumber}</PartNumber>` +
          `<LastModified>${part.lastModified.toISOString()}</LastModified>` +
          `<ETag>"${part.etag}"</ETag>` +
          `<HashCrc64ecma>${part.crc64}</HashCrc64ecma>` +
          `<Size>${part.size}</Size>` +
          '</Part>',
      ),
    ]);
  },
};

export const LIST_MULTIPART_UPLOADS: Operation = {
  name: 'ListMultipartUploads',
  action: 'oss:ListMultipartUploads',
  async run({ uploads }, { bucket, query }) {
    if (query.get('delimiter')) {
      throw new OssError(
        501,
        'NotImplemented',
        'The local OSS server lists multipart uploads without a delimiter only; filter them by prefix instead.',
      );
    }
    const text = keyText(urlEncodingAsked(query));
    const prefix = query.get('prefix') ?? '';
    const keyMarker = query.get('key-marker') ?? '';
    // As on OSS, upload-id-marker only counts together with key-marker.
    const uploadIdMarker = keyMarker === '' ? '' : (query.get('upload-id-marker') ?? '');
    const maxUploads = integerArgument(query, 'max-uploads', 1, MAX_LISTED, MAX_LISTED);
    const after = (await uploads.list(bucket, prefix)).filter((upload) => {
      const byKey = compareKeys(upload.key, keyMarker);
      return byKey > 0 || (byKey === 0 && uploadIdMarker !== '' && upload.uploadId > uploadIdMarker);
    });
    const page = after.slice(0, maxUploads);
    const last = page.at(-1);
    return xmlResponse('ListMultipartUploadsResult', [
      ...encodingTypeLine(query),
      `<Bucket>${escapeXml(bucket)}</Bucket>`,
      `<KeyMarker>${text(keyMarker)}</KeyMarker>`,
      `<UploadIdMarker>${escapeXml(uploadIdMarker)}</UploadIdMarker>`,
      `<NextKeyMarker>${text(last?.key ?? '')}</NextKeyMarker>`,
      `<NextUploadIdMarker>${last?.uploadId ?? ''}</NextUploadIdMarker>`,
      '<Delimiter></Delimiter>',
      `<Prefix>${text(prefix)}</Prefix>`,
      `<MaxUploads>${maxUploads}</MaxUploads>`,
      `<IsTruncated>${after.length > page.length}</IsTruncated>`,
      ...page.map(
        (upload) =>
          '<Upload>' +
          `<Key>${text(upload.key)}</Key>` +
          `<UploadId>${upload.uploadId}</UploadId>` +
          '<StorageClass>Standard</StorageClass>' +
          `<Initiated>${upload.initiated.toISOString()}</Initiated>` +
          '</Upload>',
      ),
    ]);
  },
};

/** The <Part> list of a CompleteMultipartUpload body, in the order given (multipart-uploads checks the order). */
function requestedParts(body: Buffer): RequestedPart[] {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    throw malformedXml('CompleteMultipartUpload', (error as Error).message);
  }
  if (root.name !== 'CompleteMultipartUpload') throw malformedXml('CompleteMultipartUpload', `its root is <${root.name}>`);
  const parts = childElements(root, 'Part').map((part, index) => {
    const number = childText(part, 'PartNumber')?.trim() ?? '';
    const etag = childText(part, 'ETag')?.trim() ?? '';
    if (!/^\d+$/.test(number) || Number(number) < 1 || Number(number) > MAX_PART_NUMBER) {
      throw malformedXml(
        'CompleteMultipartUpload',
        `<Part> ${index + 1} needs a <PartNumber> from 1 to ${MAX_PART_NUMBER}; got "${number}"`,
      );
    }
    if (etag === '') throw malformedXml('CompleteMultipartUpload', `<Part> ${index + 1} (part ${number}) has no <ETag>`);
    return { partNumber: Number(number), etag };
  });
  if (parts.length === 0) throw malformedXml('CompleteMultipartUpload', 'it names no <Part>');
  return parts;
}

function keyText(urlEncoded: boolean): (key: string) => string {
  return (key) => escapeXml(urlEncoded ? encodeURIComponent(key) : key);
}

function encodingTypeLine(query: URLSearchParams): string[] {
  return query.get('encoding-type') === 'url' ? ['<EncodingType>url</EncodingType>'] : [];
}
