/**
 * @module One Kafka trigger of the function: a topic's partitions, fed by the producer, read by
 * `maximumTasks` consumers (each partition by one of them), each batch pushed in the trigger's push
 * format to an instance of the function, and the trigger's retry strategy and errorsTolerance
 * applied to the batches that fail.
 */
import type { PushFormat } from '../trigger-events';
import type { WindowSettings } from './batch-window';
import { Consumer, type PartitionState } from './consumer';
import type { DeadLetterFile } from './dead-letter-file';
import type { InstancePool, PushOutcome } from './instance-pool';
import type { PartitionLog } from './partition-log';
import { Random } from './random';
import { type RetryStrategyName, retryStrategy } from './retry-strategy';
import type { SimClock } from './sim-clock';
import { type MessageMix, syntheticMessage } from './synthetic-message';
import { elementText } from './trigger-element';
import { emptyTriggerStats, type TriggerStats } from './trigger-stats';

export interface TriggerSettings {
  /** The trigger's (and its function's) name. */
  name: string;
  topic: string;
  pushFormat: PushFormat;
  window: WindowSettings;
  maximumTasks: number;
  retryStrategy: RetryStrategyName;
  errorsTolerance: 'ALL' | 'NONE';
  /** The chance that a consumer restarts after a push, before committing or retrying it. */
  restartChance: number;
}

export interface TriggerContext {
  seed: string;
  clock: SimClock;
  pool: InstancePool;
  deadLetters: DeadLetterFile;
  mix: MessageMix;
  /** Told of every push, when its outcome is known. */
  onPush(outcome: PushOutcome): void;
}

export class KafkaTrigger {
  readonly stats: TriggerStats = emptyTriggerStats();
  readonly partitions: PartitionState[];

  constructor(
    readonly settings: TriggerSettings,
    logs: readonly PartitionLog[],
    private readonly context: TriggerContext,
  ) {
    this.partitions = logs.map((log) => ({ log, committed: 0, blocked: false }));
    for (const state of this.partitions) state.log.committed = () => state.committed;
  }

  /** Runs the consumers until every partition is read to its end, or blocked. */
  async run(): Promise<void> {
    const { settings, context } = this;
    const tasks = Math.max(1, Math.min(settings.maximumTasks, this.partitions.length));
    const consumers = Array.from({ length: tasks }, (_, task) => {
      const assigned = this.partitions.filter((_state, partition) => partition % tasks === task);
      return new Consumer(
        {
          name: settings.name,
          clock: context.clock,
          random: new Random(context.seed, 'consumer', settings.name, task),
          window: settings.window,
          retry: retryStrategy(settings.retryStrategy),
          errorsTolerance: settings.errorsTolerance,
          restartChance: settings.restartChance,
          stats: this.stats,
          deadLetters: context.deadLetters,
          element: (log, index) => this.element(log, index),
          push: (body) => this.push(body),
        },
        assigned,
      );
    });
    await Promise.all(consumers.map((consumer) => consumer.run()));
  }

  private element(log: PartitionLog, index: number): string {
    const message = syntheticMessage(this.context.seed, log.topic, log.partition, index, log.offsets[index] as number, this.context.mix);
    return elementText(message, this.settings.pushFormat);
  }

  private async push(body: Buffer): Promise<PushOutcome> {
    const outcome = await this.context.pool.invoke(body);
    this.stats.pushes++;
    if (outcome.ok) this.stats.succeeded++;
    else {
      this.stats.failed++;
      this.stats.failures[outcome.cause] = (this.stats.failures[outcome.cause] ?? 0) + 1;
    }
    this.context.onPush(outcome);
    return outcome;
  }
}
