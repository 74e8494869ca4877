/**
 * @module The records of a compaction step, in offset order, each offset once. The step's batch
 * objects are read one at a time, except objects whose offsets overlap (a batch split by time
 * bucket, or stored twice with other boundaries), which are read together and merged: the copy
 * from the object listed first is kept. Offsets below the step's first offset are already
 * compacted; repeats of them count as duplicates too.
 */
import { ObjectDecodeError } from '../objects/object-decode-error';
import { decodeObject } from '../objects/object-decoder';
import type { StoredRecord } from '../objects/stored-record';
import { RetryExhausted } from '../oss/retry';
import { type BatchObject, byOffsets, overlappingGroups } from './batch-sources';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';

/** Batch objects requested ahead of the one being read: at most this many, and about this many bytes. */
const READ_AHEAD_OBJECTS = 8;
const READ_AHEAD_BYTES = 16 * 1024 * 1024;

export interface ReadCounts {
  objectsRead: number;
  bytesIn: number;
  duplicatesDropped: number;
}

export async function* stepRecords(
  bucket: CompactionBucket,
  objects: readonly BatchObject[],
  firstOffset: bigint,
  counts: ReadCounts,
): AsyncGenerator<StoredRecord> {
  let lastEmitted = firstOffset - 1n;
  const groups = overlappingGroups([...objects].sort(byOffsets));
  const bodies = new ReadAhead(bucket, groups.flat());
  for (const group of groups) {
    const records: StoredRecord[] = [];
    for (const object of group) {
      const body = await unreadable(object.key, bodies.next());
      counts.objectsRead++;
      counts.bytesIn += body.length;
      for (const record of await unreadable(object.key, decodeObject(object.key, body))) {
        if (record.offset < object.first || record.offset > object.last) {
          throw new CompactionError(
            `${object.key} holds offset ${record.offset}, outside the offsets ${object.first}-${object.last} its key names: ` +
              'it was not written by the sink, or was changed since; move it out of the prefix and run again',
          );
        }
        records.push(record);
      }
    }
    // A stable sort: of two copies of an offset, the one read first stays first.
    if (group.length > 1 || !ascending(records)) records.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    for (const record of records) {
      if (record.offset <= lastEmitted) {
        counts.duplicatesDropped++;
        continue;
      }
      lastEmitted = record.offset;
      yield record;
    }
  }
}

/** A batch object that cannot be read stops its step for good: say so, and what to do. */
async function unreadable<T>(key: string, reading: Promise<T>): Promise<T> {
  try {
    return await reading;
  } catch (error) {
    const gone = error instanceof RetryExhausted && error.failure.status === 404 && error.failure.code === 'NoSuchKey';
    if (!gone && !(error instanceof ObjectDecodeError)) throw error;
    const problem = gone ? `${key} is gone (deleted, or expired by a lifecycle rule shorter than the compaction backlog)` : error.message;
    throw new CompactionError(
      `${problem}. The step cannot be done without it: if it cannot be restored, remove it from the "sources" of the pending step in ` +
        "the partition's checkpoint (under COMPACTED_PREFIX/_checkpoints/) and run again",
      { cause: error },
    );
  }
}

/**
 * The objects' bodies in order, several requested ahead of the one being decoded: OSS answers
 * each GET in some milliseconds, which would otherwise dominate a step of small objects. The
 * bytes fetched ahead are bounded by READ_AHEAD_BYTES, judged by the largest object seen so far.
 */
class ReadAhead {
  private readonly fetches: Array<Promise<Buffer> | undefined> = [];
  private taken = 0;
  private largest = 0;

  constructor(
    private readonly bucket: CompactionBucket,
    private readonly objects: readonly BatchObject[],
  ) {}

  async next(): Promise<Buffer> {
    // Until a body has been seen, its size is unknown: one ahead.
    const ahead = this.largest === 0 ? 1 : Math.max(1, Math.min(READ_AHEAD_OBJECTS, Math.floor(READ_AHEAD_BYTES / this.largest)));
    while (this.fetches.length < Math.min(this.objects.length, this.taken + ahead)) {
      const fetch = this.bucket.get((this.objects[this.fetches.length] as BatchObject).key);
      // Failures are seen when the body is taken; a fetch never taken (the step failed first) must not fail the process.
      fetch.catch(() => {});
      this.fetches.push(fetch);
    }
    const body = await (this.fetches[this.taken] as Promise<Buffer>);
    this.fetches[this.taken] = undefined;
    this.taken++;
    this.largest = Math.max(this.largest, body.length);
    return body;
  }
}

function ascending(records: readonly StoredRecord[]): boolean {
  for (let i = 1; i < records.length; i++) if ((records[i] as StoredRecord).offset <= (records[i - 1] as StoredRecord).offset) return false;
  return true;
}
