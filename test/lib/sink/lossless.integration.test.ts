// Nothing lost, nothing twice: whole values, headers and binary values kept, poison elements set
// aside, each offset archived once across re-batched redeliveries. The built function, real
// ali-oss, the local OSS oss.server.
import { LOCAL_DEV_CREDENTIAL } from '../../../tools/oss-emulator';
import { BUCKET, cloudEvents, errorOf, sinkInstance, ossPerTest, summaryOf } from '../../support/sink-fixture';

const oss = ossPerTest();

const stored = async (key: string) => oss.server.getObject(BUCKET, key);
const storedText = async (key: string) => (await stored(key))?.toString('utf8');
const keys = (prefix = '') => oss.server.listKeys(BUCKET, `archive/${prefix}`);
const recordsUnder = async (prefix: string) => {
  const all: Array<Record<string, unknown>> = [];
  for (const key of await keys(prefix)) {
    if (key.includes('/_')) continue;
    all.push(...(JSON.parse((await storedText(key)) as string) as Array<Record<string, unknown>>));
  }
  return all;
};
const offsetsUnder = async (prefix: string) => (await recordsUnder(prefix)).map((record) => record.offset as number).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const batchOf = (offsets: number[], value = (offset: number) => `value ${offset}`) =>
  cloudEvents(
    offsets.map((offset) => ({ partition: 0, offset, key: `k${offset}`, timestamp: 1795000000000 + offset, value: value(offset) })),
  );

describe('whole values, always (OVERFLOW=spill, the default)', () => {
  const big = `${'数据'.repeat(1_250_000)} end`; // 7.5 MB of UTF-8, over the default 6 MiB
  const event = cloudEvents([{ partition: 0, offset: 7, value: big }]);

  it('stores the whole value in _overflow/ before the record that is cut', async () => {
    const summary = summaryOf(await sinkInstance(oss.server).invoke(event));
    expect(summary).toMatchObject({ truncatedValues: 1, spilledValues: 1 });
    const overflow = 'archive/orders/0/_overflow/0000000000000000007.bin';
    expect((await stored(overflow))?.equals(Buffer.from(big, 'utf8'))).toBe(true);
    const [record] = JSON.parse((await storedText('archive/orders/0/0000000000000000007-0000000000000000007.json')) as string);
    expect(record).toMatchObject({ overflowFlag: true, valueSize: Buffer.byteLength(big) });
    expect(Buffer.byteLength(record.value)).toBeLessThanOrEqual(6 * 1024 * 1024);
    const puts = oss.server.requests.filter((request) => request.method === 'PUT').map((request) => request.key);
    expect(puts).toEqual([overflow, 'archive/orders/0/0000000000000000007-0000000000000000007.json']);
  });

  it('ends with both stored once when the record object fails after the spill and the batch comes again', async () => {
    oss.server.faults.add({ method: 'PUT', key: /\/0000000000000000007-/, times: 1, fault: { status: 403, code: 'AccessDenied' } });
    const instance = sinkInstance(oss.server);
    errorOf(await instance.invoke(event));
    expect(await keys()).toEqual(['archive/orders/0/_overflow/0000000000000000007.bin']);
    const again = summaryOf(await instance.invoke(event));
    expect(again.written.map((object) => [object.kind, object.outcome])).toEqual([
      ['records', 'created'],
      ['overflow', 'already-stored'],
    ]);
    expect(await keys()).toEqual([
      'archive/orders/0/0000000000000000007-0000000000000000007.json',
      'archive/orders/0/_overflow/0000000000000000007.bin',
    ]);
  });

  it('OVERFLOW=truncate keeps only the prefix, as the seed does', async () => {
    summaryOf(await sinkInstance(oss.server, { env: { OVERFLOW: 'truncate' } }).invoke(event));
    expect(await keys()).toEqual(['archive/orders/0/0000000000000000007-0000000000000000007.json']);
  });
});

