/**
 * @module Objects as files under <dir>/<bucket>/, laid out by object-file-layout: each data file at the path
 * of its key when it can be, else encoded in the bucket's hidden folder, and each object's metadata in that
 * folder. Writes are atomic (a temp file renamed or linked into place); forbid-overwrite holds across
 * processes sharing the directory because link() never replaces a file; requests on one key are serialized.
 */
import { createHash } from 'node:crypto';
import { type Dirent, lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { link, mkdir, rename, rmdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type BucketFolders, openBucketFolders } from './bucket-folders';
import { crc64 } from './crc64';
import { FileUploadStore } from './file-upload-store';
import { errorCode, type FileVersion, fileStats, isMissing, readJson, readOptional, removeFile, sameVersion, versionOf } from './files';
import { KeyedLock } from './keyed-lock';
import { INTERNAL_DIR, isPlainName, keyFileName, plainPath } from './object-file-layout';
import type { ObjectMetadata, ObjectStore, ObjectType, PartInfo, UploadInfo } from './object-store';
import { compareKeys } from './object-store';
import { newTempOwner } from './temp-files';

/** An object's metadata file; `data` names the version of the data file it describes. */
interface MetadataRecord {
  key: string;
  contentType: string;
  size: number;
  etag: string;
  crc64: string;
  lastModified: string;
  userMeta: Record<string, string>;
  objectType: ObjectType;
  data: FileVersion;
}

// A write whose directory a concurrent delete just pruned, or whose path another key just took, tries again.
const RACE_ATTEMPTS = 5;

export class FileObjectStore implements ObjectStore {
  private readonly lock = new KeyedLock();
  private readonly uploads: FileUploadStore;

  private constructor(private readonly folders: ReadonlyMap<string, BucketFolders>) {
    this.uploads = new FileUploadStore((bucket) => this.bucket(bucket));
  }

  static async open(dir: string, buckets: readonly string[]): Promise<FileObjectStore> {
    const tempOwner = newTempOwner();
    const folders = new Map<string, BucketFolders>();
    for (const bucket of buckets) folders.set(bucket, await openBucketFolders(join(resolve(dir), bucket), tempOwner));
    return new FileObjectStore(folders);
  }

  put(bucket: string, key: string, body: Buffer, metadata: ObjectMetadata, forbidOverwrite: boolean): Promise<boolean> {
    return this.lock.run(lockId(bucket, key), async () => {
      const folders = this.bucket(bucket);
      const temps: string[] = [];
      try {
        const data = await folders.temp.write(body);
        temps.push(data.path);
        const record: MetadataRecord = { key, ...metadata, lastModified: metadata.lastModified.toISOString(), data: data.version };
        const recordTemp = await folders.temp.write(JSON.stringify(record));
        temps.push(recordTemp.path);
        const metadataPath = metadataPathOf(folders, key);
        // A key without metadata gets it before its data, so no crash can leave an object whose key (for an
        // encoded name) or type and user metadata are lost. It cannot mislead: it names this write's data file.
        const claimed = await linkIfAbsent(recordTemp.path, metadataPath);
        for (let attempt = 1; ; attempt++) {
          const target = await writeTarget(folders, key);
          try {
            // link() refuses to replace a file, so even another process on the same directory cannot overwrite.
            if (forbidOverwrite) await link(data.path, target);
            else await rename(data.path, target);
            break;
          } catch (error) {
            if (attempt < RACE_ATTEMPTS && pathWasTaken(error, target)) continue;
            if (claimed) await removeIfVersion(metadataPath, recordTemp.version);
            if (errorCode(error) === 'EEXIST' && forbidOverwrite) return false;
            throw error;
          }
        }
        if (!claimed) await rename(recordTemp.path, metadataPath);
        return true;
      } finally {
        await Promise.all(temps.map(removeFile));
      }
    });
  }

  get(bucket: string, key: string): Promise<{ metadata: ObjectMetadata; body: Buffer } | undefined> {
    return this.lock.run(lockId(bucket, key), async () => {
      const folders = this.bucket(bucket);
      const path = dataFileOf(folders, key);
      const body = path === undefined ? undefined : await readOptional(path);
      if (path === undefined || body === undefined) return undefined;
      return { metadata: await metadataOf(folders, key, path, body), body };
    });
  }

  head(bucket: string, key: string): Promise<ObjectMetadata | undefined> {
    return this.lock.run(lockId(bucket, key), async () => {
      const folders = this.bucket(bucket);
      const path = dataFileOf(folders, key);
      return path === undefined ? undefined : metadataOf(folders, key, path);
    });
  }

  delete(bucket: string, key: string): Promise<void> {
    return this.lock.run(lockId(bucket, key), async () => {
      const folders = this.bucket(bucket);
      const path = dataFileOf(folders, key);
      // The data first: a crash in between leaves metadata that belongs to nothing, never an object without it.
      if (path !== undefined) await removeFile(path);
      await removeFile(metadataPathOf(folders, key));
      if (path !== undefined && path !== encodedPathOf(folders, key)) await pruneEmptyDirectories(folders.root, dirname(path));
    });
  }

  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const folders = this.bucket(bucket);
    const keys = new Set<string>();
    const completeSegments = prefix.split('/').slice(0, -1);
    if (completeSegments.every(isPlainName) && completeSegments[0]?.toLowerCase() !== INTERNAL_DIR) {
      const start = join(folders.root, ...completeSegments);
      // Like every directory below it, the one the walk starts in must not be reached through a symlink.
      if (realpathOptional(start) === start) {
        walk(start, completeSegments.map((segment) => `${segment}/`).join(''), prefix, keys);
      }
    }
    for (const name of readdirOptional(folders.encodedObjects)) {
      const record = readJson<MetadataRecord>(join(folders.metadata, `${name}.json`));
      if (record !== undefined && keyFileName(record.key) === name && record.key.startsWith(prefix)) keys.add(record.key);
    }
    return [...keys].sort(compareKeys);
  }

  createUpload(bucket: string, upload: UploadInfo): Promise<void> {
    return this.uploads.create(bucket, upload);
  }

  getUpload(bucket: string, uploadId: string): Promise<UploadInfo | undefined> {
    return this.uploads.get(bucket, uploadId);
  }

  listUploads(bucket: string): Promise<UploadInfo[]> {
    return this.uploads.list(bucket);
  }

  putPart(bucket: string, uploadId: string, part: PartInfo, body: Buffer): Promise<boolean> {
    return this.uploads.putPart(bucket, uploadId, part, body);
  }

  listParts(bucket: string, uploadId: string): Promise<PartInfo[] | undefined> {
    return this.uploads.listParts(bucket, uploadId);
  }

  readPart(bucket: string, uploadId: string, partNumber: number): Promise<Buffer | undefined> {
    return this.uploads.readPart(bucket, uploadId, partNumber);
  }

  deleteUpload(bucket: string, uploadId: string): Promise<boolean> {
    return this.uploads.delete(bucket, uploadId);
  }

  async close(): Promise<void> {
    for (const folders of this.folders.values()) await folders.temp.removeOwn();
  }

  private bucket(name: string): BucketFolders {
    const folders = this.folders.get(name);
    if (!folders) throw new Error(`Bucket "${name}" is not served by this store.`);
    return folders;
  }
}

