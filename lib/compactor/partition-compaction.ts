/**
 * @module One topic-partition's compaction, a step at a time, each step in the order that makes a
 * crash harmless: the step's plan (its batch objects and last offset) is written to the checkpoint
 * as `pending` before any compacted object; the compacted objects are written; the checkpoint moves
 * past the step. A run that finds a pending step redoes exactly it, so it makes exactly the same
 * objects: those already stored are recognised, the rest are written. Batch objects are deleted
 * (when asked to) only after that, and only once their compacted objects are verified.
 */
import {
  type CompactionCheckpoint,
  type CompactionStep,
  checkpointJson,
  checkpointKey,
  parseCheckpoint,
} from '../objects/compaction-checkpoint';
import { type BatchObject, PartitionSources } from './batch-sources';
import { differenceFrom } from './compacted-upload';
import type { CompactionBucket } from './compaction-bucket';
import { CompactionError } from './compaction-error';
import type { PartitionReport } from './compaction-report';
import { runStep, type StepResult, type WrittenObject } from './compaction-step';
import type { CompactorDeps } from './compactor-deps';
import type { TopicPartition } from './partition-discovery';
import { planStep, type StepLimits } from './step-plan';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Keys per DeleteMultipleObjects request (OSS's limit). */
const DELETE_BATCH = 1000;

export class PartitionCompaction {
  readonly report: PartitionReport;
  private checkpoint: CompactionCheckpoint | undefined;
  private readonly sources: PartitionSources;
  private readonly checkpointKey: string;

  constructor(
    readonly at: TopicPartition,
    private readonly bucket: CompactionBucket,
    private readonly deps: CompactorDeps,
  ) {
    this.sources = new PartitionSources(bucket, deps.sourceNaming, at.topic, at.partition);
    this.checkpointKey = checkpointKey(deps.settings.compaction.prefix, at.topic, at.partition);
    this.report = {
      ...at,
      state: 'more to do',
      steps: 0,
      objectsRead: 0,
      records: 0,
      duplicatesDropped: 0,
      conflicts: 0,
      compactedObjects: 0,
      alreadyWritten: 0,
      bytesIn: 0,
      bytesOut: 0,
      deletedSources: 0,
      nextOffset: null,
      pending: false,
      written: [],
    };
  }

  /** Does the next step: resolves true when one was done (more may follow), false when nothing is old enough to compact. */
  async step(limits: () => StepLimits): Promise<boolean> {
    const checkpoint = this.checkpoint ?? (await this.load());
    let step: CompactionStep;
    let objects: BatchObject[];
    if (checkpoint.pending !== null) {
      step = checkpoint.pending;
      objects = step.sources.map((key) => this.pendingObject(key));
    } else {
      const planned = await planStep(this.sources.runsFrom(checkpoint.nextOffset), limits());
      if (planned === undefined) {
        this.report.state = 'up to date';
        return false;
      }
      step = { sources: planned.sources, lastOffset: planned.lastOffset };
      objects = planned.objects;
      await this.save({ ...checkpoint, pending: step });
    }
    const result = await runStep(
      { ...this.deps, bucket: this.bucket, naming: this.deps.compactedNaming, topic: this.at.topic, partition: this.at.partition },
      objects,
      checkpoint.nextOffset,
      step.lastOffset,
    );
    this.count(result);
    await this.save({ ...checkpoint, nextOffset: step.lastOffset + 1n, pending: null });
    if (this.deps.settings.compaction.deleteSources) {
      await this.deleteSources(objects, result.written, checkpoint.nextOffset, step.lastOffset);
    }
    return true;
  }

  fail(problem: string): void {
    this.report.state = 'failed';
    this.report.error = problem;
  }

  private async load(): Promise<CompactionCheckpoint> {
    const { topic, partition } = this.at;
    const body = await this.bucket.getIfExists(this.checkpointKey);
    let checkpoint: CompactionCheckpoint = { topic, partition, nextOffset: 0n, pending: null };
    if (body !== undefined) {
      const parsed = parseCheckpoint(body.toString('utf8'));
      if (typeof parsed === 'string' || parsed.topic !== topic || parsed.partition !== partition) {
        const problem = typeof parsed === 'string' ? parsed : `it is the checkpoint of ${parsed.topic}/${parsed.partition}`;
        throw new CompactionError(
          `the checkpoint ${this.checkpointKey} cannot be used: ${problem}. Write it again in its form (the README's Compaction ` +
            "section; each run's log line gives the partition's nextOffset), or delete it to compact this partition again from " +
            'offset 0, into new objects beside the ones already there',
        );
      }
      checkpoint = parsed;
    }
    this.checkpoint = checkpoint;
    this.showCheckpoint();
    this.report.conflicts = await this.conflictObjects();
    return checkpoint;
  }

  private async save(checkpoint: CompactionCheckpoint): Promise<void> {
    await this.bucket.put(this.checkpointKey, Buffer.from(checkpointJson(checkpoint), 'utf8'), JSON_TYPE);
    this.checkpoint = checkpoint;
    this.showCheckpoint();
  }

  private showCheckpoint(): void {
    this.report.nextOffset = String(this.checkpoint?.nextOffset ?? 0n);
    this.report.pending = this.checkpoint?.pending != null;
  }

  private pendingObject(key: string): BatchObject {
    const range = this.sources.rangeOf(key);
    if (range === undefined) {
      throw new CompactionError(
        `the pending step in ${this.checkpointKey} names ${key}, which is not a batch object of ${this.at.topic}/${this.at.partition} ` +
          'under OSS_PREFIX and OBJECT_KEY_TEMPLATE: were they changed? Restore them and run again',
      );
    }
    return { key, ...range };
  }

  /** `_conflicts/` holds records kept apart by the sink: counted and reported, never mixed into the compacted zone. */
  private async conflictObjects(): Promise<number> {
    const prefix = `${this.deps.sourceNaming.home(this.at.topic, this.at.partition)}_conflicts/`;
    let count = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.bucket.list({ prefix, ...(continuationToken === undefined ? {} : { continuationToken }) });
      count += page.objects.length;
      continuationToken = page.nextToken;
    } while (continuationToken !== undefined);
    return count;
  }

  private count(result: StepResult): void {
    const { report } = this;
    report.steps++;
    report.objectsRead += result.objectsRead;
    report.bytesIn += result.bytesIn;
    report.duplicatesDropped += result.duplicatesDropped;
    for (const object of result.written) {
      report.records += object.records;
      if (object.outcome === 'created') {
        report.compactedObjects++;
        report.bytesOut += object.bytes;
      } else report.alreadyWritten++;
      report.written.push({ key: object.key, records: object.records, bytes: object.bytes, outcome: object.outcome });
    }
  }

  /** Deletes the step's batch objects once each compacted object of the step is there as written (HEAD: MD5 and record count). */
  private async deleteSources(
    objects: readonly BatchObject[],
    written: readonly WrittenObject[],
    from: bigint,
    last: bigint,
  ): Promise<void> {
    for (const object of written) {
      const problem = await differenceFrom(this.bucket, object.key, object);
      if (problem !== undefined) {
        throw new CompactionError(
          `the batch objects of ${this.at.topic}/${this.at.partition} up to offset ${last} were not deleted: ${object.key} ${problem}`,
        );
      }
    }
    const keys = objects.map((object) => object.key).filter((key) => !this.kept(key));
    // An `_index/` entry goes first: the sink must never find an entry that names objects no longer there.
    const entries = await this.sources.indexEntriesOf(new Set(keys), from, last);
    for (const batch of [entries, keys]) {
      for (let at = 0; at < batch.length; at += DELETE_BATCH) {
        const chunk = batch.slice(at, at + DELETE_BATCH);
        const deleted = new Set(await this.bucket.deleteMany(chunk));
        this.report.deletedSources += chunk.filter((key) => deleted.has(key)).length;
      }
    }
  }

  /** Whole values, records kept apart and rejected elements stay where the sink put them, whatever else goes. */
  private kept(key: string): boolean {
    return /\/_(overflow|conflicts)\//.test(key) || key.startsWith(`${this.deps.sourceNaming.prefix}_errors/`);
  }
}
