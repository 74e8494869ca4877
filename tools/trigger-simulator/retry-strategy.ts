/**
 * @module The trigger's push retry strategies: how often a failed batch is pushed again, and how
 * long it waits before each push (virtual milliseconds).
 */
import type { Random } from './random';

export const RETRY_STRATEGIES = ['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'] as const;
export type RetryStrategyName = (typeof RETRY_STRATEGIES)[number];

export interface RetryStrategy {
  readonly name: RetryStrategyName;
  /** Pushes after the first one. */
  readonly retries: number;
  /** The wait before retry `retry` (1 for the first retry). */
  delayMs(retry: number, random: Random): number;
}

/** The default: 3 retries, each 10 to 20 seconds after the failure. */
const BACKOFF: RetryStrategy = {
  name: 'BACKOFF_RETRY',
  retries: 3,
  delayMs: (_retry, random) => random.int(10_000, 20_000),
};

/** 176 retries over about a day: 1 s, doubling up to 512 s, then every 512 s. */
const EXPONENTIAL_DECAY: RetryStrategy = {
  name: 'EXPONENTIAL_DECAY_RETRY',
  retries: 176,
  delayMs: (retry) => 1000 * 2 ** Math.min(retry - 1, 9),
};

export function retryStrategy(name: RetryStrategyName): RetryStrategy {
  return name === 'BACKOFF_RETRY' ? BACKOFF : EXPONENTIAL_DECAY;
}