function lockId(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

function metadataPathOf(folders: BucketFolders, key: string): string {
  return join(folders.metadata, `${keyFileName(key)}.json`);
}

function encodedPathOf(folders: BucketFolders, key: string): string {
  return join(folders.encodedObjects, keyFileName(key));
}

/** Where the key's data file is now, if it exists: encoded (checked first, as writeTarget does) or at the key's path. */
function dataFileOf(folders: BucketFolders, key: string): string | undefined {
  const encoded = encodedPathOf(folders, key);
  if (fileStats(encoded) !== undefined) return encoded;
  const segments = plainPath(key);
  if (segments === undefined) return undefined;
  const path = join(folders.root, ...segments);
  return isFileOfPath(path) ? path : undefined;
}

/**
 * Where a write of the key goes: where the key is already stored, else its own path, unless that cannot be a
 * plain path or is taken: by a directory (the key "a" beside "a/b"), by a file on the way (the key "a/b" beside
 * "a"), or by a name that only matches in another letter case (a case-insensitive file system) or is a symlink.
 * Creates the directories on the way.
 */
async function writeTarget(folders: BucketFolders, key: string): Promise<string> {
  const encoded = encodedPathOf(folders, key);
  if (fileStats(encoded) !== undefined) return encoded;
  const segments = plainPath(key);
  if (segments === undefined) return encoded;
  const path = join(folders.root, ...segments);
  const parent = dirname(path);
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(parent, { recursive: true });
    } catch (error) {
      if (errorCode(error) === 'ENOTDIR' || errorCode(error) === 'EEXIST') return encoded;
      throw error;
    }
    const real = realpathOptional(parent);
    if (real === undefined && attempt < RACE_ATTEMPTS) continue;
    if (real !== parent) return encoded;
    break;
  }
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if (isMissing(error)) return path;
    throw error;
  }
  return stats.isFile() && realpathOptional(path) === path ? path : encoded;
}

