import { planObjects } from '../../lib/objects/archive-object';
import { jsonArrayFormat } from '../../lib/objects/json-array-format';
import type { KafkaMessage } from '../../lib/payload/kafka-message';

const message = (topic: string, partition: number, offset: bigint, value = `v${offset}`): KafkaMessage => ({
  topic, partition, offset, timestamp: 1700000000000, key: null, value,
});
const options = { prefix: 'p/', maxValueBytes: 100, format: jsonArrayFormat };

describe('planObjects', () => {
  it('makes one object per topic-partition, records sorted by offset', () => {
    const objects = planObjects(
      [message('a', 1, 12n), message('a', 0, 3n), message('b', 0, 9n), message('a', 1, 10n), message('a', 1, 11n)],
      options,
    );
    expect(objects.map((o) => [o.key, o.records.map((r) => r.offset)])).toEqual([
      ['p/a/0/0000000000000000003-0000000000000000003.json', [3n]],
      ['p/a/1/0000000000000000010-0000000000000000012.json', [10n, 11n, 12n]],
      ['p/b/0/0000000000000000009-0000000000000000009.json', [9n]],
    ]);
  });

  it('archives an offset delivered twice in one batch once, keeping the first copy', () => {
    const [object] = planObjects([message('a', 0, 5n, 'first'), message('a', 0, 5n, 'second'), message('a', 0, 6n)], options);
    expect(object?.records.map((r) => r.value)).toEqual(['first', 'v6']);
    expect(object?.duplicateOffsets).toBe(1);
  });

  it('truncates values over the limit', () => {
    const [object] = planObjects([message('a', 0, 1n, 'x'.repeat(150))], options);
    expect(object?.records[0]).toMatchObject({ overflowFlag: true, valueSize: 150, value: 'x'.repeat(100) });
  });

  it('plans nothing for an empty batch', () => {
    expect(planObjects([], options)).toEqual([]);
  });
});
