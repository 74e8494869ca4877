import type { ObjectMetadata, ObjectStore } from './object-store';
import { compareKeys } from './object-store';

interface MemoryObject {
  metadata: ObjectMetadata;
  body: Buffer;
}

export class MemoryObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, Map<string, MemoryObject>>();

  constructor(buckets: readonly string[]) {
    for (const bucket of buckets) this.buckets.set(bucket, new Map());
  }

  async put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean> {
    const objects = this.bucket(bucket);
    if (forbidOverwrite && objects.has(key)) return false;
    objects.set(key, { metadata: copyMetadata(metadata), body: Buffer.from(body) });
    return true;
  }

  async get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined> {
    const object = this.bucket(bucket).get(key);
    return object && { metadata: copyMetadata(object.metadata), body: Buffer.from(object.body) };
  }

  async head(bucket: string, key: string): Promise<ObjectMetadata | undefined> {
    const object = this.bucket(bucket).get(key);
    return object && copyMetadata(object.metadata);
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.bucket(bucket).delete(key);
  }

  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    return [...this.bucket(bucket).keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
  }

  async close(): Promise<void> {}

  private bucket(name: string): Map<string, MemoryObject> {
    const objects = this.buckets.get(name);
    if (!objects) throw new Error(`Bucket "${name}" is not served by this store.`);
    return objects;
  }
}

function copyMetadata(metadata: ObjectMetadata): ObjectMetadata {
  return { ...metadata, lastModified: new Date(metadata.lastModified), userMeta: { ...metadata.userMeta } };
}
