/**
 * @module What one topic-partition's objects hold, offset by offset: the ranges archived, offsets
 * stored more than once, cut values whose whole copy is missing, objects that cannot be read, and,
 * with the compacted zone, whether it holds every offset the batch objects hold below the
 * checkpoint, once and with the same content.
 */
import { type CompactionCheckpoint, parseCheckpoint } from '../../lib/objects/compaction-checkpoint';
import { ObjectDecodeError } from '../../lib/objects/object-decode-error';
import type { StoredRecord } from '../../lib/objects/stored-record';
import type { ArchiveObject, PartitionObjects } from './archive-catalog';
import type { ArchiveStore } from './archive-store';
import { messageGroups } from './archived-message';
import type { ValueEncoding } from './value-encoding';
import type { ObjectReader } from './object-reader';
import { OffsetRanges, type OffsetRange } from './offset-ranges';
import { mergePartition, type RecordCopy } from './partition-merge';
import { overflowCandidates } from './whole-values';

export interface PartitionReport {
  topic: string;
  partition: number;
  /** Records objects of the batch zone, and their `_conflicts/` copies. */
  objects: number;
  conflictObjects: string[];
  /** Distinct offsets the batch objects hold. */
  offsets: number;
  ranges: OffsetRange[];
  /** Offsets between the ranges: not failures (compacted and transactional topics have them). */
  gaps: OffsetRange[];
  /** Offsets held by more than one batch object. */
  duplicates: OffsetRange[];
  /** Of those, the offsets whose copies differ. */
  duplicatesDiffering: OffsetRange[];
  /** The objects holding the duplicates (at most DUPLICATE_OBJECTS_LISTED). */
  duplicateObjects: string[];
  /** Cut values whose whole copy should be in `_overflow/` and is not. */
  overflowMissing: Array<{ offset: bigint; problem: string }>;
  /** Cut values the function was told not to keep whole (full records with overflowKey null). */
  cutWithoutCopy: number;
  unreadable: Array<{ key: string; problem: string }>;
  compacted?: CompactedReport;
}

export interface CompactedReport {
  /** Null when the partition has no checkpoint (not compacted yet). */
  checkpoint: { nextOffset: bigint; pending: boolean } | null;
  checkpointProblem?: string;
  objects: number;
  /** Below the checkpoint, held by batch objects and not by the compacted zone. */
  missing: OffsetRange[];
  /** Below the checkpoint, held more than once by the compacted zone. */
  duplicated: OffsetRange[];
  /** Below the checkpoint, held by both zones with other content. */
  different: OffsetRange[];
  /** Below the checkpoint, held by the compacted zone alone: the compactor deleted their batch objects. */
  sourcesDeleted: OffsetRange[];
  /** Batch offsets at or past the checkpoint, still to be compacted. */
  notYetCompacted: number;
  /** Compacted offsets at or past the checkpoint (a step not yet confirmed writes them). */
  pastCheckpoint: number;
}

const DUPLICATE_OBJECTS_LISTED = 20;

export async function verifyPartition(
  partition: PartitionObjects,
  reader: ObjectReader,
  store: ArchiveStore,
  options: { compacted: boolean; seedEncoding: ValueEncoding; signal: AbortSignal },
): Promise<PartitionReport> {
  const report: PartitionReport = {
    topic: partition.topic,
    partition: partition.partition,
    objects: partition.objects.filter(({ role }) => role !== 'compacted').length,
    conflictObjects: partition.objects.filter(({ role }) => role === 'conflict').map(({ key }) => key),
    offsets: 0,
    ranges: [],
    gaps: [],
    duplicates: [],
    duplicatesDiffering: [],
    duplicateObjects: [],
    overflowMissing: [],
    cutWithoutCopy: 0,
    unreadable: [],
  };
  const archived = new OffsetRanges();
  const duplicates = new OffsetRanges();
  const differing = new OffsetRanges();
  const duplicateObjects = new Set<string>();
  const compacted = options.compacted ? await compactedCheck(partition, store) : undefined;

  reader.plan(partition.objects);
  const open = (object: ArchiveObject) => readable(reader.records(object), object, report);
  for await (const { offset, copies } of mergePartition(partition.objects, open)) {
    options.signal.throwIfAborted();
    const batch = copies.filter(({ object }) => object.role === 'batch');
    const inCompacted = copies.filter(({ object }) => object.role === 'compacted');
    if (batch.length > 0) archived.add(offset);
    if (batch.length > 1) {
      duplicates.add(offset);
      if (messageGroups(batch, options.seedEncoding).length > 1) differing.add(offset);
      for (const { object } of batch) if (duplicateObjects.size < DUPLICATE_OBJECTS_LISTED) duplicateObjects.add(object.key);
    }
    const held = (batch[0] ?? inCompacted[0])?.record;
    if (held?.overflowFlag && held.value !== null) checkOverflow(held, partition, report);
    compacted?.add(offset, batch, inCompacted, options.seedEncoding);
  }
  report.offsets = archived.count;
  report.ranges = archived.ranges;
  report.gaps = archived.gaps();
  report.duplicates = duplicates.ranges;
  report.duplicatesDiffering = differing.ranges;
  report.duplicateObjects = [...duplicateObjects];
  if (compacted) report.compacted = compacted.report();
  return report;
}

