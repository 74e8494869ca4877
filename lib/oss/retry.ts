import { setTimeout as sleep } from 'node:timers/promises';
import { describeOssFailure, type FailureKind, type OssFailure } from './oss-failure';

export interface RetryPolicy {
  /** Epoch ms after which no attempt starts and no wait goes on. */
  deadline: number;
  /** Longest time one request may take. */
  requestTimeoutMs: number;
  /** A request given less time than this would likely time out: give up instead. */
  minRequestTimeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts at most, however much time is left (DEFAULT_MAX_ATTEMPTS when not set). */
  maxAttempts?: number;
  random?: () => number;
  now?: () => number;
}

/** The functions' policy for OSS requests: each bounded by `requestTimeoutMs`, all of them by `deadline`. */
export function ossRetryPolicy(deadline: number, requestTimeoutMs: number): RetryPolicy {
  return { deadline, requestTimeoutMs, minRequestTimeoutMs: Math.min(1000, requestTimeoutMs), baseDelayMs: 200, maxDelayMs: 5000 };
}

export interface Attempt {
  /**
   * The `timeout` to give ali-oss for this attempt. ali-oss (urllib) applies it twice, once to
   * connecting and once more to the response, so an attempt may last twice as long: withRetry
   * keeps twice this value inside the deadline.
   */
  timeoutMs: number;
}

/**
 * Enough to ride out a burst of 5xx or throttling (the waits add up to a few seconds); a failure
 * that lasts longer goes back to the trigger, which delivers the batch again later.
 */
export const DEFAULT_MAX_ATTEMPTS = 6;

/**
 * Failures that say the endpoint is wrong or out of reach rather than busy: trying again as long
 * as the deadline allows only delays the error. A refused connection gets one more try (a front
 * end may be restarting), a temporary DNS failure two; a name that does not exist gets none.
 */
const ATTEMPTS_FOR: Partial<Record<FailureKind, number>> = { unreachable: 2, 'dns-temporary': 3 };

/** Thrown when an operation failed for good: permanently, too often, or until the deadline. */
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
 * Runs `operation` until it succeeds, a failure is permanent, the failure's kind has used its
 * attempts, `maxAttempts` is reached, or the deadline leaves no room for another attempt. Waits
 * grow exponentially with full jitter, so that the partitions of a failing batch do not retry in
 * lockstep.
 */
export async function withRetry<T>(
  operation: (attempt: Attempt) => Promise<T>,
  policy: RetryPolicy,
  onRetry: (failure: OssFailure, delayMs: number) => void = () => {},
): Promise<T> {
  const now = policy.now ?? Date.now;
  const random = policy.random ?? Math.random;
  const maxAttempts = policy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(policy.requestTimeoutMs, Math.floor((policy.deadline - now()) / 2));
    if (timeoutMs < policy.minRequestTimeoutMs) throw new RetryExhausted(DEADLINE_REACHED, attempt - 1, undefined);
    try {
      return await operation({ timeoutMs });
    } catch (error) {
      const failure = describeOssFailure(error);
      const allowed = Math.min(maxAttempts, (failure.kind && ATTEMPTS_FOR[failure.kind]) ?? maxAttempts);
      const delayMs = Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      const roomAfterWait = Math.floor((policy.deadline - now() - delayMs) / 2);
      if (!failure.transient || attempt >= allowed || roomAfterWait < policy.minRequestTimeoutMs) {
        throw new RetryExhausted(failure, attempt, error);
      }
      onRetry(failure, delayMs);
      await sleep(delayMs);
    }
  }
}
