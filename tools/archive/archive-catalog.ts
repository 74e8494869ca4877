/**
 * @module What the archive holds, found by listing: the records objects of each topic-partition
 * with the offsets their keys name, the `_overflow/` values, `_conflicts/` copies and `_errors/`
 * objects, in the batch zone (under OSS_PREFIX) and in the compacted zone. A key is read with each
 * known template (parseRenderedKey); an object whose key none reads is opened once to learn its
 * topic, partition and offsets. Only what passes the filter is kept: the listing of a whole archive
 * is streamed, never held.
 */
import { CHECKPOINTS_FOLDER } from '../../lib/objects/compaction-checkpoint';
import type { KeyTemplate } from '../../lib/objects/key-template';
import { parseRenderedKey } from '../../lib/objects/key-template-keys';
import { ObjectDecodeError } from '../../lib/objects/object-decode-error';
import { decodeObject } from '../../lib/objects/object-decoder';
import { objectFormatOf } from '../../lib/objects/object-extension';
import { topicSegment } from '../../lib/objects/topic-segment';
import { MAX_PARTITION, parseOffset } from '../../lib/platform/kafka';
import type { ArchiveSource } from './archive-source';
import { ArchiveRequestError, type ListedObject } from './archive-store';
import { keyTimeSpan } from './key-time-span';

/** `batch`: a records object of the batch zone; `conflict`: its `_conflicts/` folder; `compacted`: the compacted zone. */
export type ObjectRole = 'batch' | 'conflict' | 'compacted';

export interface ArchiveObject extends ListedObject {
  role: ObjectRole;
  topic: string;
  partition: number;
  first: bigint;
  /** Unknown when the key names only its first offset. */
  last?: bigint;
}

export interface PartitionObjects {
  topic: string;
  partition: number;
  /** Records objects of both zones, by first offset. */
  objects: ArchiveObject[];
  /** `_overflow/` objects by the offset in their name. */
  overflow: Map<bigint, ListedObject[]>;
  /** The compaction checkpoint, when the compacted zone has one. */
  checkpoint?: ListedObject;
}

export interface CatalogFilter {
  topic?: string;
  partition?: number;
  fromOffset?: bigint;
  toOffset?: bigint;
  /** Epoch milliseconds, inclusive. */
  fromTime?: number;
  /** Epoch milliseconds, exclusive. */
  toTime?: number;
}

export interface ArchiveCatalog {
  partitions: PartitionObjects[];
  /** `_errors/` objects of the batch zone. */
  errorObjects: ListedObject[];
  /** Records objects that could not be read when opened to learn what they hold. */
  unreadable: Array<{ key: string; problem: string }>;
  /** Objects that are none of the archive's. */
  other: ListedObject[];
  /** Objects opened because no known template reads their key. */
  opened: number;
  /** Why the compacted zone could not be listed, when it was optional. */
  compactedUnlisted?: string;
}

export interface CatalogOptions {
  filter: CatalogFilter;
  /** List the compacted zone too; `optional`: go on without it when the credentials may not list it. */
  compacted: boolean | 'optional';
  signal?: AbortSignal;
}

const CHECKPOINTS = `${CHECKPOINTS_FOLDER}/`;
const CHECKPOINT_NAME = /^([^/]+)\/(0|[1-9]\d{0,9})\.json$/;
const SPECIAL = /^([^/]+)\/(0|[1-9]\d{0,9})\/_(overflow|conflicts|index)\/(.+)$/;
const OVERFLOW_NAME = /^(\d{19})(?:\.[0-9a-f]{32})?\.bin$/;
const CONFLICT_NAME = /^(\d{19})-(\d{19})\.[0-9a-f]{32}\./;

