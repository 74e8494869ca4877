/** @module The records of one topic-partition from one batch, in offset order. */
import type { ArchiveRecord } from '../records/archive-record';
import type { ChunkView } from './record-chunks';

/** One record of a batch, encoded and ready to go into an object. */
export interface Entry {
  offset: bigint;
  /** The time bucket of the object key template (empty when the template uses no time). */
  bucket: string;
  /** The record's encoded JSON (json and jsonl output). */
  view?: ChunkView;
  /** The record itself: kept for Parquet output, and for a record whose value is spilled. */
  record?: ArchiveRecord;
  /** The whole value, when it was truncated in the record and is spilled to its own object. */
  spill?: Buffer;
  /** The whole value's size, when the record holds only a prefix of it. */
  truncatedFrom?: number;
}

export class PartitionBatch {
  private readonly entries: Entry[] = [];
  private inOrder = true;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  add(entry: Entry): void {
    const last = this.entries[this.entries.length - 1];
    if (last && last.offset >= entry.offset) this.inOrder = false;
    this.entries.push(entry);
  }

  /** The entries in offset order, an offset delivered twice kept once (its first copy). */
  sorted(): { entries: Entry[]; duplicateOffsets: number } {
    if (this.inOrder) return { entries: this.entries, duplicateOffsets: 0 };
    // A stable sort keeps the first copy of a repeated offset first.
    const sorted = [...this.entries].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    const entries = sorted.filter((entry, i) => i === 0 || (sorted[i - 1] as Entry).offset !== entry.offset);
    return { entries, duplicateOffsets: sorted.length - entries.length };
  }
}
