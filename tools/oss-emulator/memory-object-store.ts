import type { ObjectMetadata, ObjectStore, PartInfo, UploadInfo } from './object-store';
import { compareKeys } from './object-store';

interface MemoryObject {
  metadata: ObjectMetadata;
  body: Buffer;
}

interface MemoryUpload {
  info: UploadInfo;
  parts: Map<number, { info: PartInfo; body: Buffer }>;
}

interface MemoryBucket {
  objects: Map<string, MemoryObject>;
  uploads: Map<string, MemoryUpload>;
}

export class MemoryObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, MemoryBucket>();

  constructor(buckets: readonly string[]) {
    for (const bucket of buckets) this.buckets.set(bucket, { objects: new Map(), uploads: new Map() });
  }

  async put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean> {
    const { objects } = this.bucket(bucket);
    if (forbidOverwrite && objects.has(key)) return false;
    objects.set(key, { metadata: copyMetadata(metadata), body: Buffer.from(body) });
    return true;
  }

  async get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined> {
    const object = this.bucket(bucket).objects.get(key);
    return object && { metadata: copyMetadata(object.metadata), body: Buffer.from(object.body) };
  }

  async head(bucket: string, key: string): Promise<ObjectMetadata | undefined> {
    const object = this.bucket(bucket).objects.get(key);
    return object && copyMetadata(object.metadata);
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.bucket(bucket).objects.delete(key);
  }

  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    return [...this.bucket(bucket).objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
  }

  async createUpload(bucket: string, upload: UploadInfo): Promise<void> {
    this.bucket(bucket).uploads.set(upload.uploadId, { info: copyUpload(upload), parts: new Map() });
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadInfo | undefined> {
    const upload = this.bucket(bucket).uploads.get(uploadId);
    return upload && copyUpload(upload.info);
  }

  async listUploads(bucket: string): Promise<UploadInfo[]> {
    return [...this.bucket(bucket).uploads.values()].map((upload) => copyUpload(upload.info));
  }

  async putPart(bucket: string, uploadId: string, part: PartInfo, body: Buffer): Promise<boolean> {
    const upload = this.bucket(bucket).uploads.get(uploadId);
    if (upload === undefined) return false;
    upload.parts.set(part.partNumber, { info: { ...part }, body: Buffer.from(body) });
    return true;
  }

  async listParts(bucket: string, uploadId: string): Promise<PartInfo[] | undefined> {
    const upload = this.bucket(bucket).uploads.get(uploadId);
    if (upload === undefined) return undefined;
    return [...upload.parts.values()].map(({ info }) => ({ ...info })).sort((a, b) => a.partNumber - b.partNumber);
  }

  async readPart(bucket: string, uploadId: string, partNumber: number): Promise<Buffer | undefined> {
    const part = this.bucket(bucket).uploads.get(uploadId)?.parts.get(partNumber);
    return part && Buffer.from(part.body);
  }

  async deleteUpload(bucket: string, uploadId: string): Promise<boolean> {
    return this.bucket(bucket).uploads.delete(uploadId);
  }

  async close(): Promise<void> {}

  private bucket(name: string): MemoryBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new Error(`Bucket "${name}" is not served by this store.`);
    return bucket;
  }
}

function copyMetadata(metadata: ObjectMetadata): ObjectMetadata {
  return { ...metadata, lastModified: new Date(metadata.lastModified), userMeta: { ...metadata.userMeta } };
}

function copyUpload(upload: UploadInfo): UploadInfo {
  return { ...upload, initiated: new Date(upload.initiated), userMeta: { ...upload.userMeta } };
}