export async function listArchive(source: ArchiveSource, options: CatalogOptions): Promise<ArchiveCatalog> {
  const catalog = new CatalogBuilder({ batch: source.templates, compacted: source.compactedTemplates }, options.filter);
  if (options.compacted) {
    try {
      for await (const object of source.store.list(source.compactedPrefix)) {
        options.signal?.throwIfAborted();
        const rest = object.key.slice(source.compactedPrefix.length);
        if (rest.startsWith(CHECKPOINTS)) catalog.addCheckpoint(object, rest.slice(CHECKPOINTS.length));
        else catalog.add(object, rest, 'compacted');
      }
    } catch (error) {
      // A role limited to the archive's prefix may not list the compacted zone beside it.
      if (options.compacted !== 'optional' || !(error instanceof ArchiveRequestError) || error.status !== 403) throw error;
      catalog.compactedUnlisted = error.message;
    }
  }
  for await (const object of source.store.list(source.prefix)) {
    options.signal?.throwIfAborted();
    if (object.key.startsWith(source.compactedPrefix)) continue;
    catalog.add(object, object.key.slice(source.prefix.length), 'batch');
  }
  for (const { object, role } of catalog.unplaced) {
    options.signal?.throwIfAborted();
    await catalog.open(source, object, role);
  }
  return catalog.result();
}

class CatalogBuilder {
  readonly unplaced: Array<{ object: ListedObject; role: ObjectRole }> = [];
  compactedUnlisted: string | undefined;
  private readonly partitions = new Map<string, PartitionObjects>();
  private readonly errorObjects: ListedObject[] = [];
  private readonly unreadable: ArchiveCatalog['unreadable'] = [];
  private readonly other: ListedObject[] = [];
  private opened = 0;

  constructor(
    private readonly templates: Record<'batch' | 'compacted', readonly KeyTemplate[]>,
    private readonly filter: CatalogFilter,
  ) {}

  add(object: ListedObject, rest: string, zone: 'batch' | 'compacted'): void {
    if (zone === 'batch' && /^_errors\/[^/]+$/.test(rest)) {
      this.errorObjects.push(object);
      return;
    }
    const special = SPECIAL.exec(rest);
    if (special) {
      const [, segment, partitionText, folder, name] = special as unknown as [string, string, string, string, string];
      const topic = topicOf(segment);
      const partition = Number(partitionText);
      if (topic === undefined || partition > MAX_PARTITION) this.other.push(object);
      else if (folder === 'overflow') this.addOverflow(object, topic, partition, name);
      else if (folder === 'conflicts') this.addConflict(object, topic, partition, name);
      return; // `_index/` entries repeat what the listing shows
    }
    const format = objectFormatOf(rest);
    if (format === undefined) {
      this.other.push(object);
      return;
    }
    const stem = rest.slice(0, rest.length - format.extension.length);
    for (const template of this.templates[zone]) {
      const fields = parseRenderedKey(template, stem);
      if (fields === undefined) continue;
      const span = keyTimeSpan(fields.timeFields);
      if (span !== undefined && !this.inTime(span.from, span.to)) return;
      const { topic, partition, startOffset: first, endOffset: last } = fields;
      this.addRecords({ ...object, role: zone, topic, partition, first, ...(last === undefined ? {} : { last }) });
      return;
    }
    this.unplaced.push({ object, role: zone });
  }

  /** `<topic>/<partition>.json` under the compacted zone's `_checkpoints/` (see compaction-checkpoint.ts). */
  addCheckpoint(object: ListedObject, name: string): void {
    const match = CHECKPOINT_NAME.exec(name);
    const topic = match ? topicOf(match[1] as string) : undefined;
    const partition = Number(match?.[2]);
    if (topic === undefined || partition > MAX_PARTITION) this.other.push(object);
    else {
      const home = this.partition(topic, partition);
      if (home) home.checkpoint = object;
    }
  }

