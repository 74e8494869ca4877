/**
 * @module Encoded records held once, as bytes. Each record's text is written as UTF-8 into large
 * chunks as soon as it arrives, rather than kept as JS strings of up to twice its size; an object's
 * body is then a few views of the chunks (records that arrived in offset order lie contiguous).
 */

/** Where one record's bytes lie. */
export interface ChunkView {
  chunk: Buffer;
  start: number;
  end: number;
}

/** ASCII text before the first record, between two records, and after the last. */
export interface Frame {
  start: string;
  separator: string;
  end: string;
}

const CHUNK_BYTES = 256 * 1024;

export class RecordChunks {
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  /** Writes `text`, leaving room for `gap` bytes after it (a separator may be copied there later). */
  write(text: string, gap = 1): ChunkView {
    const start = this.reserve(utf8Bound(text) + gap);
    const end = start + this.chunk.write(text, start, 'utf8');
    this.used = end + gap;
    return { chunk: this.chunk, start, end };
  }

  /** Writes `before`, then `bytes` (UTF-8 bytes held one per Latin-1 character) as they are, then `after`, as one record. */
  writeAround(before: string, bytes: string, after: string, gap = 1): ChunkView {
    const start = this.reserve(utf8Bound(before) + bytes.length + utf8Bound(after) + gap);
    let end = start + this.chunk.write(before, start, 'utf8');
    end += this.chunk.write(bytes, end, 'latin1');
    end += this.chunk.write(after, end, 'utf8');
    this.used = end + gap;
    return { chunk: this.chunk, start, end };
  }

  /** Where `bytes` more bytes start, in a new chunk if this one has no room for them. */
  private reserve(bytes: number): number {
    if (this.chunk.length - this.used < bytes) {
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
      this.used = 0;
    }
    return this.used;
  }
}

/** Room enough for `text` in UTF-8: at most 3 bytes per UTF-16 unit, measured exactly only when that bound is large. */
function utf8Bound(text: string): number {
  return text.length > 16_384 ? Buffer.byteLength(text) : text.length * 3;
}

/**
 * The framed body of `views` in the order given: views that follow each other in one chunk are
 * joined into one view, with the separator written into the gap between them.
 */
export function framedBody(views: readonly ChunkView[], frame: Frame): Buffer[] {
  const separator = Buffer.from(frame.separator, 'latin1');
  const body: Buffer[] = [];
  if (frame.start !== '') body.push(Buffer.from(frame.start, 'latin1'));
  let run: ChunkView | undefined;
  for (const view of views) {
    if (run && run.chunk === view.chunk && run.end + separator.length === view.start) {
      separator.copy(run.chunk, run.end);
      run = { chunk: run.chunk, start: run.start, end: view.end };
    } else {
      if (run) body.push(run.chunk.subarray(run.start, run.end), separator);
      run = view;
    }
  }
  if (run) body.push(run.chunk.subarray(run.start, run.end));
  if (frame.end !== '') body.push(Buffer.from(frame.end, 'latin1'));
  return body;
}
