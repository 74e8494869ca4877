/**
 * @module Function Compute's side of the contract: the invocation context it passes, the resource
 * limits it accepts, and the Kafka trigger's bounds.
 */

/** The FC 3.0 context a handler receives (the parts anything here reads). */
export interface FcContext {
  requestId?: string;
  /** The function role's temporary keys, renewed by FC for each invocation. */
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
  function?: { name?: string; handler?: string; memory?: number /** Seconds the invocation may run. */; timeout?: number };
  region?: string;
  accountId?: string;
}

/** FC's default function timeout, used when a context does not say. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** Memory 128-32768 MB in steps of 64, timeout 1-86400 s, vCPU 0.05-16 in steps of 0.05 (FC 3.0). */
export const MEMORY_MB = { min: 128, max: 32768, step: 64 } as const;
export const TIMEOUT_S = { min: 1, max: 86400 } as const;
export const CPU = { min: 0.05, max: 16, step: 0.05 } as const;

/** A synchronous invocation's body, which bounds a trigger batch. */
export const MAX_SYNC_EVENT_BYTES = 32 * 1024 * 1024;

/** The Kafka trigger's settings as FC and the ApsaraMQ console accept them. */
export const KAFKA_TRIGGER = {
  batchCount: { min: 1, max: 10_000 },
  batchSeconds: { min: 0, max: 15 },
  concurrency: [1, 2, 3, 6, 12],
  retryStrategies: ['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'],
  offsetResets: ['earliest', 'latest'],
} as const;

/** A function's environment variables (FC's own, FC_*, and those the deployment sets). */
export type Env = Record<string, string | undefined>;
