/**
 * @module Which batch objects the next compaction step takes: the partition's runs in offset order
 * from the checkpoint on, until they hold enough bytes for a step, up to the first run younger
 * than COMPACT_MIN_AGE_SECONDS (a batch may still be being stored, or stored again), so that what
 * is compacted is always a prefix of the partition's offsets. Runs whose offsets overlap stay in
 * one step, and one that overlaps a run too young to take is left out with it.
 */
import type { CompactionStep } from '../objects/compaction-checkpoint';
import { type BatchObject, byOffsets, type ListedRun } from './batch-sources';

export interface StepLimits {
  /** Bytes of batch objects a step takes: more go in only with a run that overlaps the last one. */
  budgetBytes: number;
  maxSources: number;
  minAgeMs: number;
  now: number;
}

export interface PlannedStep extends CompactionStep {
  objects: BatchObject[];
}

export async function planStep(runs: AsyncIterable<ListedRun>, limits: StepLimits): Promise<PlannedStep | undefined> {
  const groups: Array<{ runs: ListedRun[]; last: bigint }> = [];
  let bytes = 0;
  let sources = 0;
  for await (const run of runs) {
    const group = groups[groups.length - 1];
    const overlaps = group !== undefined && run.first <= group.last;
    if (limits.now - run.lastModified < limits.minAgeMs) {
      if (overlaps) groups.pop();
      break;
    }
    if (!overlaps && groups.length > 0 && (bytes >= limits.budgetBytes || sources + run.objects.length > limits.maxSources)) break;
    if (overlaps) {
      group.runs.push(run);
      if (run.last > group.last) group.last = run.last;
    } else groups.push({ runs: [run], last: run.last });
    bytes += run.size;
    sources += run.objects.length;
  }
  if (groups.length === 0) return undefined;
  const byKey = new Map(groups.flatMap((group) => group.runs.flatMap((run) => run.objects.map((object) => [object.key, object] as const))));
  const objects = [...byKey.values()].sort(byOffsets);
  const lastOffset = groups.reduce((last, group) => (group.last > last ? group.last : last), 0n);
  return { sources: objects.map((object) => object.key), lastOffset, objects };
}
