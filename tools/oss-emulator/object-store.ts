/** What the server keeps about an object besides its bytes. */
export interface ObjectMetadata {
  contentType: string;
  size: number;
  /** Upper-case hex MD5 of the body, unquoted. */
  etag: string;
  /** CRC-64/XZ of the body as a decimal string, as in x-oss-hash-crc64ecma. */
  crc64: string;
  lastModified: Date;
  /** x-oss-meta-* headers, names lower-cased without the prefix. */
  userMeta: Record<string, string>;
}

/**
 * Buckets of objects. Each operation is atomic per key: a reader sees a whole object or none, and of two
 * writers racing with forbidOverwrite exactly one stores.
 */
export interface ObjectStore {
  /** Returns false, storing nothing, when forbidOverwrite is set and the key exists. */
  put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean>;
  get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined>;
  head(bucket: string, key: string): Promise<ObjectMetadata | undefined>;
  delete(bucket: string, key: string): Promise<void>;
  /** Every key that starts with prefix, in OSS order (by UTF-8 bytes). */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
  /** Called once the server has finished every request: removes what this store left behind. */
  close(): Promise<void>;
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
