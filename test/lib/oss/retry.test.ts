import { DEFAULT_MAX_ATTEMPTS, RetryExhausted, withRetry, type RetryPolicy } from '../../../lib/oss/retry';

const failure = (status: number, code = 'X') => Object.assign(new Error(`status ${status}`), { status, code });
/** What ali-oss throws when no response came back: the cause is only in the message. */
const noResponse = (message: string) =>
  Object.assign(new Error(`${message}, PUT http://b.oss.example/k.json -1 (connected: false, agent status: {})\nheaders: {}`), {
    name: 'RequestError',
    code: 'RequestError',
    status: -1,
  });
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

  it('gives each attempt half the time left before the deadline (ali-oss applies it to connecting and again to the answer), at most the request timeout', async () => {
    const timeouts: number[] = [];
    await withRetry(
      async ({ timeoutMs }) => void timeouts.push(timeoutMs),
      policy({ now: () => 0, deadline: 3000, requestTimeoutMs: 5000 }),
    );
    await withRetry(
      async ({ timeoutMs }) => void timeouts.push(timeoutMs),
      policy({ now: () => 0, deadline: 30_000, requestTimeoutMs: 5000 }),
    );
    expect(timeouts).toEqual([1500, 5000]);
  });

  it(`stops after ${DEFAULT_MAX_ATTEMPTS} attempts however much time is left, or after maxAttempts`, async () => {
    for (const [maxAttempts, expected] of [
      [undefined, DEFAULT_MAX_ATTEMPTS],
      [3, 3],
    ] as const) {
      let calls = 0;
      const error = await exhausted(
        withRetry(
          async () => {
            calls++;
            throw failure(503, 'ServiceUnavailable');
          },
          policy({ deadline: Date.now() + 3_600_000, maxAttempts }),
        ),
      );
      expect(calls).toBe(expected);
      expect(error).toMatchObject({ attempts: expected, failure: { code: 'ServiceUnavailable', transient: true } });
    }
  });

  it.each([
    ['a host name that does not exist', 1, 'getaddrinfo ENOTFOUND b.oss.example', 'ENOTFOUND'],
    ['a refused connection', 2, 'connect ECONNREFUSED 10.0.0.1:443', 'ECONNREFUSED'],
    ['no route to the endpoint', 2, 'connect EHOSTUNREACH 10.0.0.1:443', 'EHOSTUNREACH'],
    ['a DNS lookup that fails for now', 3, 'getaddrinfo EAI_AGAIN b.oss.example', 'EAI_AGAIN'],
  ])('%s: %i attempt(s), as the endpoint is wrong or out of reach rather than busy', async (_name, attempts, message, code) => {
    let calls = 0;
    const error = await exhausted(
      withRetry(
        async () => {
          calls++;
          throw noResponse(message);
        },
        policy({ deadline: Date.now() + 3_600_000 }),
      ),
    );
    expect(calls).toBe(attempts);
    expect(error).toMatchObject({ attempts, failure: { code } });
  });

  it('a connection dropped before the answer is tried as often as a 5xx', async () => {
    let calls = 0;
    await exhausted(
      withRetry(
        async () => {
          calls++;
          throw noResponse('read ECONNRESET');
        },
        policy({ deadline: Date.now() + 3_600_000 }),
      ),
    );
    expect(calls).toBe(DEFAULT_MAX_ATTEMPTS);
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
        policy({ now: () => clock, deadline: 2000, minRequestTimeoutMs: 400 }),
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