describe('RECORD_FORMAT=full: what a replay into Kafka needs', () => {
  const notUtf8 = Buffer.from([0xff, 0x00, 0x80, 0xfe]);
  // As the trigger may send them: one number with more digits than a double keeps, and "2.50" as written.
  const headers =
    '[{"key":"trace-id","value":"YWJjMTIz"},{"key":"bytes","value":[104,105,-1]},{"odd":{"nested":[1,2.50,12345678901234567890]}}]';
  const message = (offset: number, fields: Record<string, unknown>) =>
    JSON.stringify({ topic: 'bin', partition: 1, offset, timestamp: 1795000000000 + offset, ...fields });
  const event = `[${message(10, { key: 'k1', value: notUtf8.toString('base64') }).replace(/}$/, `,"headers":{"headers":${headers},"isReadOnly":false}}`)},${message(11, { key: null, value: Buffer.from('héllo').toString('base64') })},${message(12, { key: 'gone', value: null })}]`;

  it('round-trips headers exactly, binary values that are not UTF-8, null keys and tombstones', async () => {
    summaryOf(await sinkInstance(oss.server, { env: { RECORD_FORMAT: 'full', VALUE_DATA_TYPE: 'Binary' } }).invoke(Buffer.from(event)));
    const text = (await storedText('archive/bin/1/0000000000000000010-0000000000000000012.json')) as string;
    expect(text).toContain(`"headers":${headers}`);
    const records = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(Object.keys(records[0] as object)).toEqual([
      'key',
      'offset',
      'overflowFlag',
      'partition',
      'timestamp',
      'topic',
      'value',
      'valueSize',
      'headers',
      'keyEncoding',
      'valueEncoding',
      'overflowKey',
    ]);
    expect(records[0]).toMatchObject({
      value: notUtf8.toString('base64'),
      valueEncoding: 'base64',
      valueSize: 4,
      keyEncoding: 'text',
      overflowKey: null,
    });
    expect(records[1]).toMatchObject({ key: null, keyEncoding: null, value: 'héllo', valueEncoding: 'text', valueSize: 6, headers: [] });
    expect(records[2]).toMatchObject({ key: 'gone', value: null, valueEncoding: null, valueSize: 0 });
  });

  it('names the overflow object in the record', async () => {
    const value = Buffer.from('x'.repeat(40)).toString('base64');
    const batch = Buffer.from(JSON.stringify([{ topic: 'bin', partition: 1, offset: 5, timestamp: 1, key: 'k', value }]));
    summaryOf(
      await sinkInstance(oss.server, { env: { RECORD_FORMAT: 'full', VALUE_DATA_TYPE: 'Binary', MAX_VALUE_BYTES: '10' } }).invoke(batch),
    );
    const [record] = JSON.parse((await storedText('archive/bin/1/0000000000000000005-0000000000000000005.json')) as string);
    expect(record).toMatchObject({
      overflowFlag: true,
      valueSize: 40,
      value: 'xxxxxxxxxx',
      valueEncoding: 'text',
      overflowKey: 'archive/bin/1/_overflow/0000000000000000005.bin',
    });
    expect(await storedText(record.overflowKey)).toBe('x'.repeat(40));
  });

  it('refuses a Binary value that is not base64, naming the element, and archives the rest', async () => {
    const batch = Buffer.from(
      JSON.stringify([
        { topic: 'bin', partition: 1, offset: 1, timestamp: 1, value: 'aGk=' },
        { topic: 'bin', partition: 1, offset: 2, timestamp: 1, value: 'not base64!' },
      ]),
    );
    const summary = summaryOf(await sinkInstance(oss.server, { env: { VALUE_DATA_TYPE: 'Binary' } }).invoke(batch));
    expect(summary).toMatchObject({ records: 1, rejectedElements: 1 });
    const errors = JSON.parse((await storedText(summary.written.find((o) => o.kind === 'errors')?.key as string)) as string);
    expect(errors.elements[0].problems[0]).toContain('element 1 (RawData message) field value: expected base64');
  });
});

describe('poison elements are set aside, not the batch (FAILURE_POLICY=continue, the default)', () => {
  const good = range(1, 50);
  const bad = '{"specversion":"1.0","data":{"topic":"orders","partition":0,"offset":"not-an-offset","timestamp":1}}';
  const event = () => {
    const elements = JSON.parse(batchOf(good).toString('utf8')) as unknown[];
    return Buffer.from(
      `[${elements
        .slice(0, 25)
        .map((e) => JSON.stringify(e))
        .join(',')},${bad},${elements
        .slice(25)
        .map((e) => JSON.stringify(e))
        .join(',')}]`,
    );
  };

  it('archives the 50 good records once and keeps the bad element whole in _errors/', async () => {
    const invocation = await sinkInstance(oss.server).invoke(event());
    const summary = summaryOf(invocation);
    expect(summary).toMatchObject({ records: 50, rejectedElements: 1 });
    expect(await offsetsUnder('orders/')).toEqual(good);
    const errorKeys = await keys('_errors/');
    expect(errorKeys).toHaveLength(1);
    const errors = JSON.parse((await storedText(errorKeys[0] as string)) as string);
    expect(errors).toEqual({
      elements: [{ index: 25, problems: [expect.stringContaining('element 25 (CloudEvent) field data.offset')], text: bad }],
    });
    const warning = invocation.logs.map((line) => JSON.parse(line)).find((line) => line.event === 'elements set aside');
    expect(warning).toMatchObject({ level: 'warn', key: errorKeys[0], count: 1 });
  });

  it('adds nothing when the same batch is delivered again', async () => {
    summaryOf(await sinkInstance(oss.server).invoke(event()));
    const before = await keys();
    const again = summaryOf(await sinkInstance(oss.server).invoke(event()));
    expect(again).toMatchObject({ created: 0, alreadyArchivedRecords: 50 });
    expect(await keys()).toEqual(before);
  });

  it('stores an event that is not JSON at all whole, as base64 when it is not UTF-8', async () => {
    const garbage = Buffer.from([0x5b, 0xff, 0xfe, 0x2c]);
    const summary = summaryOf(await sinkInstance(oss.server).invoke(garbage));
    const errors = JSON.parse((await storedText(summary.written[0]?.key as string)) as string);
    expect(errors.elements).toEqual([
      { index: null, problems: [expect.stringContaining('the event is not valid JSON')], base64: garbage.toString('base64') },
    ]);
  });

  it('FAILURE_POLICY=stop rejects the batch and writes nothing', async () => {
    const error = errorOf(await sinkInstance(oss.server, { env: { FAILURE_POLICY: 'stop' } }).invoke(event()));
    expect(error.message).toContain('element 25 (CloudEvent) field data.offset');
    expect(oss.server.requests).toHaveLength(0);
  });
});

