import { createHash, randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { crc64 } from './crc64';
import { KeyedLock } from './keyed-lock';
import { DIRECTORY_SUFFIX, METADATA_SUFFIX, TEMP_MARK, decodeSegment, directoryPath, objectFilePath } from './object-file-layout';
import type { ObjectMetadata, ObjectStore, ObjectSummary } from './object-store';
import { compareKeys } from './object-store';

/** The metadata sidecar; dataMtimeMs and size tie it to one version of the data file. */
interface MetadataFile {
  key: string;
  contentType: string;
  size: number;
  etag: string;
  crc64: string;
  lastModified: string;
  userMeta: Record<string, string>;
  dataMtimeMs: number;
}

// A put whose directory a concurrent delete just pruned retries; a few attempts always suffice.
const DIRECTORY_RACE_ATTEMPTS = 5;

/** Objects as files under <root>/<bucket>/, laid out by object-file-layout, each with a JSON metadata sidecar. */
export class FileObjectStore implements ObjectStore {
  private readonly lock = new KeyedLock();

  private constructor(private readonly root: string) {}

  static async open(dir: string, buckets: readonly string[]): Promise<FileObjectStore> {
    const store = new FileObjectStore(resolve(dir));
    for (const bucket of buckets) await mkdir(join(store.root, bucket), { recursive: true });
    return store;
  }

  put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean> {
    return this.lock.run(lockId(bucket, key), async () => {
      const dataPath = this.dataPath(bucket, key);
      const temp = `${dataPath}${TEMP_MARK}${randomBytes(8).toString('hex')}`;
      const metaTemp = `${temp}${METADATA_SUFFIX}`;
      try {
        const dataMtimeMs = await writeWithDirectory(temp, body);
        const sidecar: MetadataFile = { key, ...metadata, lastModified: metadata.lastModified.toISOString(), dataMtimeMs };
        await writeFile(metaTemp, JSON.stringify(sidecar));
        if (forbidOverwrite) {
          // link() refuses to replace an existing file, so even another process on the same directory cannot overwrite.
          try {
            await link(temp, dataPath);
          } catch (error) {
            if (errorCode(error) === 'EEXIST') return false;
            throw error;
          }
        } else {
          await rename(temp, dataPath);
        }
        await rename(metaTemp, dataPath + METADATA_SUFFIX);
        return true;
      } finally {
        await Promise.all([removeFile(temp), removeFile(metaTemp)]);
      }
    });
  }

  get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined> {
    return this.lock.run(lockId(bucket, key), async () => {
      const dataPath = this.dataPath(bucket, key);
      const body = await readOptional(dataPath);
      if (body === undefined) return undefined;
      const metadata = (await readMetadata(dataPath)) ?? (await deriveMetadata(dataPath, body));
      return { metadata, body };
    });
  }

  head(bucket: string, key: string): Promise<ObjectMetadata | undefined> {
    return this.lock.run(lockId(bucket, key), () => headFile(this.dataPath(bucket, key)));
  }

  delete(bucket: string, key: string): Promise<void> {
    return this.lock.run(lockId(bucket, key), async () => {
      const dataPath = this.dataPath(bucket, key);
      await Promise.all([removeFile(dataPath), removeFile(dataPath + METADATA_SUFFIX)]);
      await this.pruneEmptyDirectories(bucket, objectFilePath(key).slice(0, -1));
    });
  }

  async list(bucket: string, prefix: string): Promise<ObjectSummary[]> {
    const completeSegments = prefix.split('/').slice(0, -1);
    const found: ObjectSummary[] = [];
    await this.walk(
      join(this.root, bucket, ...directoryPath(completeSegments)),
      completeSegments.map((s) => `${s}/`).join(''),
      prefix,
      found,
    );
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  private async walk(dir: string, keyPrefix: string | undefined, prefix: string, found: ObjectSummary[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.includes(TEMP_MARK) || entry.name.endsWith(METADATA_SUFFIX)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name.endsWith(DIRECTORY_SUFFIX)) {
        const segment = decodeSegment(entry.name.slice(0, -DIRECTORY_SUFFIX.length));
        const childPrefix = keyPrefix === undefined || segment === undefined ? undefined : `${keyPrefix}${segment}/`;
        // A known key prefix that already diverges from the wanted prefix cannot lead to a match.
        if (childPrefix !== undefined && !childPrefix.startsWith(prefix) && !prefix.startsWith(childPrefix)) continue;
        await this.walk(path, childPrefix, prefix, found);
      } else if (entry.isFile()) {
        const segment = decodeSegment(entry.name);
        const metadata = await headFile(path);
        if (metadata === undefined) continue;
        // Hashed names do not spell their key; the sidecar does.
        const key = keyPrefix !== undefined && segment !== undefined ? keyPrefix + segment : (await readSidecar(path))?.key;
        if (key === undefined || !key.startsWith(prefix)) continue;
        found.push({ key, size: metadata.size, etag: metadata.etag, lastModified: metadata.lastModified });
      }
    }
  }

  private async pruneEmptyDirectories(bucket: string, dirs: string[]): Promise<void> {
    for (let depth = dirs.length; depth > 0; depth--) {
      try {
        await rmdir(join(this.root, bucket, ...dirs.slice(0, depth)));
      } catch (error) {
        if (errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOENT') return;
        throw error;
      }
    }
  }

  private dataPath(bucket: string, key: string): string {
    return join(this.root, bucket, ...objectFilePath(key));
  }
}

function lockId(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

async function writeWithDirectory(path: string, body: Buffer): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, body);
      return (await stat(path)).mtimeMs;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt >= DIRECTORY_RACE_ATTEMPTS) throw error;
    }
  }
}

async function headFile(dataPath: string): Promise<ObjectMetadata | undefined> {
  const metadata = await readMetadata(dataPath);
  if (metadata !== undefined) return metadata;
  const body = await readOptional(dataPath);
  return body === undefined ? undefined : deriveMetadata(dataPath, body);
}

/** The sidecar's metadata, if there is one and it belongs to the data file now in place. */
async function readMetadata(dataPath: string): Promise<ObjectMetadata | undefined> {
  const [sidecar, stats] = await Promise.all([readSidecar(dataPath), stat(dataPath).catch(() => undefined)]);
  if (sidecar === undefined || stats === undefined || !stats.isFile()) return undefined;
  if (sidecar.size !== stats.size || sidecar.dataMtimeMs !== stats.mtimeMs) return undefined;
  return {
    contentType: sidecar.contentType,
    size: sidecar.size,
    etag: sidecar.etag,
    crc64: sidecar.crc64,
    lastModified: new Date(sidecar.lastModified),
    userMeta: sidecar.userMeta,
  };
}

async function readSidecar(dataPath: string): Promise<MetadataFile | undefined> {
  const text = await readOptional(dataPath + METADATA_SUFFIX);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.toString('utf8')) as MetadataFile;
  } catch {
    return undefined;
  }
}

// A data file without a matching sidecar (a write interrupted between its two renames) is still served, as bytes.
async function deriveMetadata(dataPath: string, body: Buffer): Promise<ObjectMetadata> {
  const stats = await stat(dataPath);
  return {
    contentType: 'application/octet-stream',
    size: body.length,
    etag: createHash('md5').update(body).digest('hex').toUpperCase(),
    crc64: crc64(body),
    lastModified: stats.mtime,
    userMeta: {},
  };
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
