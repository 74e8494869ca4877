// The trigger's push retry strategies, as documented: BACKOFF_RETRY 3 retries 10-20 s apart,
// EXPONENTIAL_DECAY_RETRY 176 retries over a day, 1 s doubling to 512 s.
import { Random } from '../../../tools/trigger-simulator/random';
import { retryStrategy } from '../../../tools/trigger-simulator/retry-strategy';

test('BACKOFF_RETRY: 3 retries, each 10 to 20 seconds after the failure', () => {
  const strategy = retryStrategy('BACKOFF_RETRY');
  const random = new Random('retries');
  expect(strategy.retries).toBe(3);
  const delays = Array.from({ length: 1000 }, (_, i) => strategy.delayMs((i % 3) + 1, random));
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(10_000);
  expect(Math.max(...delays)).toBeLessThanOrEqual(20_000);
  expect(new Set(delays).size).toBeGreaterThan(100);
});

test('EXPONENTIAL_DECAY_RETRY: 176 retries, 1 s doubling to 512 s, about a day in all', () => {
  const strategy = retryStrategy('EXPONENTIAL_DECAY_RETRY');
  const random = new Random('retries');
  const delays = Array.from({ length: strategy.retries }, (_, i) => strategy.delayMs(i + 1, random) / 1000);
  expect(delays).toHaveLength(176);
  expect(delays.slice(0, 11)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 512]);
  expect(new Set(delays.slice(9))).toEqual(new Set([512]));
  const hours = delays.reduce((sum, delay) => sum + delay, 0) / 3600;
  expect(hours).toBeGreaterThan(23);
  expect(hours).toBeLessThan(25);
});
