/**
 * @module Multipart uploads in progress, on disk: uploads/<upload id>/ in the bucket's hidden folder holds
 * upload.json and each part as <part number> beside <part number>.json. An upload folder appears (staged in
 * tmp, then renamed) and disappears (renamed to tmp, then removed) whole.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BucketFolders } from './bucket-folders';
import { crc64 } from './crc64';
import { type FileVersion, fileStats, isMissing, readJson, readOptional, removeFile, sameVersion, versionOf } from './files';
import { type PartInfo, UPLOAD_ID, type UploadInfo } from './object-store';

const UPLOAD_FILE = 'upload.json';
const PART_FILE = /^[1-9]\d{0,4}$/;

interface UploadRecord {
  uploadId: string;
  key: string;
  initiated: string;
  contentType: string;
  userMeta: Record<string, string>;
}

interface PartRecord {
  partNumber: number;
  size: number;
  etag: string;
  crc64: string;
  lastModified: string;
  data: FileVersion;
}

export class FileUploadStore {
  constructor(private readonly folders: (bucket: string) => BucketFolders) {}

  async create(bucket: string, upload: UploadInfo): Promise<void> {
    const folders = this.folders(bucket);
    const staging = folders.temp.path();
    await mkdir(staging);
    try {
      const record: UploadRecord = { ...upload, initiated: upload.initiated.toISOString() };
      await writeFile(join(staging, UPLOAD_FILE), JSON.stringify(record));
      await rename(staging, join(folders.uploads, upload.uploadId));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async get(bucket: string, uploadId: string): Promise<UploadInfo | undefined> {
    if (!UPLOAD_ID.test(uploadId)) return undefined;
    const record = readJson<UploadRecord>(join(this.folders(bucket).uploads, uploadId, UPLOAD_FILE));
    return record && { ...record, initiated: new Date(record.initiated) };
  }

  async list(bucket: string): Promise<UploadInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.folders(bucket).uploads);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const uploads = await Promise.all(names.map((name) => this.get(bucket, name)));
    return uploads.filter((upload) => upload !== undefined);
  }

  async putPart(bucket: string, uploadId: string, part: PartInfo, body: Buffer): Promise<boolean> {
    if ((await this.get(bucket, uploadId)) === undefined) return false;
    const folders = this.folders(bucket);
    const dir = join(folders.uploads, uploadId);
    const temps: string[] = [];
    try {
      const data = await folders.temp.write(body);
      temps.push(data.path);
      const record: PartRecord = { ...part, lastModified: part.lastModified.toISOString(), data: data.version };
      const recordTemp = await folders.temp.write(JSON.stringify(record));
      temps.push(recordTemp.path);
      await rename(data.path, join(dir, String(part.partNumber)));
      await rename(recordTemp.path, join(dir, `${part.partNumber}.json`));
      return true;
    } catch (error) {
      // The upload was aborted or completed meanwhile.
      if (isMissing(error)) return false;
      throw error;
    } finally {
      await Promise.all(temps.map(removeFile));
    }
  }

  async listParts(bucket: string, uploadId: string): Promise<PartInfo[] | undefined> {
    if ((await this.get(bucket, uploadId)) === undefined) return undefined;
    const dir = join(this.folders(bucket).uploads, uploadId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const parts = await Promise.all(names.filter((name) => PART_FILE.test(name)).map((name) => readPartInfo(dir, Number(name))));
    return parts.filter((part) => part !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  async readPart(bucket: string, uploadId: string, partNumber: number): Promise<Buffer | undefined> {
    if (!UPLOAD_ID.test(uploadId) || !PART_FILE.test(String(partNumber))) return undefined;
    return readOptional(join(this.folders(bucket).uploads, uploadId, String(partNumber)));
  }

  async delete(bucket: string, uploadId: string): Promise<boolean> {
    if (!UPLOAD_ID.test(uploadId)) return false;
    const folders = this.folders(bucket);
    const trash = folders.temp.path();
    try {
      await rename(join(folders.uploads, uploadId), trash);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    await rm(trash, { recursive: true, force: true });
    return true;
  }
}

async function readPartInfo(dir: string, partNumber: number): Promise<PartInfo | undefined> {
  const path = join(dir, String(partNumber));
  const record = readJson<PartRecord>(`${path}.json`);
  const stats = fileStats(path);
  if (stats === undefined) return undefined;
  if (record !== undefined && sameVersion(record.data, versionOf(stats))) {
    return { partNumber, size: record.size, etag: record.etag, crc64: record.crc64, lastModified: new Date(record.lastModified) };
  }
  // A part whose write was cut short before its record: what its bytes tell.
  const body = (await readOptional(path)) ?? Buffer.alloc(0);
  return {
    partNumber,
    size: body.length,
    etag: createHash('md5').update(body).digest('hex').toUpperCase(),
    crc64: crc64(body),
    lastModified: stats.mtime,
  };
}
