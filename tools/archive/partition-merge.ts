/**
 * @module The records of one topic-partition from all its objects, merged in offset order, every
 * copy of an offset together. Objects are opened only when the merge reaches their first offset,
 * so memory holds the objects whose ranges overlap, not the partition.
 */
import type { StoredRecord } from '../../lib/objects/stored-record';
import type { ArchiveObject } from './archive-catalog';

export interface RecordCopy {
  record: StoredRecord;
  object: ArchiveObject;
}

export interface OffsetCopies {
  offset: bigint;
  /** In the order of the objects (by first offset, batch zone first). */
  copies: RecordCopy[];
}

interface Cursor {
  object: ArchiveObject;
  records: AsyncIterator<StoredRecord>;
  current: StoredRecord;
}

/** `objects` sorted by first offset; `open` gives an object's records in offset order. */
export async function* mergePartition(
  objects: readonly ArchiveObject[],
  open: (object: ArchiveObject) => AsyncIterator<StoredRecord>,
): AsyncGenerator<OffsetCopies> {
  const cursors: Cursor[] = [];
  let next = 0;
  try {
    for (;;) {
      let lowest = lowestOffset(cursors);
      // Every object that could hold the lowest offset must be open before it is given out.
      while (next < objects.length && (lowest === undefined || (objects[next] as ArchiveObject).first <= lowest)) {
        const object = objects[next++] as ArchiveObject;
        const records = open(object);
        const first = await records.next();
        if (first.done) continue;
        cursors.push({ object, records, current: first.value });
        if (lowest === undefined || first.value.offset < lowest) lowest = first.value.offset;
      }
      if (lowest === undefined) return;
      const copies: RecordCopy[] = [];
      for (const cursor of [...cursors]) {
        if (cursor.current.offset !== lowest) continue;
        // An object holding an offset twice gives both copies here.
        for (let following: IteratorResult<StoredRecord> | undefined; cursor.current.offset === lowest; ) {
          copies.push({ record: cursor.current, object: cursor.object });
          following = await cursor.records.next();
          if (following.done) {
            cursors.splice(cursors.indexOf(cursor), 1);
            break;
          }
          cursor.current = following.value;
        }
      }
      yield { offset: lowest, copies };
    }
  } finally {
    await Promise.allSettled(cursors.map((cursor) => cursor.records.return?.()));
  }
}

function lowestOffset(cursors: readonly Cursor[]): bigint | undefined {
  let lowest: bigint | undefined;
  for (const { current } of cursors) if (lowest === undefined || current.offset < lowest) lowest = current.offset;
  return lowest;
}
