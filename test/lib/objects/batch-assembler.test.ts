import { BatchAssembler } from '../../../lib/objects/batch-assembler';
import { DEFAULT_KEY_TEMPLATE, parseKeyTemplate } from '../../../lib/objects/key-template';
import { ObjectNaming } from '../../../lib/objects/object-naming';

const parsed = parseKeyTemplate(DEFAULT_KEY_TEMPLATE);
const defaultTemplate = 'template' in parsed ? parsed.template : (undefined as never);
import type { KafkaMessage } from '../../../lib/payload/kafka-message';

const message = (topic: string, partition: number, offset: bigint, value = `v${offset}`): KafkaMessage => ({
  topic,
  partition,
  offset,
  timestamp: 1700000000000,
  key: null,
  value: { kind: 'text', text: value },
  headers: '[]',
});

function assemble(messages: KafkaMessage[], maxValueBytes = 100) {
  const assembler = new BatchAssembler({
    maxValueBytes,
    recordFormat: 'seed',
    overflow: 'spill',
    keepRecords: false,
    naming: new ObjectNaming('p/', defaultTemplate, '.json'),
    bucketOf: () => '',
  });
  for (const m of messages) assembler.add(m);
  return assembler.finish().map((batch) => ({ topic: batch.topic, partition: batch.partition, ...batch.sorted() }));
}

const valueIn = (entry: { view?: { chunk: Buffer; start: number; end: number } }) =>
  JSON.parse(entry.view?.chunk.toString('utf8', entry.view.start, entry.view.end) ?? 'null').value;

describe('BatchAssembler', () => {
  it('groups a batch by topic-partition, in a stable order, each in offset order', () => {
    const batches = assemble([message('b', 0, 9n), message('a', 1, 12n), message('a', 0, 3n), message('a', 1, 10n), message('a', 1, 11n)]);
    expect(batches.map((b) => [b.topic, b.partition, b.entries.map((e) => Number(e.offset))])).toEqual([
      ['a', 0, [3]],
      ['a', 1, [10, 11, 12]],
      ['b', 0, [9]],
    ]);
  });

  it('archives an offset delivered twice in one batch once, keeping the first copy', () => {
    const [batch] = assemble([message('a', 0, 5n, 'first'), message('a', 0, 5n, 'second'), message('a', 0, 6n)]);
    expect(batch?.entries.map(valueIn)).toEqual(['first', 'v6']);
    expect(batch?.duplicateOffsets).toBe(1);
  });

  it('truncates values over the limit, keeping the whole value to spill and the record to point at it', () => {
    const [batch] = assemble([message('a', 0, 1n, 'x'.repeat(150))]);
    const [entry] = batch?.entries ?? [];
    expect(valueIn(entry as never)).toBe('x'.repeat(100));
    expect(entry).toMatchObject({
      truncatedFrom: 150,
      spill: Buffer.from('x'.repeat(150)),
      record: { overflowKey: 'p/a/0/_overflow/0000000000000000001.bin' },
    });
  });

  it('makes nothing of an empty batch', () => {
    expect(assemble([])).toEqual([]);
  });
});
