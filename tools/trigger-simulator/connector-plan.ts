/**
 * @module A simulated connector: one Kafka trigger and the function it pushes to, with the
 * function's settings, the topic's partitions, what its messages are like and how they arrive.
 */
import type { Production } from './partition-log';
import type { MessageMix, ValueDataType } from './synthetic-message';
import type { TriggerSettings } from './kafka-trigger';

export interface ConnectorPlan {
  trigger: TriggerSettings;
  partitions: number;
  valueDataType: ValueDataType;
  /** The function's settings besides where OSS is (RECORD_FORMAT, OBJECT_KEY_TEMPLATE, MAX_VALUE_BYTES, ...). */
  env: Record<string, string>;
  mix: Omit<MessageMix, 'valueDataType' | 'maxValueBytes'>;
  production: Production;
  /**
   * The permanently failing case: once this share of the run's invocations is reached, the next
   * `requests` requests for one partition's objects are refused (403 AccessDenied), so that
   * batches fail every push until the outage ends.
   */
  outage?: { partition: number; atShare: number; requests: number };
  /** The chance that an invocation's instance is killed part way through, instead of the run's. */
  killChance?: number;
}
