/**
 * @module The runs the commands make: the soak's three connectors (one per push format, value
 * data type, retry strategy and errorsTolerance, each with its permanently failing outage or not)
 * under the soak's faults, and the scale run's one connector with its backlog.
 */
import { MAX_SYNC_EVENT_BYTES } from '../../lib/platform/fc';
import type { ConnectorPlan } from './connector-plan';
import type { Production } from './partition-log';
import type { FaultPlan } from './simulation';

/** The README's Hive-style layout: event-time folders, the records of a batch split where the hour changes. */
export const HIVE_KEY_TEMPLATE =
  'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';

/** A third of OSS requests faulted, a tenth of DNS lookups failing, instances now and then recycled or killed. */
export const SOAK_FAULTS: FaultPlan = { ossRate: 0.3, maxLatencyMs: 100, dnsFailureRate: 0.1, killChance: 0.03, recycleChance: 0.04 };

/** The soak's clock: the trigger's 10-20 s between retries take 50-100 ms. */
export const SOAK_COMPRESSION = 500;

/** Bursts (about 1/pauseChance messages, burstGapMs apart) between pauses: windows close by count in a burst, by time between them. */
const STREAM: Production = { backlog: false, burstGapMs: 20, pauseMs: 60_000, pauseChance: 1 / 100, offsetGapEvery: 50, maxLag: 120 };

/** The soak's connectors; `env` is added to every function's settings. */
export function soakConnectors(env: Record<string, string> = {}): ConnectorPlan[] {
  return [
    {
      trigger: {
        name: 'orders',
        topic: 'orders',
        pushFormat: 'cloudevents',
        window: { batchCount: 40, batchSeconds: 3, maxBodyBytes: MAX_SYNC_EVENT_BYTES },
        maximumTasks: 3,
        retryStrategy: 'BACKOFF_RETRY',
        errorsTolerance: 'ALL',
        restartChance: 0.05,
      },
      partitions: 6,
      valueDataType: 'Text',
      env,
      mix: { oversizeEvery: 1500, largeEvery: 400, poisonEvery: 300 },
      production: STREAM,
      outage: { partition: 1, atShare: 0.2, requests: 12 },
    },
    {
      trigger: {
        name: 'telemetry',
        topic: 'telemetry',
        pushFormat: 'cloudevents-as-strings',
        window: { batchCount: 25, batchSeconds: 1, maxBodyBytes: MAX_SYNC_EVENT_BYTES },
        maximumTasks: 2,
        retryStrategy: 'EXPONENTIAL_DECAY_RETRY',
        errorsTolerance: 'NONE',
        restartChance: 0.05,
      },
      partitions: 4,
      valueDataType: 'Json',
      env,
      mix: { oversizeEvery: 2500, largeEvery: 500, poisonEvery: 400 },
      production: { ...STREAM, burstGapMs: 50, pauseMs: 1_000_000, pauseChance: 1 / 40, maxLag: 60 },
      outage: { partition: 2, atShare: 0.5, requests: 8 },
    },
    {
      trigger: {
        name: 'blobs',
        topic: 'blobs',
        pushFormat: 'rawdata',
        window: { batchCount: 1000, batchSeconds: 5, maxBodyBytes: MAX_SYNC_EVENT_BYTES },
        maximumTasks: 1,
        retryStrategy: 'BACKOFF_RETRY',
        errorsTolerance: 'ALL',
        restartChance: 0.05,
      },
      partitions: 2,
      valueDataType: 'Binary',
      env,
      // Bursts of large values: a burst's batch reaches the 32 MB body limit before its count.
      mix: { oversizeEvery: 2000, largeEvery: 8, poisonEvery: 500 },
      production: { ...STREAM, burstGapMs: 5, pauseMs: 30_000_000, pauseChance: 1 / 600, maxLag: 400 },
    },
  ];
}

/**
 * A fourth connector, for a soak that also proves RECORD_FORMAT=full with the Hive-style template
 * beside the default settings: multi-byte text with headers, batches split by the hour, each time
 * bucket looked up in its own folder, `_index/` entries, restarts twice as often, with the kills
 * and the outage of the connector it is drawn from.
 */
export function hiveConnector(): ConnectorPlan {
  const [orders] = soakConnectors({ RECORD_FORMAT: 'full', OBJECT_KEY_TEMPLATE: HIVE_KEY_TEMPLATE, TIMEZONE: 'Asia/Shanghai' }) as [
    ConnectorPlan,
  ];
  return {
    ...orders,
    trigger: { ...orders.trigger, name: 'orders-hive', topic: 'orders-hive', maximumTasks: 2, restartChance: 0.1 },
    partitions: 4,
  };
}

export interface ScaleShape {
  partitions: number;
  maximumTasks: number;
  batchCount: number;
  batchSeconds: number;
  env: Record<string, string>;
}

/** One topic with a backlog: how fast the function archives when the trigger pushes full batches. */
export function scaleConnector(shape: ScaleShape): ConnectorPlan {
  return {
    trigger: {
      name: 'orders',
      topic: 'orders',
      pushFormat: 'cloudevents',
      window: { batchCount: shape.batchCount, batchSeconds: shape.batchSeconds, maxBodyBytes: MAX_SYNC_EVENT_BYTES },
      maximumTasks: shape.maximumTasks,
      retryStrategy: 'BACKOFF_RETRY',
      errorsTolerance: 'ALL',
      restartChance: 0,
    },
    partitions: shape.partitions,
    valueDataType: 'Text',
    env: shape.env,
    mix: { oversizeEvery: 25_000, largeEvery: 2000, poisonEvery: 0 },
    production: { backlog: true, burstGapMs: 0, pauseMs: 0, pauseChance: 0, offsetGapEvery: 50 },
  };
}
