/**
 * @module OSS's multipart upload rules over any ObjectStore: upload ids, part numbers and sizes, the part
 * list CompleteMultipartUpload must name, and the multipart ETag. Requests on one upload run one at a time,
 * so a part cannot change while the upload is completed, nor arrive once it is aborted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { crc64 } from './crc64';
import { KeyedLock } from './keyed-lock';
import type { ObjectMetadata, ObjectStore, PartInfo, UploadInfo } from './object-store';
import { compareKeys, UPLOAD_ID } from './object-store';
import { OssError } from './oss-error';

export const MAX_PART_NUMBER = 10_000;
/** OSS's least size of every part but the last. */
const MIN_PART_BYTES = 100 * 1024;

export interface RequestedPart {
  partNumber: number;
  /** As the client sent it: quoted or not. */
  etag: string;
}

export interface NewUpload {
  key: string;
  contentType: string;
  userMeta: Record<string, string>;
}

export class MultipartUploads {
  private readonly lock = new KeyedLock();

  constructor(private readonly store: ObjectStore) {}

  async initiate(bucket: string, upload: NewUpload, forbidOverwrite: boolean): Promise<UploadInfo> {
    if (forbidOverwrite && (await this.store.head(bucket, upload.key)) !== undefined) {
      throw new OssError(
        409,
        'FileAlreadyExists',
        `The object "${upload.key}" already exists and x-oss-forbid-overwrite is true, so no upload was started.`,
      );
    }
    const initiated = new Date();
    const uploadId = (initiated.getTime().toString(16).padStart(12, '0') + randomBytes(10).toString('hex')).toUpperCase();
    const info: UploadInfo = { uploadId, initiated, ...upload };
    await this.store.createUpload(bucket, info);
    return info;
  }

  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartInfo> {
    return this.lock.run(lockId(bucket, uploadId), async () => {
      await this.existing(bucket, key, uploadId);
      const part: PartInfo = {
        partNumber,
        size: body.length,
        etag: createHash('md5').update(body).digest('hex').toUpperCase(),
        crc64: crc64(body),
        lastModified: new Date(),
      };
      if (!(await this.store.putPart(bucket, uploadId, part, body))) throw noSuchUpload(key, uploadId);
      return part;
    });
  }

  /**
   * Assembles the named parts into the object and ends the upload. An upload whose object could not be stored
   * (forbid-overwrite and the key exists) stays, so the client can abort it.
   */
  complete(
    bucket: string,
    key: string,
    uploadId: string,
    requested: RequestedPart[] | 'all',
    forbidOverwrite: boolean,
  ): Promise<ObjectMetadata> {
    return this.lock.run(lockId(bucket, uploadId), async () => {
      const upload = await this.existing(bucket, key, uploadId);
      const uploaded = (await this.store.listParts(bucket, uploadId)) ?? [];
      const parts = requested === 'all' ? uploaded : matchParts(requested, uploaded);
      if (parts.length === 0) {
        throw new OssError(
          400,
          'InvalidPart',
          `Upload "${uploadId}" has no parts to complete the object "${key}" with; upload at least one part first.`,
        );
      }
      checkPartSizes(parts);
      const bodies: Buffer[] = [];
      for (const part of parts) {
        const body = await this.store.readPart(bucket, uploadId, part.partNumber);
        if (body === undefined)
          throw new OssError(400, 'InvalidPart', `Part ${part.partNumber} of upload "${uploadId}" could not be read.`);
        bodies.push(body);
      }
      const body = Buffer.concat(bodies);
      const metadata: ObjectMetadata = {
        contentType: upload.contentType,
        size: body.length,
        etag: multipartEtag(parts),
        crc64: crc64(body),
        lastModified: new Date(),
        userMeta: upload.userMeta,
        objectType: 'Multipart',
      };
      if (!(await this.store.put(bucket, key, body, metadata, forbidOverwrite))) {
        throw new OssError(
          409,
          'FileAlreadyExists',
          `The object "${key}" already exists and x-oss-forbid-overwrite is true, so upload "${uploadId}" was not completed; it is kept until you abort it.`,
        );
      }
      await this.store.deleteUpload(bucket, uploadId);
      return metadata;
    });
  }

