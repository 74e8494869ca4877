/**
 * @module What the simulator and a function instance's process say to each other over IPC. The
 * instance is a child process, so that recycling it is a real new process with a cold start.
 */
import type { FcCredentials } from '../fc-runner/fc-instance';

export interface InstanceSetup {
  /** The built function, e.g. dist/oss-sink/index.js. */
  bundle: string;
  /** The function's environment variables. */
  env: Record<string, string>;
  credentials: FcCredentials;
  timeoutSeconds: number;
  /** The function's own waits (its OSS retry backoff) run this many times faster, like the trigger's clock. */
  compression: number;
  /** Lookups of hosts under `domain` answer 127.0.0.1, or fail (ENOTFOUND, EAI_AGAIN) with this chance. */
  dns?: { domain: string; failureRate: number; seed: string };
}

export type ToInstance = { type: 'setup'; setup: InstanceSetup } | { type: 'invoke'; id: number; event: Uint8Array };

export type DnsFailures = { ENOTFOUND: number; EAI_AGAIN: number };

export interface InvocationReport {
  type: 'outcome';
  id: number;
  ok: boolean;
  /** The handler's result (the batch summary as JSON), or the error's message. */
  result: string;
  /** The error's name (StoreError, PayloadError, RangeError, ...) when it failed. */
  errorName?: string;
  /** OSS requests the function retried in this invocation. */
  retries: number;
  /** Lookups made to fail during the invocation. */
  dnsFailures: DnsFailures;
  /** The process's peak resident set so far. */
  peakRssBytes: number;
}

export type FromInstance = { type: 'ready' } | { type: 'setup-failed'; message: string } | InvocationReport;