describe('each offset archived once across re-batched redeliveries', () => {
  it('0–99, then 0–149, then 50–199', async () => {
    const instance = sinkInstance(oss.server);
    summaryOf(await instance.invoke(batchOf(range(0, 99))));
    expect(summaryOf(await instance.invoke(batchOf(range(0, 149))))).toMatchObject({ alreadyArchivedRecords: 100, created: 1 });
    expect(summaryOf(await instance.invoke(batchOf(range(50, 199))))).toMatchObject({ alreadyArchivedRecords: 100, created: 1 });
    expect(await offsetsUnder('orders/')).toEqual(range(0, 199));
    expect(await keys('orders/0/')).toEqual([
      'archive/orders/0/0000000000000000000-0000000000000000099.json',
      'archive/orders/0/0000000000000000100-0000000000000000149.json',
      'archive/orders/0/0000000000000000150-0000000000000000199.json',
    ]);
  });

  it('a batch inside and around several archived ranges fills only the gaps', async () => {
    const instance = sinkInstance(oss.server);
    summaryOf(await instance.invoke(batchOf(range(10, 19))));
    summaryOf(await instance.invoke(batchOf(range(30, 39))));
    summaryOf(await instance.invoke(batchOf(range(0, 49))));
    expect(await offsetsUnder('orders/')).toEqual(range(0, 49));
    expect((await keys('orders/0/')).map((key) => key.slice(-44, -5))).toEqual([
      '0000000000000000000-0000000000000000009',
      '0000000000000000010-0000000000000000019',
      '0000000000000000020-0000000000000000029',
      '0000000000000000030-0000000000000000039',
      '0000000000000000040-0000000000000000049',
    ]);
  });

  it('offsets reused with different content (a topic created again) are kept apart, never lost or overwritten', async () => {
    const instance = sinkInstance(oss.server);
    summaryOf(await instance.invoke(batchOf(range(0, 9), (o) => `first life ${o}`)));
    const summary = summaryOf(await instance.invoke(batchOf(range(5, 14), (o) => `second life ${o}`)));
    expect(summary.conflicts).toBe(1);
    const conflicts = await keys('orders/0/_conflicts/');
    expect(conflicts).toHaveLength(1);
    const kept = JSON.parse((await storedText(conflicts[0] as string)) as string) as Array<{ offset: number; value: string }>;
    expect(kept.map((record) => record.value)).toEqual(range(5, 9).map((o) => `second life ${o}`));
    const main = await recordsUnder('orders/0/');
    expect(main.map((record) => record.value)).toEqual([
      ...range(0, 9).map((o) => `first life ${o}`),
      ...range(10, 14).map((o) => `second life ${o}`),
    ]);
  });

  it('costs one listing per topic-partition for a batch that overlaps nothing', async () => {
    const instance = sinkInstance(oss.server);
    summaryOf(await instance.invoke(batchOf(range(0, 99))));
    const next = summaryOf(await instance.invoke(batchOf(range(100, 199))));
    expect(next.requests).toEqual({ put: 1, list: 1, get: 0 });
  });

  const lookUpWarnings = (logs: string[]) =>
    logs.map((line) => JSON.parse(line)).filter((line) => line.event === 'archived ranges not looked up');

  it('stores batches as before and says once what to grant when the credentials may not list the bucket', async () => {
    await oss.restart([{ ...LOCAL_DEV_CREDENTIAL, permissions: ['oss:PutObject', 'oss:GetObject'] }]);
    const instance = sinkInstance(oss.server);
    const first = await instance.invoke(batchOf(range(0, 9)));
    expect(summaryOf(first)).toMatchObject({ created: 1 });
    expect(lookUpWarnings(first.logs)).toEqual([expect.objectContaining({ message: expect.stringContaining('Grant oss:ListObjects') })]);
    const again = await instance.invoke(batchOf(range(0, 9)));
    expect(summaryOf(again)).toMatchObject({ alreadyStored: 1 });
    expect(lookUpWarnings(again.logs)).toEqual([]);
  });
});
