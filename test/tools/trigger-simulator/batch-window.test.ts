// The batch window: a push holds what arrived on a consumer's partitions, in arrival order, until
// the count, the window's seconds, or the body limit.
import { type Cursor, DEFAULT_WINDOW, nextBatch, type WindowSettings } from '../../../tools/trigger-simulator/batch-window';
import { PartitionLog, type Production } from '../../../tools/trigger-simulator/partition-log';
import { SimClock } from '../../../tools/trigger-simulator/sim-clock';

const BACKLOG: Production = { backlog: true, burstGapMs: 0, pauseMs: 0, pauseChance: 0, offsetGapEvery: 0 };
const log = (partition: number, messages: number, production = BACKLOG) => new PartitionLog('t', partition, 'seed', production, messages);
const cursorOf = (partitionLog: PartitionLog): Cursor => ({ log: partitionLog, position: 0 });
/** Each element is "<partition>:<offset>" plus `pad` bytes, so sizes are known. */
const element = (pad: number) => (partitionLog: PartitionLog, index: number) =>
  JSON.stringify(`${partitionLog.partition}:${partitionLog.offsets[index]}${'x'.repeat(pad)}`);
const clock = () => new SimClock(1000);
const window = (settings: Partial<WindowSettings>): WindowSettings => ({ ...DEFAULT_WINDOW, ...settings });
const elements = (body: Buffer) => (JSON.parse(body.toString('utf8')) as string[]).map((text) => text.replace(/x+$/, ''));

test('closes at the count, partitions merged in arrival order', async () => {
  const cursors = [cursorOf(log(0, 50)), cursorOf(log(1, 50))];
  const batch = await nextBatch(clock(), { cursors, settings: window({ batchCount: 10 }), limit: 10, readySince: 0, element: element(0) });
  expect(batch?.closedBy).toBe('count');
  expect(batch?.messages).toBe(10);
  expect(batch?.parts.map(({ log: l, from, to }) => [l.partition, from, to])).toEqual([
    [0, 0, 5],
    [1, 0, 5],
  ]);
});

test('closes before the body limit when one more element would pass it', async () => {
  const cursors = [cursorOf(log(0, 100))];
  const settings = window({ batchCount: 100, maxBodyBytes: 1000 });
  const batch = await nextBatch(clock(), { cursors, settings, limit: 100, readySince: 0, element: element(95) });
  expect(batch?.closedBy).toBe('bytes');
  expect(batch?.body.length).toBeLessThanOrEqual(1000);
  expect(batch?.body.length).toBeGreaterThan(1000 - 101);
  expect(elements(batch?.body as Buffer)).toHaveLength(batch?.messages as number);
});

test('closes after the window seconds when fewer messages than the count arrive', async () => {
  const slow: Production = { backlog: false, burstGapMs: 100, pauseMs: 10_000_000, pauseChance: 0.2, offsetGapEvery: 0 };
  const cursors = [cursorOf(log(0, 1000, slow))];
  const simClock = clock();
  const batch = await nextBatch(simClock, {
    cursors,
    settings: window({ batchCount: 1000, batchSeconds: 2 }),
    limit: 1000,
    readySince: 0,
    element: element(0),
  });
  expect(batch?.closedBy).toBe('time');
  expect(batch?.messages).toBeGreaterThan(0);
  expect(batch?.messages).toBeLessThan(1000);
  expect(simClock.now()).toBeGreaterThanOrEqual(2000);
});

test('takes fewer messages than the count when asked (a poll after a restart)', async () => {
  const batch = await nextBatch(clock(), {
    cursors: [cursorOf(log(0, 50))],
    settings: window({ batchCount: 40 }),
    limit: 7,
    readySince: 0,
    element: element(0),
  });
  expect(batch?.messages).toBe(7);
});

test('ends when the partitions hold nothing more', async () => {
  const partitionLog = log(0, 3);
  const cursor = { log: partitionLog, position: 0 };
  const first = await nextBatch(clock(), {
    cursors: [cursor],
    settings: window({ batchCount: 10, batchSeconds: 0 }),
    limit: 10,
    readySince: 0,
    element: element(0),
  });
  expect(elements(first?.body as Buffer)).toEqual(partitionLog.offsets.map((offset) => `0:${offset}`));
  cursor.position = 3;
  expect(
    await nextBatch(clock(), { cursors: [cursor], settings: window({}), limit: 10, readySince: 0, element: element(0) }),
  ).toBeUndefined();
});

test('refuses a message that alone is over the body limit, naming it', async () => {
  await expect(
    nextBatch(clock(), {
      cursors: [cursorOf(log(0, 5))],
      settings: window({ maxBodyBytes: 50 }),
      limit: 10,
      readySince: 0,
      element: element(100),
    }),
  ).rejects.toThrow(/t\/0 offset \d+ alone is over the body limit of 50 bytes/);
});
