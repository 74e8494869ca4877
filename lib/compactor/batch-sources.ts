/**
 * @module The batch objects of a topic-partition, as compaction reads them: listed in offset order
 * from a given offset on, each with the offsets its key names. With a key template that sorts a
 * partition's keys by offset (the default) the objects are listed themselves; otherwise the
 * sink's `_index/` entries are, each naming the objects of one stored run (one per time bucket).
 *
 * Offsets are read from keys, with any of the archive's extensions, so objects written before a
 * change of OUTPUT_FORMAT are found too.
 */
import type { ObjectNaming, OffsetRange } from '../objects/object-naming';
import { objectFormatOf } from '../objects/object-extension';
import { parseRenderedKey } from '../objects/key-template-keys';
import { KAFKA_TRIGGER } from '../platform/fc';
import { padOffset } from '../platform/kafka';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';

/** A batch object: its key and the offsets it names. */
export interface BatchObject extends OffsetRange {
  key: string;
}

/** What one listed key stands for: a batch object, or an `_index/` entry and the objects it names. */
export interface ListedRun extends OffsetRange {
  objects: BatchObject[];
  /** Bytes of the objects, where known. */
  size: number;
  /** Epoch ms of the listed key's last change: an `_index/` entry is written after its objects. */
  lastModified: number;
  /** The `_index/` entry, for a layout that has them. */
  indexKey?: string;
}

/**
 * How far before the checkpoint listing starts, in offsets: an object the sink wrote across the
 * checkpoint (a batch delivered again with other boundaries while it could not list the archive)
 * is found as long as it is one trigger batch, which holds at most this many messages.
 */
export const LOOKBACK_OFFSETS = BigInt(KAFKA_TRIGGER.batchCount.max);
const HEAD_CONCURRENCY = 8;

export class PartitionSources {
  constructor(
    private readonly bucket: CompactionBucket,
    private readonly naming: ObjectNaming,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** The offsets a batch object's key names, or undefined for a key that is not one of this partition's batch objects. */
  rangeOf(key: string): OffsetRange | undefined {
    const { prefix, template } = this.naming;
    const format = objectFormatOf(key);
    if (format === undefined || !key.startsWith(prefix)) return undefined;
    const fields = parseRenderedKey(template, key.slice(prefix.length, key.length - format.extension.length));
    if (fields?.endOffset === undefined || fields.topic !== this.topic || fields.partition !== this.partition) return undefined;
    return { first: fields.startOffset, last: fields.endOffset };
  }

  /** The partition's batch objects and runs that hold offsets from `from` on, in offset order (first offset, then key). */
  async *runsFrom(from: bigint): AsyncGenerator<ListedRun> {
    const listing = this.naming.rangeListing(this.topic, this.partition);
    const start = from - LOOKBACK_OFFSETS;
    let continuationToken: string | undefined;
    let startAfter = start > 0n ? `${listing.prefix}${padOffset(start)}` : undefined;
    for (;;) {
      const page = await this.bucket.list({
        prefix: listing.prefix,
        ...(startAfter === undefined ? {} : { startAfter }),
        ...(continuationToken === undefined ? {} : { continuationToken }),
      });
      startAfter = undefined;
      for (const listed of page.objects) {
        // Ranges are named by digits, which sort before the `_…` folders beside them: past the digits is the end.
        if ((listed.key[listing.prefix.length] ?? '') > '9') return;
        if (listing.indexed) {
          const range = listing.rangeOf(listed.key);
          if (range !== undefined && range.last >= from) {
            const run = await this.indexedRun(listed.key, range, listed.lastModified, from);
            if (run !== undefined) yield run;
          }
        } else {
          const range = this.rangeOf(listed.key);
          if (range !== undefined && range.last >= from) {
            yield { ...range, objects: [{ key: listed.key, ...range }], size: listed.size, lastModified: listed.lastModified };
          }
        }
      }
      continuationToken = page.nextToken;
      if (continuationToken === undefined) return;
    }
  }

  /** The `_index/` entries whose objects all lie in `keys`: they go when those objects go. */
  async indexEntriesOf(keys: ReadonlySet<string>, from: bigint, through: bigint): Promise<string[]> {
    const listing = this.naming.rangeListing(this.topic, this.partition);
    if (!listing.indexed) return [];
    const entries: string[] = [];
    for await (const run of this.runsFrom(from)) {
      if (run.first > through) break;
      if (run.indexKey !== undefined && run.objects.every((object) => keys.has(object.key))) entries.push(run.indexKey);
    }
    return entries;
  }

  /**
   * The objects an entry names, or undefined when all of them were compacted already. An entry may
   * name an object another entry names too (the sink names what a batch found archived, so that an
   * object a crash left without its entry is found): one already compacted and deleted is skipped.
   */
  private async indexedRun(indexKey: string, range: OffsetRange, lastModified: number, from: bigint): Promise<ListedRun | undefined> {
    const body = await this.bucket.get(indexKey);
    let named: unknown;
    try {
      named = (JSON.parse(body.toString('utf8')) as { objects?: unknown }).objects;
    } catch {
      named = undefined;
    }
    if (!Array.isArray(named) || named.length === 0 || !named.every((key) => typeof key === 'string')) {
      throw new CompactionError(`the index entry ${indexKey} is not {"objects":[…]} as the sink writes it`);
    }
    const objects = (named as string[]).map((key) => {
      const objectRange = this.rangeOf(key);
      if (objectRange === undefined) {
        throw new CompactionError(
          `the index entry ${indexKey} names ${key}, which is not a batch object key of ${this.topic}/${this.partition}`,
        );
      }
      return { key, ...objectRange };
    });
    const heads = await mapLimited(objects, HEAD_CONCURRENCY, async (object) => {
      const head = await this.bucket.head(object.key);
      if (head !== undefined) return { object, size: head.size };
      if (object.last < from) return undefined;
      throw new CompactionError(
        `${object.key}, named by the index entry ${indexKey}, does not exist: it was deleted before it was compacted (an expiry rule shorter than the compaction backlog?)`,
      );
    });
    const present = heads.filter((head) => head !== undefined);
    if (present.length === 0) return undefined;
    return {
      ...range,
      objects: present.map((head) => head.object).sort(byOffsets),
      size: present.reduce((sum, head) => sum + head.size, 0),
      lastModified,
      indexKey,
    };
  }
}

/** Batch objects in offset order: first offset, then key. */
export function byOffsets(a: BatchObject, b: BatchObject): number {
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Runs of objects whose offsets overlap (a batch split by time bucket, or stored twice with other
 * boundaries), from objects in offset order: each group is read together and merged by offset;
 * different groups never share an offset.
 */
export function overlappingGroups(objects: readonly BatchObject[]): BatchObject[][] {
  const groups: BatchObject[][] = [];
  let last = -1n;
  for (const object of objects) {
    const group = groups[groups.length - 1];
    if (group !== undefined && object.first <= last) group.push(object);
    else groups.push([object]);
    if (object.last > last) last = object.last;
  }
  return groups;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
