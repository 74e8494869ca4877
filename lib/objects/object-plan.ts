/**
 * @module What a topic-partition's part of a batch becomes, given what the archive already holds
 * for its offsets: records already archived with the same content are not written again, records
 * whose offsets were archived with other content are kept apart, and the new records are stored in
 * runs that never enclose an archived range, so archived ranges never overlap.
 */
import type { OffsetRange } from './object-naming';
import type { Entry } from './partition-batch';
import { entryRecord, sameMessage } from './same-message';
import type { StoredRecord } from './stored-record';

/** An archived object's offset range, with its records (only those in the batch's range are needed). */
export interface ArchivedRange extends OffsetRange {
  /** The object holding the range, and its size. */
  key: string;
  size: number;
  records: ReadonlyMap<bigint, StoredRecord>;
}

export interface PartitionPlan {
  /** Records already archived with the same content, by the object holding them. */
  alreadyArchived: Map<ArchivedRange, number>;
  /** Each run is stored as one object per time bucket. */
  runs: Entry[][];
  /** Records whose offsets are archived with other content (or inside an archived range without a record). */
  conflicts: Entry[];
}

/** `entries` in offset order; `archived` sorted by first offset, not overlapping. */
export function planPartition(entries: readonly Entry[], archived: readonly ArchivedRange[]): PartitionPlan {
  const plan: PartitionPlan = { alreadyArchived: new Map(), runs: [], conflicts: [] };
  let range = 0;
  let run: Entry[] = [];
  let rangesBeforeRun = -1;
  for (const entry of entries) {
    while (range < archived.length && (archived[range] as ArchivedRange).last < entry.offset) range++;
    const holder = archived[range];
    if (holder !== undefined && holder.first <= entry.offset) {
      const stored = holder.records.get(entry.offset);
      if (stored !== undefined && sameMessage(entryRecord(entry), stored)) {
        plan.alreadyArchived.set(holder, (plan.alreadyArchived.get(holder) ?? 0) + 1);
      } else plan.conflicts.push(entry);
      continue;
    }
    // An archived range lies between this record and the run's last one: start a new run.
    if (run.length > 0 && range !== rangesBeforeRun) {
      plan.runs.push(run);
      run = [];
    }
    run.push(entry);
    rangesBeforeRun = range;
  }
  if (run.length > 0) plan.runs.push(run);
  return plan;
}

/** A run's records, grouped by time bucket (in offset order within each). */
export function byBucket(run: readonly Entry[]): Entry[][] {
  const buckets = new Map<string, Entry[]>();
  for (const entry of run) {
    const group = buckets.get(entry.bucket);
    if (group) group.push(entry);
    else buckets.set(entry.bucket, [entry]);
  }
  return [...buckets.values()];
}

export function rangeOf(entries: readonly Entry[]): OffsetRange {
  return { first: (entries[0] as Entry).offset, last: (entries[entries.length - 1] as Entry).offset };
}
