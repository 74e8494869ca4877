/**
 * @module One consumer task of a trigger (of `maximumTasks`): it reads its partitions, pushes one
 * batch at a time and pushes the next only after the previous one succeeded (its offsets are then
 * committed) or was given up (dead-lettered, or its partitions blocked). It may restart: it then
 * re-reads from the last committed offsets, and its first poll returns fewer messages, so the
 * batches it pushes again have new boundaries.
 */
import { type Batch, type Cursor, nextBatch, type WindowSettings } from './batch-window';
import type { DeadLetterFile } from './dead-letter-file';
import type { PushOutcome } from './instance-pool';
import type { PartitionLog } from './partition-log';
import type { Random } from './random';
import type { RetryStrategy } from './retry-strategy';
import type { SimClock } from './sim-clock';
import type { TriggerStats } from './trigger-stats';

/** A partition as the trigger's consumer group knows it. */
export interface PartitionState {
  readonly log: PartitionLog;
  /** The committed position: everything before it was pushed successfully or dead-lettered. */
  committed: number;
  /** Stopped after a batch failed its last retry (errorsTolerance NONE). */
  blocked: boolean;
  /** The positions of the last batch pushed. */
  lastPushed?: { from: number; to: number };
  /** The batch pushed before a restart, to compare the re-read one with. */
  beforeRestart?: { from: number; to: number };
}

export interface ConsumerContext {
  name: string;
  clock: SimClock;
  random: Random;
  window: WindowSettings;
  retry: RetryStrategy;
  errorsTolerance: 'ALL' | 'NONE';
  restartChance: number;
  stats: TriggerStats;
  deadLetters: DeadLetterFile;
  element(log: PartitionLog, index: number): string;
  push(body: Buffer): Promise<PushOutcome>;
}

export class Consumer {
  private readonly cursors: Array<Cursor & { state: PartitionState }>;
  private readySince = 0;
  /** The first poll after a restart returns at most this many messages. */
  private fetchLimit: number | undefined;
  /** Whether the last restart's new boundaries were counted already. */
  private newBoundariesCounted = true;

  constructor(
    private readonly context: ConsumerContext,
    partitions: readonly PartitionState[],
  ) {
    this.cursors = partitions.map((state) => ({ log: state.log, position: state.committed, state }));
  }

  async run(): Promise<void> {
    const { context } = this;
    for (;;) {
      const batch = await nextBatch(context.clock, {
        cursors: this.cursors.filter((cursor) => !cursor.state.blocked),
        settings: context.window,
        limit: this.fetchLimit ?? context.window.batchCount,
        readySince: this.readySince,
        element: context.element,
      });
      this.fetchLimit = undefined;
      if (batch === undefined) return;
      this.taken(batch);
      context.stats.windows[batch.closedBy]++;
      await this.deliver(batch);
      this.readySince = context.clock.now();
    }
  }

  /** Pushes the batch until it succeeds or its retries run out; a restart may cut this short. */
  private async deliver(batch: Batch): Promise<void> {
    const { context } = this;
    for (let push = 1; ; push++) {
      const outcome = await context.push(batch.body);
      if (context.random.chance(context.restartChance)) {
        this.restart(outcome.ok);
        return;
      }
      if (outcome.ok) {
        this.commit(batch);
        return;
      }
      if (push > context.retry.retries) {
        this.giveUp(batch, push, outcome);
        return;
      }
      context.stats.retries++;
      await context.clock.wait(context.retry.delayMs(push, context.random));
    }
  }

  private giveUp(batch: Batch, pushes: number, { cause, error }: Extract<PushOutcome, { ok: false }>): void {
    const { context } = this;
    if (context.errorsTolerance === 'ALL') {
      context.deadLetters.add({ trigger: context.name, pushes, cause, error }, batch.body);
      context.stats.deadLettered++;
      context.stats.deadLetteredBy[cause] = (context.stats.deadLetteredBy[cause] ?? 0) + 1;
      this.commit(batch);
      return;
    }
    for (const part of batch.parts) {
      const cursor = this.cursorOf(part.log);
      if (!cursor.state.blocked) context.stats.blocked++;
      cursor.state.blocked = true;
    }
  }

  private commit(batch: Batch): void {
    for (const part of batch.parts) {
      const { state } = this.cursorOf(part.log);
      this.context.stats.committed += part.to - state.committed;
      state.committed = part.to;
    }
  }

  /** Forgets what was read after the committed offsets: the next batches read it again. */
  private restart(succeeded: boolean): void {
    const { context } = this;
    context.stats.restarts++;
    if (succeeded) context.stats.restartsBeforeCommit++;
    for (const cursor of this.cursors) {
      if (cursor.state.blocked) continue;
      const pushed = cursor.state.lastPushed;
      if (pushed !== undefined && pushed.to > cursor.state.committed) cursor.state.beforeRestart = pushed;
      cursor.position = cursor.state.committed;
    }
    this.fetchLimit = context.random.int(1, context.window.batchCount);
    this.newBoundariesCounted = false;
  }

  /** Moves the cursors past the batch, and counts re-read messages and new boundaries. */
  private taken(batch: Batch): void {
    for (const part of batch.parts) {
      const cursor = this.cursorOf(part.log);
      const before = cursor.state.beforeRestart;
      if (before !== undefined) {
        cursor.state.beforeRestart = undefined;
        this.context.stats.reread += Math.max(0, Math.min(part.to, before.to) - part.from);
        if ((before.from !== part.from || before.to !== part.to) && !this.newBoundariesCounted) {
          this.context.stats.restartsWithNewBoundaries++;
          this.newBoundariesCounted = true;
        }
      }
      cursor.state.lastPushed = { from: part.from, to: part.to };
      cursor.position = part.to;
    }
  }

  private cursorOf(log: PartitionLog): Cursor & { state: PartitionState } {
    return this.cursors.find((cursor) => cursor.log === log) as Cursor & { state: PartitionState };
  }
}
