import { setTimeout as sleep } from 'node:timers/promises';
import { describeOssFailure, type OssFailure } from './oss-failure';

export interface RetryPolicy {
  /** Epoch ms after which no attempt starts and no wait goes on. */
  deadline: number;
  /** Longest time one request may take. */
  requestTimeoutMs: number;
  /** A request given less time than this would likely time out: give up instead. */
  minRequestTimeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  now?: () => number;
}

export interface Attempt {
  /** Time this attempt may take, already bounded by the deadline. */
  timeoutMs: number;
}

/** Thrown when an operation failed for good: permanently, or transiently until the deadline. */
export class RetryExhausted extends Error {
  override readonly name = 'RetryExhausted';
  constructor(
    readonly failure: OssFailure,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(failure.message, { cause });
  }
}

/** What a caller is told when the invocation's time ran out before another attempt could start. */
const DEADLINE_REACHED: OssFailure = {
  transient: false,
  code: 'DeadlineReached',
  message: 'the invocation is about to time out, so no further attempt was made',
};

/**
 * Runs `operation` until it succeeds, a failure is permanent, or the deadline leaves no room for
 * another attempt. Waits grow exponentially with full jitter, so that the partitions of a failing
 * batch do not retry in lockstep.
 */
export async function withRetry<T>(
  operation: (attempt: Attempt) => Promise<T>,
  policy: RetryPolicy,
  onRetry: (failure: OssFailure, delayMs: number) => void = () => {},
): Promise<T> {
  const now = policy.now ?? Date.now;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(policy.requestTimeoutMs, policy.deadline - now());
    if (timeoutMs < policy.minRequestTimeoutMs) throw new RetryExhausted(DEADLINE_REACHED, attempt - 1, undefined);
    try {
      return await operation({ timeoutMs });
    } catch (error) {
      const failure = describeOssFailure(error);
      const delayMs = Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      const roomAfterWait = policy.deadline - now() - delayMs;
      if (!failure.transient || roomAfterWait < policy.minRequestTimeoutMs) throw new RetryExhausted(failure, attempt, error);
      onRetry(failure, delayMs);
      await sleep(delayMs);
    }
  }
}
