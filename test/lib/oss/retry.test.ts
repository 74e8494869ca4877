import { RetryExhausted, withRetry, type RetryPolicy } from '../../../lib/oss/retry';

const failure = (status: number, code = 'X') => Object.assign(new Error(`status ${status}`), { status, code });
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  deadline: Date.now() + 10_000,
  requestTimeoutMs: 5000,
  minRequestTimeoutMs: 100,
  baseDelayMs: 1,
  maxDelayMs: 4,
  random: () => 1,
  ...overrides,
});

async function exhausted(promise: Promise<unknown>): Promise<RetryExhausted> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetryExhausted);
  return error as RetryExhausted;
}

describe('withRetry', () => {
  it.each([[503], [500], [429], [-1], [-2]])('retries status %i until it succeeds', async (status) => {
    let calls = 0;
    const retried: number[] = [];
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw failure(status);
        return 'ok';
      },
      policy(),
      (f) => retried.push(f.status ?? 0),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(retried).toHaveLength(2);
  });

  it('retries a response timeout, which ali-oss reports without a status', async () => {
    let calls = 0;
    await withRetry(async () => {
      if (++calls === 1) throw Object.assign(new Error('Response timeout for 500ms'), { name: 'ResponseTimeoutError' });
    }, policy());
    expect(calls).toBe(2);
  });

  it.each([
    [403, 'AccessDenied'],
    [400, 'InvalidDigest'],
    [404, 'NoSuchBucket'],
  ])('fails fast on %i %s', async (status, code) => {
    let calls = 0;
    const error = await exhausted(
      withRetry(async () => {
        calls++;
        throw Object.assign(failure(status, code), { requestId: 'req-1' });
      }, policy()),
    );
    expect(calls).toBe(1);
    expect(error.failure).toMatchObject({ transient: false, status, code, requestId: 'req-1' });
    expect(error.attempts).toBe(1);
  });

  it('gives each attempt the time left before the deadline, at most the request timeout', async () => {
    const timeouts: number[] = [];
    await withRetry(
      async ({ timeoutMs }) => void timeouts.push(timeoutMs),
      policy({ now: () => 0, deadline: 3000, requestTimeoutMs: 5000 }),
    );
    expect(timeouts).toEqual([3000]);
  });

  it('stops when the deadline leaves no room for another attempt', async () => {
    let clock = 0;
    let calls = 0;
    const error = await exhausted(
      withRetry(
        async () => {
          calls++;
          clock += 600;
          throw failure(503, 'ServiceUnavailable');
        },
        policy({ now: () => clock, deadline: 1500, minRequestTimeoutMs: 400 }),
      ),
    );
    expect(calls).toBe(2);
    expect(error.failure.code).toBe('ServiceUnavailable');
  });

  it('grows the waits exponentially up to the cap, with jitter below them', async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 6) throw failure(503);
      },
      policy({ baseDelayMs: 1, maxDelayMs: 8, random: () => 0.999 }),
      (_f, delay) => waits.push(delay),
    );
    expect(waits).toEqual([1, 2, 4, 8, 8]);
  });
});
