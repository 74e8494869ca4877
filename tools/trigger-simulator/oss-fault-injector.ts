/**
 * @module Faults of the OSS side, injected through the local OSS server's fault rules: after each
 * request, with the planned rate, one fault is queued for the next request (a 5xx, a 429, a
 * connection reset before the store, a reset after it — a lost response — or a latency spike).
 * Outages — one partition's objects refused for a while — make the permanently failing batches
 * that retries cannot save. What the server really applied is counted from its request log.
 */
import type { Fault, FaultRules, RecordedRequest } from '../oss-emulator';
import type { Random } from './random';

export const OSS_FAULT_KINDS = [
  'http-500',
  'http-502',
  'http-503',
  'http-429',
  'reset-before-store',
  'reset-after-store',
  'latency-spike',
] as const;
export type OssFaultKind = (typeof OSS_FAULT_KINDS)[number];
/** A refused request of an outage (403 AccessDenied, a permanent error). */
export const OUTAGE = 'outage-403';
export type FaultCount = Record<OssFaultKind | typeof OUTAGE, number>;

export interface OssFaultPlan {
  /** The share of requests faulted, 0 to 1. */
  rate: number;
  /** The longest latency spike, in real milliseconds (kept below the function's request timeout). */
  maxLatencyMs: number;
}

const WEIGHTS: ReadonlyArray<readonly [OssFaultKind, number]> = [
  ['http-500', 4],
  ['http-502', 3],
  ['http-503', 5],
  ['http-429', 4],
  ['reset-before-store', 5],
  ['reset-after-store', 5],
  ['latency-spike', 4],
];

export class OssFaultInjector {
  readonly injected: FaultCount = Object.fromEntries([...OSS_FAULT_KINDS, OUTAGE].map((kind) => [kind, 0])) as FaultCount;
  requests = 0;
  private queued = 0;
  private stopped = false;

  constructor(
    private readonly faults: FaultRules,
    private readonly random: Random,
    private readonly plan: OssFaultPlan,
  ) {}

  /** Counts what the server did to a request, and queues the next fault. */
  observe(request: RecordedRequest): void {
    this.requests++;
    if (request.fault !== undefined) this.injected[kindOf(request.fault)]++;
    if (!this.stopped && this.random.chance(this.plan.rate)) this.faults.add({ times: 1, fault: this.nextFault() });
  }

  /** The next `times` requests for keys matching `keys` are refused with 403 AccessDenied. */
  outage(keys: RegExp, times: number): void {
    this.faults.add({
      key: keys,
      times,
      fault: { status: 403, code: 'AccessDenied', message: 'Injected outage: the credentials may not write here for now.' },
    });
  }

  /** No more faults: those queued are dropped too. */
  stop(): void {
    this.stopped = true;
    this.faults.clear();
  }

  get total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  private nextFault(): Fault {
    // The first faults go through every kind once, so that even a short run meets each of them.
    const kind = this.queued < OSS_FAULT_KINDS.length ? (OSS_FAULT_KINDS[this.queued] as OssFaultKind) : this.random.weighted(WEIGHTS);
    this.queued++;
    switch (kind) {
      case 'http-500':
        return { status: 500 };
      case 'http-502':
        return { status: 502 };
      case 'http-503':
        return { status: 503, emptyBody: this.random.chance(0.5) };
      case 'http-429':
        return { status: 429 };
      case 'reset-before-store':
        return { reset: 'before-store' };
      case 'reset-after-store':
        return { reset: 'after-store' };
      case 'latency-spike':
        return { delayMs: this.random.int(Math.min(20, this.plan.maxLatencyMs), this.plan.maxLatencyMs) };
    }
  }
}

function kindOf(fault: Fault): OssFaultKind | typeof OUTAGE {
  if ('delayMs' in fault) return 'latency-spike';
  if ('reset' in fault) return fault.reset === 'before-store' ? 'reset-before-store' : 'reset-after-store';
  if (fault.status === 403) return OUTAGE;
  return `http-${fault.status}` as OssFaultKind;
}
