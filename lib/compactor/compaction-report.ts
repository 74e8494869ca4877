/** @module What one compaction run did; the handler resolves with it as JSON, and its log line carries the counts. */
import type { CompactionRequests } from './compaction-bucket';
import type { WrittenObject } from './compaction-step';

export interface PartitionReport {
  topic: string;
  partition: number;
  /** `up to date`: nothing old enough is left; `more to do`: the run's time ran out first; `failed`: see `error`. */
  state: 'up to date' | 'more to do' | 'failed';
  /** Compaction steps completed by this run. */
  steps: number;
  /** Batch objects read. */
  objectsRead: number;
  /** Records in the compacted objects of the completed steps. */
  records: number;
  /** Copies of offsets already read, or already compacted, left out. */
  duplicatesDropped: number;
  /** Objects in the partition's `_conflicts/`: records whose offsets the archive already held with other content, never compacted. */
  conflicts: number;
  /** Compacted objects created by this run. */
  compactedObjects: number;
  /** Compacted objects of a redone step that an earlier run had already stored. */
  alreadyWritten: number;
  bytesIn: number;
  bytesOut: number;
  /** Batch objects (and `_index/` entries) deleted after their compacted objects were verified. */
  deletedSources: number;
  /** Every offset below this is in the compacted zone, once; null when the run ended before it read the checkpoint. */
  nextOffset: string | null;
  /** A step is planned and not yet confirmed: the next run redoes exactly it. */
  pending: boolean;
  error?: string;
  written: Array<Pick<WrittenObject, 'key' | 'records' | 'bytes' | 'outcome'>>;
}

export type Totals = Pick<
  PartitionReport,
  | 'steps'
  | 'objectsRead'
  | 'records'
  | 'duplicatesDropped'
  | 'conflicts'
  | 'compactedObjects'
  | 'alreadyWritten'
  | 'bytesIn'
  | 'bytesOut'
  | 'deletedSources'
>;

export interface CompactionSummary {
  /** From the timer event, for the log. */
  triggerTime?: string;
  triggerName?: string;
  partitions: PartitionReport[];
  totals: Totals & { partitions: number; failed: number; upToDate: number };
  /** The run stopped starting steps because the invocation's time was running out. */
  stoppedAtDeadline: boolean;
  /** The failure that cut a step short at the deadline (its plan stays pending): a slow or failing OSS shows here. */
  cutShort?: string;
  requests: CompactionRequests;
  retries: number;
  durationMs: number;
}

const COUNTED = [
  'steps',
  'objectsRead',
  'records',
  'duplicatesDropped',
  'conflicts',
  'compactedObjects',
  'alreadyWritten',
  'bytesIn',
  'bytesOut',
  'deletedSources',
] as const;

export function totalsOf(partitions: readonly PartitionReport[]): CompactionSummary['totals'] {
  const totals = Object.fromEntries(COUNTED.map((name) => [name, partitions.reduce((sum, p) => sum + p[name], 0)])) as unknown as Totals;
  return {
    partitions: partitions.length,
    failed: partitions.filter((p) => p.state === 'failed').length,
    upToDate: partitions.filter((p) => p.state === 'up to date').length,
    ...totals,
  };
}
