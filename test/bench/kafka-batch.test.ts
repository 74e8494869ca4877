import { kafkaBatch, kafkaBatchOfSize, PARTITIONS } from '../../bench/kafka-batch';

it('makes a batch of messages spread over the partitions, offsets counting up in each', () => {
  const events = JSON.parse(kafkaBatch(12, 100).body.toString()) as Array<{ data: { partition: number; offset: number } }>;
  expect(events).toHaveLength(12);
  expect(new Set(events.map((e) => e.data.partition)).size).toBe(PARTITIONS);
  expect(events.filter((e) => e.data.partition === 0).map((e) => e.data.offset)).toEqual([100, 101]);
});

it.each([1, 4])('makes a %i MiB batch within a few messages of that size, never longer', (mib) => {
  const bytes = mib * 1024 * 1024;
  const batch = kafkaBatchOfSize(bytes, 100);
  expect(batch.body.length).toBeLessThanOrEqual(bytes);
  expect(kafkaBatch(batch.messages + 5, 100).body.length).toBeGreaterThan(bytes);
});
