/**
 * @module The records of a compaction step, in offset order, each offset once. The step's batch
 * objects are read one at a time, except objects whose offsets overlap (a batch split by time
 * bucket, or stored twice with other boundaries), which are read together and merged: the copy
 * from the object listed first is kept. Offsets below the step's first offset are already
 * compacted; repeats of them count as duplicates too.
 */
import { decodeObject } from '../objects/object-decoder';
import type { StoredRecord } from '../objects/stored-record';
import { type BatchObject, byOffsets, overlappingGroups } from './batch-sources';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';

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
  for (const group of overlappingGroups([...objects].sort(byOffsets))) {
    const records: StoredRecord[] = [];
    for (const object of group) {
      const body = await bucket.get(object.key);
      counts.objectsRead++;
      counts.bytesIn += body.length;
      for (const record of await decodeObject(object.key, body)) {
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

function ascending(records: readonly StoredRecord[]): boolean {
  for (let i = 1; i < records.length; i++) if ((records[i] as StoredRecord).offset <= (records[i - 1] as StoredRecord).offset) return false;
  return true;
}
