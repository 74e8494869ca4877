import { jsonArrayFormat } from '../../../lib/objects/json-array-format';
import { ObjectAssembler } from '../../../lib/objects/object-assembler';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';

const message = (topic: string, partition: number, offset: bigint, value = `v${offset}`): KafkaMessage => ({
  topic,
  partition,
  offset,
  timestamp: 1700000000000,
  key: null,
  value,
});

function assemble(messages: KafkaMessage[], maxValueBytes = 100) {
  const assembler = new ObjectAssembler({ prefix: 'p/', maxValueBytes, format: jsonArrayFormat });
  for (const m of messages) assembler.add(m);
  return assembler.finish();
}

const json = (body: Buffer[] | undefined) => JSON.parse(Buffer.concat(body ?? []).toString('utf8'));
const offsetsIn = (body: Buffer[]) => (json(body) as Array<{ offset: number }>).map((r) => r.offset);

describe('ObjectAssembler', () => {
  it('makes one object per topic-partition, records sorted by offset, sorted by key', () => {
    const objects = assemble([message('a', 1, 12n), message('a', 0, 3n), message('b', 0, 9n), message('a', 1, 10n), message('a', 1, 11n)]);
    expect(objects.map((o) => [o.key, o.records, offsetsIn(o.body)])).toEqual([
      ['p/a/0/0000000000000000003-0000000000000000003.json', 1, [3]],
      ['p/a/1/0000000000000000010-0000000000000000012.json', 3, [10, 11, 12]],
      ['p/b/0/0000000000000000009-0000000000000000009.json', 1, [9]],
    ]);
  });

  it('archives an offset delivered twice in one batch once, keeping the first copy', () => {
    const [object] = assemble([message('a', 0, 5n, 'first'), message('a', 0, 5n, 'second'), message('a', 0, 6n)]);
    expect(json(object?.body).map((r: { value: string }) => r.value)).toEqual(['first', 'v6']);
    expect(object?.duplicateOffsets).toBe(1);
  });

  it('truncates values over the limit and lists them', () => {
    const [object] = assemble([message('a', 0, 1n, 'x'.repeat(150))]);
    expect(json(object?.body)[0]).toMatchObject({ overflowFlag: true, valueSize: 150, value: 'x'.repeat(100) });
    expect(object?.truncated).toEqual([{ offset: 1n, valueSize: 150 }]);
  });

  it('keeps topics that differ only by a separator apart', () => {
    expect(assemble([message('a', 10, 1n), message('a1', 0, 1n)]).map((o) => o.key)).toHaveLength(2);
  });

  it('makes no object for an empty batch', () => {
    expect(assemble([])).toEqual([]);
  });
});