  abort(bucket: string, key: string, uploadId: string): Promise<void> {
    return this.lock.run(lockId(bucket, uploadId), async () => {
      await this.existing(bucket, key, uploadId);
      await this.store.deleteUpload(bucket, uploadId);
    });
  }

  async parts(bucket: string, key: string, uploadId: string): Promise<{ upload: UploadInfo; parts: PartInfo[] }> {
    const upload = await this.existing(bucket, key, uploadId);
    const parts = await this.store.listParts(bucket, uploadId);
    if (parts === undefined) throw noSuchUpload(key, uploadId);
    return { upload, parts };
  }

  /** Uploads in progress whose keys start with prefix, by key, then by age. */
  async list(bucket: string, prefix: string): Promise<UploadInfo[]> {
    const uploads = (await this.store.listUploads(bucket)).filter((upload) => upload.key.startsWith(prefix));
    return uploads.sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.uploadId, b.uploadId));
  }

  private async existing(bucket: string, key: string, uploadId: string): Promise<UploadInfo> {
    const upload = UPLOAD_ID.test(uploadId) ? await this.store.getUpload(bucket, uploadId) : undefined;
    // An upload id belongs to one key: another key's id is as unknown as no id.
    if (upload === undefined || upload.key !== key) throw noSuchUpload(key, uploadId);
    return upload;
  }
}

/** Checks a part number argument: an integer from 1 to MAX_PART_NUMBER. */
export function parsePartNumber(text: string | null): number {
  const number = Number(text);
  if (text === null || !/^\d+$/.test(text) || number < 1 || number > MAX_PART_NUMBER) {
    throw new OssError(400, 'InvalidArgument', `partNumber must be an integer from 1 to ${MAX_PART_NUMBER}; got "${text ?? ''}".`);
  }
  return number;
}

function matchParts(requested: RequestedPart[], uploaded: PartInfo[]): PartInfo[] {
  const byNumber = new Map(uploaded.map((part) => [part.partNumber, part]));
  let previous = 0;
  return requested.map(({ partNumber, etag }) => {
    if (partNumber <= previous) {
      throw new OssError(
        400,
        'InvalidPartOrder',
        `The parts must be listed in ascending order of part number, each once; part ${partNumber} follows part ${previous}.`,
      );
    }
    previous = partNumber;
    const part = byNumber.get(partNumber);
    if (part === undefined)
      throw new OssError(400, 'InvalidPart', `Part ${partNumber} was never uploaded (or was lost); upload it, or leave it out.`);
    const given = etag.replace(/^"|"$/g, '');
    if (given.toUpperCase() !== part.etag) {
      throw new OssError(
        400,
        'InvalidPart',
        `The ETag given for part ${partNumber} ("${given}") is not the part's ETag ("${part.etag}"); the part was uploaded again or the ETag belongs to another part.`,
      );
    }
    return part;
  });
}

function checkPartSizes(parts: PartInfo[]): void {
  for (const part of parts.slice(0, -1)) {
    if (part.size < MIN_PART_BYTES) {
      throw new OssError(
        400,
        'EntityTooSmall',
        `Part ${part.partNumber} is ${part.size} bytes; every part but the last must be at least ${MIN_PART_BYTES} bytes (100 KB).`,
      );
    }
  }
}

// Not an MD5 of the object: OSS only promises an opaque value; this one changes with any part, like OSS's.
function multipartEtag(parts: PartInfo[]): string {
  const digests = Buffer.concat(parts.map((part) => Buffer.from(part.etag, 'hex')));
  return `${createHash('md5').update(digests).digest('hex').toUpperCase()}-${parts.length}`;
}

function noSuchUpload(key: string, uploadId: string): OssError {
  return new OssError(
    404,
    'NoSuchUpload',
    `There is no multipart upload "${uploadId}" of the object "${key}": it was completed or aborted, or the id belongs to another key.`,
  );
}

function lockId(bucket: string, uploadId: string): string {
  return `${bucket}/${uploadId}`;
}
