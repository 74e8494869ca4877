/**
 * @module Where compaction keeps its progress, and what it says. One checkpoint object per
 * topic-partition, under the compacted zone:
 *
 *     <COMPACTED_PREFIX>_checkpoints/<topic>/<partition>.json
 *     {"topic":"orders","partition":3,"nextOffset":"1300","pending":null}
 *
 * `nextOffset`: every record the batch objects hold with a smaller offset is in the compacted
 * zone, once. `pending`: a compaction step that was started and not yet confirmed — the batch
 * objects it reads, in order, and the offset it ends at — so that a rerun after a crash redoes
 * exactly that step and makes exactly the same compacted objects.
 */
import { isJsonObject } from '../platform/json';
import { parseOffset } from '../platform/kafka';
import { topicSegment } from './topic-segment';

export interface CompactionStep {
  /** The batch objects the step reads, in offset order. */
  sources: string[];
  /** The last offset the step compacts; the checkpoint moves past it when the step is confirmed. */
  lastOffset: bigint;
}

export interface CompactionCheckpoint {
  topic: string;
  partition: number;
  nextOffset: bigint;
  pending: CompactionStep | null;
}

/** The folder of the compacted zone where checkpoints are kept, beside the compacted objects. */
export const CHECKPOINTS_FOLDER = '_checkpoints';

export function checkpointKey(compactedPrefix: string, topic: string, partition: number): string {
  return `${compactedPrefix}${CHECKPOINTS_FOLDER}/${topicSegment(topic)}/${partition}.json`;
}

export function checkpointJson(checkpoint: CompactionCheckpoint): string {
  const { pending } = checkpoint;
  return JSON.stringify({
    topic: checkpoint.topic,
    partition: checkpoint.partition,
    nextOffset: checkpoint.nextOffset.toString(),
    pending: pending === null ? null : { sources: pending.sources, lastOffset: pending.lastOffset.toString() },
  });
}

/** The checkpoint in `text`, or a sentence saying what is wrong with it. */
export function parseCheckpoint(text: string): CompactionCheckpoint | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  if (!isJsonObject(parsed)) return 'it is not a JSON object';
  const { topic, partition, nextOffset, pending } = parsed;
  const next = typeof nextOffset === 'string' ? parseOffset(nextOffset) : undefined;
  if (typeof topic !== 'string' || typeof partition !== 'number' || !Number.isInteger(partition) || next === undefined) {
    return 'it lacks topic, partition or nextOffset (a string of digits)';
  }
  if (pending === null) return { topic, partition, nextOffset: next, pending: null };
  const lastOffset = isJsonObject(pending) && typeof pending.lastOffset === 'string' ? parseOffset(pending.lastOffset) : undefined;
  const sources =
    isJsonObject(pending) && Array.isArray(pending.sources) && pending.sources.every((s) => typeof s === 'string')
      ? pending.sources
      : undefined;
  if (lastOffset === undefined || sources === undefined) return 'its pending step lacks sources or lastOffset';
  return { topic, partition, nextOffset: next, pending: { sources: sources as string[], lastOffset } };
}