  /** Reads an object no template places, to learn which topic-partitions and offsets it holds. */
  async open(source: ArchiveSource, object: ListedObject, role: ObjectRole): Promise<void> {
    this.opened++;
    const body = await source.store.get(object.key);
    if (body === undefined) return; // deleted since it was listed
    try {
      const ranges = new Map<string, ArchiveObject>();
      for (const record of await decodeObject(object.key, body)) {
        const id = `${record.topic}\u0000${record.partition}`;
        const found = ranges.get(id);
        if (found === undefined) {
          const { topic, partition, offset } = record;
          ranges.set(id, { ...object, role, topic, partition, first: offset, last: offset });
        } else {
          if (record.offset < found.first) found.first = record.offset;
          if (record.offset > (found.last as bigint)) found.last = record.offset;
        }
      }
      for (const found of ranges.values()) this.addRecords(found);
    } catch (error) {
      if (!(error instanceof ObjectDecodeError)) throw error;
      this.unreadable.push({ key: object.key, problem: error.problem });
    }
  }

  result(): ArchiveCatalog {
    const partitions = [...this.partitions.values()].sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    for (const { objects } of partitions) objects.sort(byFirstOffset);
    const { errorObjects, unreadable, other, opened, compactedUnlisted } = this;
    return { partitions, errorObjects, unreadable, other, opened, ...(compactedUnlisted === undefined ? {} : { compactedUnlisted }) };
  }

  private addOverflow(object: ListedObject, topic: string, partition: number, name: string): void {
    const offset = parseOffset(OVERFLOW_NAME.exec(name)?.[1] ?? '');
    if (offset === undefined) {
      this.other.push(object);
      return;
    }
    if (!this.inOffsets(offset, offset)) return;
    const home = this.partition(topic, partition);
    if (home === undefined) return;
    const values = home.overflow.get(offset);
    if (values) values.push(object);
    else home.overflow.set(offset, [object]);
  }

  private addConflict(object: ListedObject, topic: string, partition: number, name: string): void {
    const match = CONFLICT_NAME.exec(name);
    const first = parseOffset(match?.[1] ?? '');
    const last = parseOffset(match?.[2] ?? '');
    if (first === undefined || last === undefined || objectFormatOf(name) === undefined) this.other.push(object);
    else this.addRecords({ ...object, role: 'conflict', topic, partition, first, last });
  }

  private addRecords(object: ArchiveObject): void {
    if (!this.inOffsets(object.first, object.last)) return;
    this.partition(object.topic, object.partition)?.objects.push(object);
  }

  /** The topic-partition's entry, made on first use; undefined when the filter leaves it out. */
  private partition(topic: string, partition: number): PartitionObjects | undefined {
    const { filter } = this;
    if ((filter.topic !== undefined && topic !== filter.topic) || (filter.partition !== undefined && partition !== filter.partition)) {
      return undefined;
    }
    const id = `${topic}\u0000${partition}`;
    let found = this.partitions.get(id);
    if (found === undefined) {
      found = { topic, partition, objects: [], overflow: new Map() };
      this.partitions.set(id, found);
    }
    return found;
  }

  private inOffsets(first: bigint, last: bigint | undefined): boolean {
    const { fromOffset, toOffset } = this.filter;
    return !((toOffset !== undefined && first > toOffset) || (fromOffset !== undefined && last !== undefined && last < fromOffset));
  }

  private inTime(from: number, to: number): boolean {
    const { fromTime, toTime } = this.filter;
    return !((toTime !== undefined && from >= toTime) || (fromTime !== undefined && to <= fromTime));
  }
}

/** The topic a key's topic segment stands for, when it is exactly what topicSegment makes of it. */
function topicOf(segment: string): string | undefined {
  try {
    const topic = decodeURIComponent(segment);
    return topicSegment(topic) === segment ? topic : undefined;
  } catch {
    return undefined;
  }
}

const ROLE_ORDER: Record<ObjectRole, number> = { batch: 0, compacted: 1, conflict: 2 };

function byFirstOffset(a: ArchiveObject, b: ArchiveObject): number {
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  if (a.role !== b.role) return ROLE_ORDER[a.role] - ROLE_ORDER[b.role];
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
