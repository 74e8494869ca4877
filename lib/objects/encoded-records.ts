import type { RecordFormat } from './record-format';

interface Entry {
  offset: bigint;
  chunk: Buffer;
  start: number;
  /** End of the record's own bytes; the separator written after it follows. */
  end: number;
  /** The full value size, when the record's value was truncated. */
  truncatedFrom: number | undefined;
}

export interface AssembledRecords {
  /** The object's bytes, in order, as views of the encoded chunks: nothing is copied to build it. */
  body: Buffer[];
  size: number;
  firstOffset: bigint;
  lastOffset: bigint;
  records: number;
  /** Full value sizes of the truncated records, by offset. */
  truncated: Array<{ offset: bigint; valueSize: number }>;
  /** Records left out because their offset came earlier in the batch too. */
  duplicateOffsets: number;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * The encoded records of one topic-partition. Each record is written as UTF-8, followed by the
 * format's separator, into large chunks as soon as it arrives: the batch is then held once, as
 * bytes, rather than as JS strings of up to twice its size. Records that arrive in offset order
 * (the usual case) lie contiguous in the chunks, so the object body is a few views of them.
 */
export class EncodedRecords {
  private readonly entries: Entry[] = [];
  private readonly separator: Buffer;
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;
  private inOrder = true;

  constructor(private readonly frame: RecordFormat['frame']) {
    this.separator = Buffer.from(frame.separator, 'latin1');
  }

  append(offset: bigint, text: string, truncatedFrom?: number): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; measure exactly only when that bound is large.
    const reserve = (text.length > 16_384 ? Buffer.byteLength(text) : text.length * 3) + this.separator.length;
    if (this.chunk.length - this.used < reserve) {
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, reserve));
      this.used = 0;
    }
    const start = this.used;
    const end = start + this.chunk.write(text, start, 'utf8');
    this.used = end + this.separator.copy(this.chunk, end);
    const last = this.entries[this.entries.length - 1];
    if (last && last.offset >= offset) this.inOrder = false;
    this.entries.push({ offset, chunk: this.chunk, start, end, truncatedFrom });
  }

  /** The object body: records in offset order, an offset that came twice kept once (its first copy). */
  assemble(): AssembledRecords {
    let entries = this.entries;
    let duplicateOffsets = 0;
    if (!this.inOrder) {
      const sorted = [...entries].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
      entries = sorted.filter((entry, i) => i === 0 || (sorted[i - 1] as Entry).offset !== entry.offset);
      duplicateOffsets = sorted.length - entries.length;
    }

    const body: Buffer[] = [Buffer.from(this.frame.start, 'latin1')];
    const truncated: AssembledRecords['truncated'] = [];
    let run: { chunk: Buffer; start: number; end: number } | undefined;
    for (const entry of entries) {
      if (run && run.chunk === entry.chunk && run.end + this.separator.length === entry.start) {
        run.end = entry.end; // the separator between them is already in the chunk
      } else {
        if (run) body.push(run.chunk.subarray(run.start, run.end), this.separator);
        run = { chunk: entry.chunk, start: entry.start, end: entry.end };
      }
      if (entry.truncatedFrom !== undefined) truncated.push({ offset: entry.offset, valueSize: entry.truncatedFrom });
    }
    if (run) body.push(run.chunk.subarray(run.start, run.end));
    body.push(Buffer.from(this.frame.end, 'latin1'));

    return {
      body,
      size: body.reduce((sum, part) => sum + part.length, 0),
      firstOffset: (entries[0] as Entry).offset,
      lastOffset: (entries[entries.length - 1] as Entry).offset,
      records: entries.length,
      truncated,
      duplicateOffsets,
    };
  }
}
