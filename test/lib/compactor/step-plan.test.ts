import type { ListedRun } from '../../../lib/compactor/batch-sources';
import { type StepLimits, planStep } from '../../../lib/compactor/step-plan';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const OLD = NOW - 3600_000;

/** A listed batch object `first`-`last` of `size` bytes, last changed at `lastModified`. */
const run = (first: number, last: number, size = 100, lastModified = OLD): ListedRun => ({
  first: BigInt(first),
  last: BigInt(last),
  size,
  lastModified,
  objects: [
    {
      key: `archive/orders/0/${String(first).padStart(19, '0')}-${String(last).padStart(19, '0')}.json`,
      first: BigInt(first),
      last: BigInt(last),
    },
  ],
});

async function* listed(runs: ListedRun[]) {
  yield* runs;
}

const limits = (overrides: Partial<StepLimits> = {}): StepLimits => ({
  budgetBytes: 1000,
  maxSources: 100,
  minAgeMs: 300_000,
  now: NOW,
  ...overrides,
});
const plan = async (runs: ListedRun[], overrides: Partial<StepLimits> = {}) => {
  const step = await planStep(listed(runs), limits(overrides));
  return step && { sources: step.sources.map((key) => key.slice(-44, -5)), lastOffset: step.lastOffset };
};
const name = (first: number, last: number) => `${String(first).padStart(19, '0')}-${String(last).padStart(19, '0')}`;

describe('planStep', () => {
  it('takes runs in offset order until they hold the step budget', async () => {
    expect(await plan([run(0, 9, 600), run(10, 19, 600), run(20, 29, 600)])).toEqual({
      sources: [name(0, 9), name(10, 19)],
      lastOffset: 19n,
    });
  });

  it('takes at most maxSources objects', async () => {
    expect(await plan([run(0, 9), run(10, 19), run(20, 29)], { maxSources: 2 })).toMatchObject({ lastOffset: 19n });
  });

  it('stops at the first run younger than the minimum age, even with older ones after it', async () => {
    expect(await plan([run(0, 9), run(10, 19, 100, NOW - 1000), run(20, 29)])).toEqual({ sources: [name(0, 9)], lastOffset: 9n });
    expect(await plan([run(0, 9, 100, NOW - 299_999)])).toBeUndefined();
  });

  it('keeps overlapping runs in one step, past the budget, in offset order', async () => {
    expect(await plan([run(0, 9, 900), run(5, 24, 900), run(10, 19, 900), run(30, 39, 900)])).toEqual({
      sources: [name(0, 9), name(5, 24), name(10, 19)],
      lastOffset: 24n,
    });
  });

  it('leaves out runs that overlap a run too young to take', async () => {
    expect(await plan([run(0, 9), run(10, 19), run(15, 29, 100, NOW)])).toEqual({ sources: [name(0, 9)], lastOffset: 9n });
  });

  it('plans nothing when there is nothing', async () => {
    expect(await plan([])).toBeUndefined();
  });
});
