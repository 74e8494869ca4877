/**
 * @module A simulation run: the local OSS server (in memory, with fault injection), each
 * connector's function instances and Kafka trigger, the producer stopped after so many messages
 * or invocations, the partitions read to their end, and the archive's ledger.
 */
import { join } from 'node:path';
import { loadSettings } from '../../lib/config/settings';
import { LOCAL_DEV_CREDENTIAL, startLocalOssServer } from '../oss-emulator';
import { readLedger, type LedgerSource } from './archive-ledger';
import type { ConnectorPlan } from './connector-plan';
import { DeadLetterFile } from './dead-letter-file';
import { InstancePool, type PushOutcome } from './instance-pool';
import { KafkaTrigger } from './kafka-trigger';
import { OssFaultInjector } from './oss-fault-injector';
import { PartitionLog } from './partition-log';
import { peakRss } from './peak-rss';
import { Random } from './random';
import { SimClock } from './sim-clock';
import { addOutcome, emptyFunctionTotals, mergePoolStats, type SimulationReport } from './simulation-report';

export interface FaultPlan {
  /** The share of OSS requests faulted, 0 to 1. */
  ossRate: number;
  /** The longest latency spike, real milliseconds. */
  maxLatencyMs: number;
  /** The share of DNS lookups of the OSS endpoint that fail; above 0, the function reaches OSS by a host name. */
  dnsFailureRate: number;
  /** The chance that an invocation's instance is killed part way through. */
  killChance: number;
  /** The chance that an instance is recycled after an invocation. */
  recycleChance: number;
}

export const NO_FAULTS: FaultPlan = { ossRate: 0, maxLatencyMs: 0, dnsFailureRate: 0, killChance: 0, recycleChance: 0 };

export interface SimulationOptions {
  seed: string;
  connectors: ConnectorPlan[];
  /** Virtual milliseconds per real millisecond. */
  compression: number;
  /** Produce this many messages in all, spread over every connector's partitions. */
  messages?: number;
  /** Stop producing once the function was invoked this many times; the partitions are then read to their end. */
  invocations?: number;
  faults: FaultPlan;
  /** The built function and the built instance program. */
  bundle: string;
  instanceScript: string;
  /** Where the dead-letter file goes. */
  workDir: string;
  /** The OSS server keeps objects as files here; in memory without it. */
  ossDir?: string;
  functionTimeoutSeconds: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  invocations: number;
  committed: number;
  produced: number;
  /** The messages the run produces in all, when known. */
  messages?: number;
  /** The invocations after which production stops, when that is the limit. */
  invocationBudget?: number;
  /** Production stopped; the partitions are being read to their end. */
  draining: boolean;
}

const BUCKET = 'simulated-archive';
/** The host name the function reaches OSS by when DNS faults are on; its lookups are answered in the instance. */
const OSS_HOST = 'oss.simulated.test';
const PROGRESS_EVERY_MS = 250;