/** A regular file that is reached by exactly this path: not through a symlink, nor under another letter case. */
function isFileOfPath(path: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  return realpathOptional(path) === path;
}

/** Whether a failed link or rename to target met a concurrent change (pruned directory, another key's path) worth a new target. */
function pathWasTaken(error: unknown, target: string): boolean {
  const code = errorCode(error);
  if (isMissing(error) || code === 'EISDIR') return true;
  return code === 'EEXIST' && !isFileOfPath(target);
}

/** Removes the file unless it was replaced meanwhile (by another process's write of the same key). */
async function removeIfVersion(path: string, version: FileVersion): Promise<void> {
  const stats = fileStats(path);
  if (stats !== undefined && sameVersion(versionOf(stats), version)) await removeFile(path);
}

async function linkIfAbsent(existing: string, newPath: string): Promise<boolean> {
  try {
    await link(existing, newPath);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/** The metadata record when it describes the data file now in place; else what the bytes themselves tell. */
async function metadataOf(folders: BucketFolders, key: string, dataPath: string, body?: Buffer): Promise<ObjectMetadata> {
  const record = readJson<MetadataRecord>(metadataPathOf(folders, key));
  const stats = fileStats(dataPath);
  if (record !== undefined && stats !== undefined && record.key === key && sameVersion(record.data, versionOf(stats))) {
    return {
      contentType: record.contentType,
      size: record.size,
      etag: record.etag,
      crc64: record.crc64,
      lastModified: new Date(record.lastModified),
      userMeta: record.userMeta,
      objectType: record.objectType,
    };
  }
  // A file put there by hand, or one whose write was cut short before its metadata: served as plain bytes.
  const bytes = body ?? (await readOptional(dataPath)) ?? Buffer.alloc(0);
  return {
    contentType: 'application/octet-stream',
    size: bytes.length,
    etag: createHash('md5').update(bytes).digest('hex').toUpperCase(),
    crc64: crc64(bytes),
    lastModified: stats?.mtime ?? new Date(),
    userMeta: {},
    objectType: 'Normal',
  };
}

/** Adds the keys of the plain files under dir (whose keys start with keyPrefix) that start with prefix. */
function walk(dir: string, keyPrefix: string, prefix: string, keys: Set<string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    // Files no write of a key could have made there (and the hidden folder) are not objects.
    if (!isPlainName(entry.name) || (keyPrefix === '' && entry.name.toLowerCase() === INTERNAL_DIR)) continue;
    const key = keyPrefix + entry.name;
    if (entry.isDirectory()) {
      const childPrefix = `${key}/`;
      if (childPrefix.startsWith(prefix) || prefix.startsWith(childPrefix)) walk(join(dir, entry.name), childPrefix, prefix, keys);
    } else if (entry.isFile() && key.startsWith(prefix)) {
      keys.add(key);
    }
  }
}

/** Removes the directories from `from` up to (not including) the bucket directory that the delete left empty. */
async function pruneEmptyDirectories(root: string, from: string): Promise<void> {
  for (let dir = from; dir.startsWith(`${root}${sep}`); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch (error) {
      // Not empty (another key lives there, or a write is about to), already gone, or not ours to remove.
      if (['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR', 'EPERM', 'EBUSY'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
  }
}

function realpathOptional(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function readdirOptional(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
