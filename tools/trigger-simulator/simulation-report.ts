/** @module What a simulation run did and found, for the summaries of `npm start -- --messages` and `npm run soak`. */
import type { Ledger } from './archive-ledger';
import type { DnsFailures } from './instance-protocol';
import { isFunctionError } from './failure-cause';
import type { PoolStats, PushOutcome } from './instance-pool';
import type { TriggerSettings } from './kafka-trigger';
import type { FaultCount } from './oss-fault-injector';
import { emptyTriggerStats, type TriggerStats } from './trigger-stats';

/** What the function reported across its invocations. */
export interface FunctionTotals {
  invocations: number;
  succeeded: number;
  failed: number;
  /** Records objects the function created. */
  objectsCreated: number;
  /** Bytes it wrote (records, overflow, errors and index objects). */
  bytesWritten: number;
  /** Records it found archived already (re-read batches), and did not write again. */
  alreadyArchivedRecords: number;
  /** Objects it found already stored (a retried batch). */
  alreadyStored: number;
  conflicts: number;
  spilledValues: number;
  rejectedElements: number;
  /** OSS requests it retried. */
  ossRetries: number;
  /** Invocations that failed for a reason no injected fault explains, by error. */
  errors: Record<string, number>;
  requests: { put: number; list: number; get: number };
}

export interface SimulationReport {
  seed: string;
  wallMs: number;
  /** Real milliseconds until every partition was read to its end (or blocked). */
  consumeMs: number;
  triggers: Array<{ settings: TriggerSettings; partitions: number; stats: TriggerStats }>;
  function: FunctionTotals;
  instances: PoolStats;
  faults: { oss: FaultCount; ossRequests: number; dns: DnsFailures };
  ledger: Ledger;
  simulatorPeakRssBytes: number;
  deadLetterFile: string;
}

export function emptyFunctionTotals(): FunctionTotals {
  return {
    invocations: 0,
    succeeded: 0,
    failed: 0,
    objectsCreated: 0,
    bytesWritten: 0,
    alreadyArchivedRecords: 0,
    alreadyStored: 0,
    conflicts: 0,
    spilledValues: 0,
    rejectedElements: 0,
    ossRetries: 0,
    errors: {},
    requests: { put: 0, list: 0, get: 0 },
  };
}

/** The sum of the triggers' counts. */
export function triggerTotals(report: SimulationReport): TriggerStats {
  const total = emptyTriggerStats() as unknown as Record<string, number | Record<string, number>>;
  for (const { stats } of report.triggers) {
    for (const [name, value] of Object.entries(stats) as Array<[string, number | Record<string, number>]>) {
      if (typeof value === 'number') (total[name] as number) += value;
      else total[name] = addCounts(total[name] as Record<string, number>, value);
    }
  }
  return total as unknown as TriggerStats;
}

/** Counts by name, added. */
export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [name, count] of Object.entries(from)) into[name] = (into[name] ?? 0) + count;
  return into;
}

/** Adds what one invocation reported. */
export function addOutcome(totals: FunctionTotals, outcome: PushOutcome): void {
  totals.invocations++;
  totals.ossRetries += outcome.retries;
  if (!outcome.ok) {
    totals.failed++;
    if (isFunctionError(outcome.cause)) totals.errors[outcome.cause] = (totals.errors[outcome.cause] ?? 0) + 1;
    return;
  }
  const { summary } = outcome;
  totals.succeeded++;
  totals.objectsCreated += summary.created;
  totals.bytesWritten += summary.bytes;
  totals.alreadyArchivedRecords += summary.alreadyArchivedRecords;
  totals.alreadyStored += summary.alreadyStored;
  totals.conflicts += summary.conflicts;
  totals.spilledValues += summary.spilledValues;
  totals.rejectedElements += summary.rejectedElements;
  totals.requests.put += summary.requests.put;
  totals.requests.list += summary.requests.list;
  totals.requests.get += summary.requests.get;
}

/** The instance pools' counts together; the peak is the highest one. */
export function mergePoolStats(all: readonly PoolStats[]): PoolStats {
  const sum = (of: (stats: PoolStats) => number) => all.reduce((total, stats) => total + of(stats), 0);
  return {
    coldStarts: sum((stats) => stats.coldStarts),
    recycled: sum((stats) => stats.recycled),
    killed: sum((stats) => stats.killed),
    died: sum((stats) => stats.died),
    peakRssBytes: Math.max(0, ...all.map((stats) => stats.peakRssBytes)),
    dnsFailures: { ENOTFOUND: sum((stats) => stats.dnsFailures.ENOTFOUND), EAI_AGAIN: sum((stats) => stats.dnsFailures.EAI_AGAIN) },
  };
}