function checkOverflow(record: StoredRecord, partition: PartitionObjects, report: PartitionReport): void {
  const { keys, kept } = overflowCandidates(record, partition);
  if (!kept) report.cutWithoutCopy++;
  else if (keys.length === 0) {
    const expected = record.overflowKey ?? `_overflow/${record.offset}.bin of ${record.valueSize} bytes`;
    report.overflowMissing.push({ offset: record.offset, problem: `its value is cut and ${expected} is missing` });
  }
}

/** The object's records until one cannot be read, which is then reported instead of ending the run. */
async function* readable(
  records: AsyncGenerator<StoredRecord>,
  object: ArchiveObject,
  report: PartitionReport,
): AsyncGenerator<StoredRecord> {
  try {
    yield* records;
  } catch (error) {
    if (!(error instanceof ObjectDecodeError)) throw error;
    report.unreadable.push({ key: object.key, problem: error.problem });
  }
}

async function compactedCheck(partition: PartitionObjects, store: ArchiveStore): Promise<CompactedCheck> {
  if (partition.checkpoint === undefined) return new CompactedCheck(partition, null);
  const body = await store.get(partition.checkpoint.key);
  const parsed = body === undefined ? 'it is gone (deleted while it was being read?)' : parseCheckpoint(body.toString('utf8'));
  if (typeof parsed === 'string') return new CompactedCheck(partition, null, `${partition.checkpoint.key}: ${parsed}`);
  if (parsed.topic !== partition.topic || parsed.partition !== partition.partition) {
    const says = `${parsed.topic}/${parsed.partition}`;
    return new CompactedCheck(
      partition,
      null,
      `${partition.checkpoint.key} is the checkpoint of ${says}, not of ${partition.topic}/${partition.partition}`,
    );
  }
  return new CompactedCheck(partition, parsed);
}

class CompactedCheck {
  private readonly missing = new OffsetRanges();
  private readonly duplicated = new OffsetRanges();
  private readonly different = new OffsetRanges();
  private readonly sourcesDeleted = new OffsetRanges();
  private notYetCompacted = 0;
  private pastCheckpoint = 0;

  constructor(
    private readonly partition: PartitionObjects,
    private readonly checkpoint: CompactionCheckpoint | null,
    private readonly problem?: string,
  ) {}

  add(offset: bigint, batch: RecordCopy[], compacted: RecordCopy[], seedEncoding: ValueEncoding): void {
    const next = this.checkpoint?.nextOffset;
    if (next === undefined || offset >= next) {
      if (batch.length > 0) this.notYetCompacted++;
      if (compacted.length > 0) this.pastCheckpoint++;
      return;
    }
    if (compacted.length === 0) {
      if (batch.length > 0) this.missing.add(offset);
      return;
    }
    if (compacted.length > 1) this.duplicated.add(offset);
    if (batch.length === 0) this.sourcesDeleted.add(offset);
    else if (messageGroups([batch[0] as RecordCopy, ...compacted], seedEncoding).length > 1) this.different.add(offset);
  }

  report(): CompactedReport {
    const { checkpoint } = this;
    return {
      checkpoint: checkpoint === null ? null : { nextOffset: checkpoint.nextOffset, pending: checkpoint.pending !== null },
      ...(this.problem === undefined ? {} : { checkpointProblem: this.problem }),
      objects: this.partition.objects.filter(({ role }) => role === 'compacted').length,
      missing: this.missing.ranges,
      duplicated: this.duplicated.ranges,
      different: this.different.ranges,
      sourcesDeleted: this.sourcesDeleted.ranges,
      notYetCompacted: this.notYetCompacted,
      pastCheckpoint: this.pastCheckpoint,
    };
  }
}
