// verify against the local OSS server: a clean archive passes; a planted duplicate, a missing whole
// value and an unreadable object each fail it; gaps, _conflicts/ and _errors/ are reported only.
import OSS from 'ali-oss';
import { runVerify } from '../../../tools/archive';
import { LOCAL_DEV_CREDENTIAL } from '../../../tools/oss-emulator';
import { BUCKET, ossPerTest } from '../../support/sink-fixture';
import { captureIo, pad, plant, record, sourceFor } from './archive-fixture';

const oss = ossPerTest();
const home = (partition = 0) => `archive/orders/${partition}/`;
const batchKey = (first: number, last: number, partition = 0, ext = '.json') => `${home(partition)}${pad(first)}-${pad(last)}${ext}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function verifyWith(options: Record<string, unknown> = {}) {
  const captured = captureIo();
  const code = await runVerify({ source: sourceFor(oss.server), ...options }, captured.io);
  return { code, out: captured.stdoutText(), err: captured.stderr() };
}

async function cleanArchive() {
  await plant(
    oss.server,
    batchKey(0, 9),
    range(0, 9).map((o) => record(o)),
  );
  await plant(
    oss.server,
    batchKey(20, 29, 0, '.jsonl.zst'),
    range(20, 29).map((o) => record(o)),
    { output: 'jsonl', compression: 'zstd' },
  );
  await plant(
    oss.server,
    batchKey(0, 4, 1, '.parquet'),
    range(0, 4).map((o) => record(o, { partition: 1 })),
    { output: 'parquet' },
  );
  await oss.server.putObject(BUCKET, `${home()}_overflow/${pad(30)}.bin`, Buffer.from('x'.repeat(30)));
  await plant(oss.server, batchKey(30, 30), [
    record(30, { value: 'xxxxx', overflowFlag: true, valueSize: 30, overflowKey: `${home()}_overflow/${pad(30)}.bin` }),
  ]);
}

describe('verify', () => {
  it('passes a clean archive, with its gaps reported as ranges', async () => {
    await cleanArchive();
    const { code, out } = await verifyWith();
    expect(code).toBe(0);
    expect(out).toMatch(/orders\s+0\s+3\s+21\s+0\s+30\s+1 \(10 offsets\)\s+0\s+0\s+0\s+0/);
    expect(out).toMatch(/orders\s+1\s+1\s+5\s+0\s+4\s+0/);
    expect(out).toContain('orders/0: 10-19');
    expect(out).toContain('OK: 4 object(s) read');
  });

  it('--json: every finding as data, offsets as exact numbers', async () => {
    await cleanArchive();
    await plant(oss.server, `archive/orders/0/${pad(9223372036854775800)}-${pad(9223372036854775800)}.json`, [
      record(9223372036854775800n, { timestamp: 1 }),
    ]);
    const { code, out } = await verifyWith({ json: true, topic: 'orders', partition: '0' });
    expect(code).toBe(0);
    expect(out).toContain('9223372036854775800');
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: true, failures: [] });
    expect(report.partitions).toHaveLength(1);
    expect(report.partitions[0]).toMatchObject({ topic: 'orders', partition: 0, objects: 4, offsets: 22, duplicates: [] });
    expect(report.partitions[0].gaps[0]).toEqual([10, 19]);
  });

  it('fails on a planted duplicate, a missing whole value and an unreadable object, naming each', async () => {
    await cleanArchive();
    await plant(
      oss.server,
      batchKey(5, 12),
      range(5, 12).map((o) => record(o)),
    ); // 5-9 again, same content
    await new OSS({
      bucket: BUCKET,
      region: `oss-${oss.server.region}`,
      endpoint: oss.server.endpoint,
      ...LOCAL_DEV_CREDENTIAL,
    } as OSS.Options).delete(`${home()}_overflow/${pad(30)}.bin`);
    await oss.server.putObject(BUCKET, batchKey(40, 49), Buffer.from('[{"key":"k40","offset":40,'));
    const { code, out } = await verifyWith();
    expect(code).toBe(1);
    expect(out).toContain(`orders/0: 5-9, same content; in ${batchKey(0, 9)}, ${batchKey(5, 12)}`);
    expect(out).toContain(`orders/0 offset 30: its value is cut and ${home()}_overflow/${pad(30)}.bin is missing`);
    expect(out).toContain(`${batchKey(40, 49)}: `);
    expect(out).toContain(
      'FAILED: 1 partition(s) hold offsets more than once; 1 cut value(s) lack their whole copy in _overflow/; 1 object(s) cannot be read.',
    );
  });

  it('tells a duplicate with other content apart', async () => {
    await plant(oss.server, batchKey(0, 1), [record(0), record(1)]);
    await plant(oss.server, batchKey(1, 1, 0, '.jsonl'), [record(1, { value: 'other' })], { output: 'jsonl' });
    const { code, out } = await verifyWith();
    expect(code).toBe(1);
    expect(out).toContain('orders/0: 1, with different content at 1');
  });

  it('reports _conflicts/ copies, _errors/ objects and cut values kept without a whole copy, and still passes', async () => {
    await plant(oss.server, batchKey(0, 1), [record(0), record(1, { value: 'cut', overflowFlag: true, valueSize: 99 })]);
    await plant(oss.server, `${home()}_conflicts/${pad(0)}-${pad(0)}.${'c'.repeat(32)}.json`, [record(0, { value: 'second life' })]);
    await oss.server.putObject(BUCKET, `archive/_errors/${'e'.repeat(32)}.json`, Buffer.from('{"elements":[]}'));
    const { code, out } = await verifyWith();
    expect(code).toBe(0);
    expect(out).toContain(`Records kept apart in _conflicts/ (offsets archived before with other content):\n  ${home()}_conflicts/`);
    expect(out).toContain(`Elements set aside in _errors/ (not Kafka messages):\n  archive/_errors/${'e'.repeat(32)}.json`);
    expect(out).toContain('1 value(s) are cut with no whole copy kept');
  });

  it('a seed-format cut value passes with its _overflow/<offset>.bin of the right size, fails without', async () => {
    await plant(oss.server, batchKey(3, 3), [record(3, { value: 'ab', overflowFlag: true, valueSize: 4 })], { recordFormat: 'seed' });
    expect((await verifyWith()).code).toBe(1);
    await oss.server.putObject(BUCKET, `${home()}_overflow/${pad(3)}.bin`, Buffer.from('abcd'));
    expect((await verifyWith()).code).toBe(0);
  });

  it('says so when there is nothing under the prefix', async () => {
    const { code, out } = await verifyWith();
    expect(code).toBe(0);
    expect(out).toContain('No records objects found.');
  });
});
