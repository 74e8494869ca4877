/** 'Multipart' for objects assembled by CompleteMultipartUpload, whose ETag is not the MD5 of their bytes. */
export type ObjectType = 'Normal' | 'Multipart';

/** What the server keeps about an object besides its bytes. */
export interface ObjectMetadata {
  contentType: string;
  size: number;
  /** Unquoted: the upper-case hex MD5 of the body for a Normal object, "<hex>-<parts>" for a Multipart one. */
  etag: string;
  /** CRC-64/XZ of the body as a decimal string, as in x-oss-hash-crc64ecma. */
  crc64: string;
  lastModified: Date;
  /** x-oss-meta-* headers, names lower-cased without the prefix. */
  userMeta: Record<string, string>;
  objectType: ObjectType;
}

/** What upload ids look like: 32 upper-case hex digits, the first 12 the initiation time, so ids sort by age. */
export const UPLOAD_ID = /^[0-9A-F]{32}$/;

/** A multipart upload in progress: what InitiateMultipartUpload was told about the object to come. */
export interface UploadInfo {
  uploadId: string;
  key: string;
  initiated: Date;
  contentType: string;
  userMeta: Record<string, string>;
}

export interface PartInfo {
  partNumber: number;
  size: number;
  /** Upper-case hex MD5 of the part, unquoted. */
  etag: string;
  crc64: string;
  lastModified: Date;
}

/**
 * Buckets of objects and of multipart uploads in progress. Each object operation is atomic per key: a reader
 * sees a whole object or none, and of two writers racing with forbidOverwrite exactly one stores. Uploads are
 * never listed as objects.
 */
export interface ObjectStore {
  /** Returns false, storing nothing, when forbidOverwrite is set and the key exists. */
  put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean>;
  get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined>;
  head(bucket: string, key: string): Promise<ObjectMetadata | undefined>;
  delete(bucket: string, key: string): Promise<void>;
  /** Every key that starts with prefix, in OSS order (by UTF-8 bytes). */
  listKeys(bucket: string, prefix: string): Promise<string[]>;

  createUpload(bucket: string, upload: UploadInfo): Promise<void>;
  getUpload(bucket: string, uploadId: string): Promise<UploadInfo | undefined>;
  listUploads(bucket: string): Promise<UploadInfo[]>;
  /** Stores or replaces a part; false, storing nothing, when the upload does not exist. */
  putPart(bucket: string, uploadId: string, part: PartInfo, body: Buffer): Promise<boolean>;
  /** The upload's parts by part number, or undefined when the upload does not exist. */
  listParts(bucket: string, uploadId: string): Promise<PartInfo[] | undefined>;
  readPart(bucket: string, uploadId: string, partNumber: number): Promise<Buffer | undefined>;
  /** Removes the upload and its parts; false when there was no such upload. */
  deleteUpload(bucket: string, uploadId: string): Promise<boolean>;

  /** Called once the server has finished every request: removes what this store left behind. */
  close(): Promise<void>;
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
