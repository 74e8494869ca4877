/**
 * @module The bytes of one compacted object, made record by record and handed on as they are made,
 * so that an object of any size is never held whole.
 *
 * The bytes are a pure function of the records: a step redone after a crash makes the same
 * object, whatever the memory pressure or part sizes of either run. So compression works on fixed
 * slices of the encoded text — each slice of FRAME_BYTES one gzip member or zstd frame, cut where
 * the byte count says, not where a record ends (readers take concatenated members and frames as
 * one stream: zlib, zstd, DuckDB) — and Parquet row groups end where the records' own sizes say.
 */
import { createHash } from 'node:crypto';
import { compressBody, ZSTD_FRAME_INPUT_BYTES } from '../objects/body-compression';
import type { CompressionName, OutputFormatName } from '../objects/object-extension';
import { codecs } from '../objects/codec-loader';
import type { ParquetStreamWriter } from '../objects/parquet-stream-writer';
import { recordJson } from '../objects/record-json';
import type { StoredRecord } from '../objects/stored-record';
import type { ArchiveRecord, RecordFormatName } from '../records/archive-record';

export interface CompactedFormat {
  output: OutputFormatName;
  compression: CompressionName;
  /** The columns of Parquet objects; JSON objects keep each record in the format it was read in. */
  parquetRecordFormat: RecordFormatName;
}

export interface BodyTotals {
  md5Hex: string;
  records: number;
  bytes: number;
}

/** Encoded text per gzip member or zstd frame: zstd's frame size, which keeps its WebAssembly heap at 16 MiB. */
export const FRAME_BYTES = ZSTD_FRAME_INPUT_BYTES;
/** Frames compressed at the same time as the next records are encoded. */
const FRAMES_AHEAD = 2;
/** Uncompressed text handed on at once. */
const PLAIN_FLUSH_BYTES = 1024 * 1024;
/** A row group ends once its records' text reaches this (or ROW_GROUP_ROWS records). */
export const ROW_GROUP_BYTES = 8 * 1024 * 1024;
const ROW_GROUP_ROWS = 100_000;

type Emit = (chunk: Buffer) => void | Promise<void>;

export interface CompactedBody {
  add(record: StoredRecord): Promise<void>;
  /** Hands on the last bytes; call once, after the last add. */
  finish(): Promise<BodyTotals>;
}

export function compactedBody(format: CompactedFormat, emit: Emit): CompactedBody {
  const counted = new CountedEmit(emit);
  return format.output === 'parquet' ? new ParquetBody(format, counted) : new JsonBody(format, counted);
}

class CountedEmit {
  private readonly hash = createHash('md5');
  bytes = 0;
  records = 0;

  constructor(private readonly emit: Emit) {}

  async send(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await this.emit(chunk);
  }

  totals(): BodyTotals {
    return { md5Hex: this.hash.digest('hex'), records: this.records, bytes: this.bytes };
  }
}

const FRAMES = { json: { start: '[', separator: ',', end: ']' }, jsonl: { start: '', separator: '', end: '' } } as const;

class JsonBody implements CompactedBody {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Frames being compressed (gzip on libuv's threads) while the next records are encoded, in order. */
  private readonly compressing: Array<Promise<Buffer[]>> = [];

  constructor(
    private readonly format: CompactedFormat,
    private readonly out: CountedEmit,
  ) {}

  async add(record: StoredRecord): Promise<void> {
    const frame = FRAMES[this.format.output === 'json' ? 'json' : 'jsonl'];
    const before = this.out.records === 0 ? frame.start : frame.separator;
    const after = this.format.output === 'jsonl' ? '\n' : '';
    this.out.records++;
    this.push(Buffer.from(`${before}${recordText(record)}${after}`, 'utf8'));
    await this.flush(false);
  }

  async finish(): Promise<BodyTotals> {
    if (this.format.output === 'json') this.push(Buffer.from(this.out.records === 0 ? '[]' : ']', 'latin1'));
    await this.flush(true);
    return this.out.totals();
  }

  private push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private async flush(all: boolean): Promise<void> {
    const { compression } = this.format;
    if (compression === 'none') {
      if (all || this.pendingBytes >= PLAIN_FLUSH_BYTES) await this.out.send(this.take(this.pendingBytes));
      return;
    }
    while (this.pendingBytes >= FRAME_BYTES) await this.compress(this.take(FRAME_BYTES));
    if (all && this.pendingBytes > 0) await this.compress(this.take(this.pendingBytes));
    while (this.compressing.length > (all ? 0 : FRAMES_AHEAD)) {
      for (const part of await (this.compressing.shift() as Promise<Buffer[]>)) await this.out.send(part);
    }
  }

  private async compress(text: Buffer): Promise<void> {
    const compressed = compressBody([text], this.format.compression === 'zstd' ? 'zstd' : 'gzip');
    // Awaited in order by flush; until then a failure must not count as unhandled.
    compressed.catch(() => {});
    this.compressing.push(compressed);
  }

  /** The first `bytes` bytes pending, as one buffer. */
  private take(bytes: number): Buffer {
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    const taken = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return taken;
  }
}

class ParquetBody implements CompactedBody {
  private readonly writer: ParquetStreamWriter;
  private rows: StoredRecord[] = [];
  private rowBytes = 0;

  constructor(
    format: CompactedFormat,
    private readonly out: CountedEmit,
  ) {
    const codec = format.compression;
    this.writer = new (codecs().ParquetStreamWriter)({ recordFormat: format.parquetRecordFormat, codec }, (chunk) => out.send(chunk));
  }

  async add(record: StoredRecord): Promise<void> {
    this.out.records++;
    this.rows.push(record);
    this.rowBytes += textLength(record);
    if (this.rowBytes >= ROW_GROUP_BYTES || this.rows.length >= ROW_GROUP_ROWS) await this.writeRowGroup();
  }

  async finish(): Promise<BodyTotals> {
    await this.writeRowGroup();
    await this.writer.finish();
    return this.out.totals();
  }

  private async writeRowGroup(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    this.rowBytes = 0;
    await this.writer.write(rows);
  }
}

/** A record's JSON text, in the record format it was read in: the full format's fields are kept when it has them. */
function recordText(record: StoredRecord): string {
  if (record.headers === undefined) return recordJson(record as ArchiveRecord, 'seed');
  const full: ArchiveRecord = {
    ...record,
    headers: record.headers,
    keyEncoding: record.keyEncoding ?? null,
    valueEncoding: record.valueEncoding ?? null,
    overflowKey: record.overflowKey ?? null,
  };
  return recordJson(full, 'full');
}

/** About the bytes a record takes in a row group: a pure function of the record, so row groups end in the same places every time. */
function textLength(record: StoredRecord): number {
  return 64 + record.topic.length + (record.key?.length ?? 0) + (record.value?.length ?? 0) + (record.headers?.length ?? 0);
}