export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onAbort);
  let injector: OssFaultInjector | undefined;
  const server = await startLocalOssServer({
    dir: options.ossDir ?? null,
    buckets: [BUCKET],
    onRequest: (request) => injector?.observe(request),
  });
  injector = new OssFaultInjector(server.faults, new Random(options.seed, 'oss-faults'), {
    rate: options.faults.ossRate,
    maxLatencyMs: options.faults.maxLatencyMs,
  });
  const pools: InstancePool[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const clock = new SimClock(options.compression, abort.signal);
    const deadLetters = new DeadLetterFile(join(options.workDir, 'dead-letters.jsonl'));
    const totals = emptyFunctionTotals();
    const partitionCount = options.connectors.reduce((sum, plan) => sum + plan.partitions, 0);
    let invocations = 0;
    let draining = false;
    let partitionIndex = 0;
    const outages = new Set<ConnectorPlan>();

    const connectors = options.connectors.map((plan) => {
      const env = functionEnv(plan, server.port, server.region, options.faults.dnsFailureRate > 0);
      const settings = loadSettings(env);
      const mix = { ...plan.mix, valueDataType: plan.valueDataType, maxValueBytes: settings.maxValueBytes };
      const logs = Array.from({ length: plan.partitions }, (_, partition) => {
        const share = messageShare(options.messages, partitionCount, partitionIndex++);
        return new PartitionLog(plan.trigger.topic, partition, options.seed, plan.production, share);
      });
      const pool = new InstancePool({
        script: options.instanceScript,
        setup: {
          bundle: options.bundle,
          env,
          credentials: { accessKeyId: LOCAL_DEV_CREDENTIAL.accessKeyId, accessKeySecret: LOCAL_DEV_CREDENTIAL.accessKeySecret },
          timeoutSeconds: options.functionTimeoutSeconds,
          compression: options.compression,
          ...(options.faults.dnsFailureRate > 0
            ? { dns: { domain: OSS_HOST, failureRate: options.faults.dnsFailureRate, seed: options.seed } }
            : {}),
        },
        random: new Random(options.seed, 'instances', plan.trigger.name),
        recycleChance: options.faults.recycleChance,
        killChance: plan.killChance ?? options.faults.killChance,
        killGraceMs: options.faults.maxLatencyMs + 50,
      });
      pools.push(pool);
      const onPush = (outcome: PushOutcome) => {
        invocations++;
        addOutcome(totals, outcome);
        const budget = options.invocations;
        if (budget === undefined) return;
        for (const { plan: other, source } of connectors) {
          if (other.outage && !outages.has(other) && invocations >= other.outage.atShare * budget) {
            outages.add(other);
            injector?.outage(partitionKeys(source.prefix, other.trigger.topic, other.outage.partition), other.outage.requests);
          }
        }
        if (!draining && invocations >= budget) {
          draining = true;
          const now = clock.now();
          for (const connector of connectors) for (const log of connector.logs) log.close(now);
        }
      };
      const trigger = new KafkaTrigger(plan.trigger, logs, { seed: options.seed, clock, pool, deadLetters, mix, onPush });
      const source: LedgerSource = {
        trigger: plan.trigger.name,
        prefix: settings.prefix,
        partitions: trigger.partitions,
        seed: options.seed,
        mix,
        rules: { valueDataType: plan.valueDataType, recordFormat: settings.recordFormat, maxValueBytes: settings.maxValueBytes },
      };
      return { plan, logs, trigger, source };
    });

    const progress = (): Progress => ({
      invocations,
      committed: connectors.reduce((sum, { trigger }) => sum + trigger.stats.committed, 0),
      produced: connectors.reduce((sum, { logs }) => sum + logs.reduce((n, log) => n + log.offsets.length, 0), 0),
      ...(options.messages === undefined ? {} : { messages: options.messages }),
      ...(options.invocations === undefined ? {} : { invocationBudget: options.invocations }),
      draining,
    });
    if (options.onProgress) {
      const report = options.onProgress;
      timer = setInterval(() => report(progress()), PROGRESS_EVERY_MS);
    }
    await Promise.all(connectors.map(({ trigger }) => trigger.run())).catch((error: unknown) => {
      abort.abort();
      throw error;
    });
    const consumeMs = performance.now() - started;
    clearInterval(timer);
    options.onProgress?.(progress());
    injector.stop();

    const ledger = await readLedger(
      { listKeys: (prefix) => server.listKeys(BUCKET, prefix), getObject: (key) => server.getObject(BUCKET, key) },
      connectors.map(({ source }) => source),
      deadLetters.read(),
    );
    const instances = mergePoolStats(pools.map((pool) => pool.stats));
    return {
      seed: options.seed,
      wallMs: performance.now() - started,
      consumeMs,
      triggers: connectors.map(({ plan, trigger }) => ({ settings: plan.trigger, partitions: plan.partitions, stats: trigger.stats })),
      function: totals,
      instances,
      faults: { oss: injector.injected, ossRequests: injector.requests, dns: instances.dnsFailures },
      ledger,
      simulatorPeakRssBytes: peakRss(),
      deadLetterFile: deadLetters.path,
    };
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(pools.map((pool) => pool.close()));
    await server.close();
  }
}

/** The function's environment: where OSS is, the connector's settings, and the value data type of its trigger. */
function functionEnv(plan: ConnectorPlan, port: number, region: string, byHostName: boolean): Record<string, string> {
  return {
    OSS_BUCKET: BUCKET,
    OSS_REGION: region,
    OSS_ENDPOINT: byHostName ? `http://${OSS_HOST}:${port}` : `http://127.0.0.1:${port}`,
    OSS_PREFIX: `${plan.trigger.name}/`,
    VALUE_DATA_TYPE: plan.valueDataType,
    ...plan.env,
  };
}

/** This partition's share of `messages`, or no limit. */
function messageShare(messages: number | undefined, partitions: number, index: number): number {
  if (messages === undefined) return Number.POSITIVE_INFINITY;
  return Math.floor(messages / partitions) + (index < messages % partitions ? 1 : 0);
}

/** Every object key of one topic-partition, whatever the key template puts before it. */
function partitionKeys(prefix: string, topic: string, partition: number): RegExp {
  const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  return new RegExp(`^${literal(prefix)}(?:.*/)?${literal(topic)}/${partition}/`);
}
