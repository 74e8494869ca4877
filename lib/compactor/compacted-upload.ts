/**
 * @module One compacted object into OSS, by multipart upload, written at most once.
 *
 * A multipart object's ETag is not an MD5, so the object's MD5 and record count travel as user
 * metadata, which OSS takes only when the upload starts: they are known before the first byte is
 * sent (see compaction-step.ts). Starting and completing the upload both carry
 * `x-oss-forbid-overwrite: true`; a key that already exists is then compared by that metadata: the
 * same MD5 is this very object, stored by an earlier run that crashed (or whose response was
 * lost); another MD5 is never overwritten, and stops the partition.
 */
import type { BodyTotals } from './compacted-body';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';

/** User metadata names (x-oss-meta-…). */
export const META_MD5 = 'md5';
export const META_RECORDS = 'records';

/** Part size: the most an open compacted object holds before sending (OSS: 100 KB to 5 GB, at most 10,000 parts). */
export const PART_BYTES = 8 * 1024 * 1024;

export type UploadOutcome = 'created' | 'already-written';

/** An upload started for a key that did not exist: parts go out as they fill up. */
export class CompactedUpload {
  private readonly etags: string[] = [];
  private held: Buffer[] = [];
  private heldBytes = 0;
  private done = false;

  private constructor(
    private readonly bucket: CompactionBucket,
    readonly key: string,
    private readonly uploadId: string,
    private readonly totals: BodyTotals,
  ) {}

  /** Starts the upload, or resolves with `already-written` when an earlier run stored this very object. */
  static async start(
    bucket: CompactionBucket,
    key: string,
    contentType: string,
    totals: BodyTotals,
  ): Promise<CompactedUpload | 'already-written'> {
    const uploadId = await bucket.initiate(key, contentType, { [META_MD5]: totals.md5Hex, [META_RECORDS]: String(totals.records) });
    if (uploadId === undefined) {
      await checkExisting(bucket, key, totals);
      return 'already-written';
    }
    return new CompactedUpload(bucket, key, uploadId, totals);
  }

  async write(chunk: Buffer): Promise<void> {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    while (this.heldBytes >= PART_BYTES) await this.sendPart(PART_BYTES);
  }

  /** Sends the last part and completes the upload. */
  async complete(): Promise<UploadOutcome> {
    if (this.heldBytes > 0 || this.etags.length === 0) await this.sendPart(this.heldBytes);
    const outcome = await this.bucket.complete(this.key, this.uploadId, this.etags);
    if (outcome === 'created') {
      this.done = true;
      return 'created';
    }
    if (outcome === 'exists') {
      // The completion was refused, so the upload and its parts remain until aborted.
      await this.abort();
      await checkExisting(this.bucket, this.key, this.totals);
      return 'already-written';
    }
    // The upload is gone: an earlier attempt completed it and its response was lost. The object says whether it is ours.
    this.done = true;
    await checkExisting(this.bucket, this.key, this.totals);
    return 'created';
  }

  /** Ends the upload without an object; safe to call more than once. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.held = [];
    await this.bucket.abort(this.key, this.uploadId);
  }

  private async sendPart(bytes: number): Promise<void> {
    const all = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held, this.heldBytes);
    const part = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.held = rest.length > 0 ? [rest] : [];
    this.heldBytes = rest.length;
    this.etags.push(await this.bucket.uploadPart(this.key, this.uploadId, this.etags.length + 1, part));
  }
}

/** Throws unless `key` holds the object with these totals, as its metadata says. */
export async function checkExisting(bucket: CompactionBucket, key: string, totals: BodyTotals): Promise<void> {
  const problem = await differenceFrom(bucket, key, totals);
  if (problem !== undefined) {
    throw new CompactionError(
      `${key} already exists and ${problem}, where this step made ${totals.records} records with MD5 ${totals.md5Hex} from the same batch objects. ` +
        'It was not overwritten. Either the compaction settings (COMPACTED_FORMAT, COMPACTED_COMPRESSION, COMPACTED_KEY_TEMPLATE, ' +
        'TIMEZONE, RECORD_FORMAT) changed while this step was pending, or something else writes under COMPACTED_PREFIX: restore the ' +
        'settings, or move that object aside, and run again',
    );
  }
}

/** Undefined when `key` holds an object with these totals; else what it holds instead. */
export async function differenceFrom(bucket: CompactionBucket, key: string, totals: BodyTotals): Promise<string | undefined> {
  const head = await bucket.head(key);
  if (head === undefined) return 'is gone';
  const md5 = head.meta[META_MD5];
  const records = head.meta[META_RECORDS];
  if (md5 === undefined) return 'has no x-oss-meta-md5 (it was not written by compaction)';
  if (md5 !== totals.md5Hex || records !== String(totals.records)) return `has MD5 ${md5} and ${records ?? 'an unknown number of'} records`;
  if (head.size !== totals.bytes) return `is ${head.size} bytes, not ${totals.bytes}`;
  return undefined;
}
