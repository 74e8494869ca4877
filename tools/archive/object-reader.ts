/**
 * @module The records of archived objects, each object's in offset order, read a few objects ahead
 * of need so that a partition of many small objects is not read one round trip at a time. Memory
 * holds the objects read ahead (at most AHEAD_OBJECTS and AHEAD_BYTES) and the objects open; a
 * `.jsonl` object larger than STREAM_ABOVE_BYTES is streamed record by record instead.
 */
import { ObjectDecodeError } from '../../lib/objects/object-decode-error';
import { decodeObject } from '../../lib/objects/object-decoder';
import { objectFormatOf } from '../../lib/objects/object-extension';
import { readJsonLines } from '../../lib/objects/json-lines-reader';
import type { StoredRecord } from '../../lib/objects/stored-record';
import type { ArchiveObject } from './archive-catalog';
import type { ArchiveStore } from './archive-store';

const AHEAD_OBJECTS = 8;
const AHEAD_BYTES = 64 * 1024 * 1024;
const STREAM_ABOVE_BYTES = 32 * 1024 * 1024;

export class ObjectReader {
  objectsRead = 0;
  private queue: ArchiveObject[] = [];
  private next = 0;
  private readonly ahead = new Map<string, Promise<Buffer | undefined>>();
  private aheadBytes = 0;

  constructor(private readonly store: ArchiveStore) {}

  /** The objects about to be opened, in the order they will be. */
  plan(objects: readonly ArchiveObject[]): void {
    this.queue = objects.filter((object) => !streamed(object));
    this.next = 0;
    this.ahead.clear(); // whatever an earlier plan read ahead and did not take
    this.aheadBytes = 0;
    this.topUp();
  }

  /**
   * The object's records of its topic-partition, in offset order. Throws ObjectDecodeError when it
   * cannot be read, or when it is gone since it was listed.
   */
  async *records(object: ArchiveObject): AsyncGenerator<StoredRecord> {
    this.objectsRead++;
    if (streamed(object)) {
      const chunks = await this.store.stream(object.key);
      if (chunks === undefined) throw gone(object);
      let previous: bigint | undefined;
      for await (const record of readJsonLines(chunks, object.key)) {
        if (!belongs(record, object)) continue;
        if (previous !== undefined && record.offset <= previous) {
          throw new ObjectDecodeError(object.key, `its records are not in offset order (${record.offset} after ${previous})`);
        }
        previous = record.offset;
        yield record;
      }
      return;
    }
    const body = await this.take(object);
    if (body === undefined) throw gone(object);
    const records = (await decodeObject(object.key, body)).filter((record) => belongs(record, object));
    if (records.some((record, i) => i > 0 && (records[i - 1] as StoredRecord).offset > record.offset)) {
      records.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    }
    yield* records;
  }

  private take(object: ArchiveObject): Promise<Buffer | undefined> {
    const pending = this.ahead.get(object.key);
    if (pending === undefined) return this.store.get(object.key);
    this.ahead.delete(object.key);
    this.aheadBytes -= object.size;
    this.topUp();
    return pending;
  }

  private topUp(): void {
    while (this.next < this.queue.length && this.ahead.size < AHEAD_OBJECTS) {
      const object = this.queue[this.next] as ArchiveObject;
      if (this.ahead.size > 0 && this.aheadBytes + object.size > AHEAD_BYTES) return;
      this.next++;
      if (this.ahead.has(object.key)) continue;
      const body = this.store.get(object.key);
      body.catch(() => {}); // surfaced when taken
      this.ahead.set(object.key, body);
      this.aheadBytes += object.size;
    }
  }
}

function streamed(object: ArchiveObject): boolean {
  return object.size > STREAM_ABOVE_BYTES && objectFormatOf(object.key)?.format === 'jsonl';
}

/** Whether the record is of the object's topic-partition; throws when its offset lies outside what the key names. */
function belongs(record: StoredRecord, object: ArchiveObject): boolean {
  if (record.topic !== object.topic || record.partition !== object.partition) return false;
  if (record.offset < object.first || (object.last !== undefined && record.offset > object.last)) {
    const named = object.last === undefined ? `from ${object.first}` : `${object.first}-${object.last}`;
    throw new ObjectDecodeError(object.key, `its key names offsets ${named}, but it holds offset ${record.offset}`);
  }
  return true;
}

function gone(object: ArchiveObject): ObjectDecodeError {
  return new ObjectDecodeError(object.key, 'it was listed, but is gone (deleted while it was being read?)');
}
