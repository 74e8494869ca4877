// export against the local OSS server and real ali-oss, on archives planted object by object with
// the sink's own encoders: every format, both zones, duplicates, conflicts, whole values, filters.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../../../tools/archive';
import { BUCKET, ossPerTest } from '../../support/sink-fixture';
import { captureIo, exportedLines, pad, plant, record, sourceFor } from './archive-fixture';

const oss = ossPerTest();
const home = (partition = 0, topic = 'orders') => `archive/${topic}/${partition}/`;
const batchKey = (first: number | bigint, last: number | bigint, partition = 0, ext = '.json') =>
  `${home(partition)}${pad(first)}-${pad(last)}${ext}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function exportWith(options: Record<string, unknown> = {}, overrides = {}, env = {}) {
  const captured = captureIo();
  const code = await runExport({ source: sourceFor(oss.server, overrides, env), topic: 'orders', ...options }, captured.io);
  return { code, ...captured, lines: exportedLines(captured.stdoutText()) };
}

describe('export: every offset once, in order', () => {
  it('merges every format, compression and zone, sorted by partition then offset', async () => {
    await plant(
      oss.server,
      batchKey(0, 2),
      range(0, 2).map((o) => record(o)),
    );
    await plant(
      oss.server,
      batchKey(3, 5, 0, '.jsonl.gz'),
      range(3, 5).map((o) => record(o)),
      { output: 'jsonl', compression: 'gzip' },
    );
    await plant(
      oss.server,
      batchKey(0, 1, 1, '.parquet'),
      range(0, 1).map((o) => record(o, { partition: 1 })),
      { output: 'parquet', compression: 'zstd' },
    );
    await plant(
      oss.server,
      `${home(1)}${pad(2)}-${pad(3)}.jsonl.zst`,
      range(2, 3).map((o) => record(o, { partition: 1 })),
      { output: 'jsonl', compression: 'zstd' },
    );
    // The compacted zone holds 6-8 of partition 0; the batch zone no longer does.
    await plant(
      oss.server,
      `compacted/orders/0/${pad(6)}-${pad(8)}.parquet`,
      range(6, 8).map((o) => record(o)),
      { output: 'parquet' },
    );
    await plant(oss.server, batchKey(0, 0, 0, '.json.gz'), [record(0)], { compression: 'gzip' }); // the same message again
    await plant(oss.server, `archive/other/0/${pad(0)}-${pad(0)}.json`, [record(0, { topic: 'other' })]);

    const { code, lines, stderr } = await exportWith();
    expect(code).toBe(0);
    expect(lines.map((line) => `${line.partition}:${line.offset}`)).toEqual([
      ...range(0, 8).map((o) => `0:${o}`),
      ...range(0, 3).map((o) => `1:${o}`),
    ]);
    expect(lines[0]).toEqual({
      topic: 'orders',
      partition: 0,
      offset: '0',
      timestamp: 1795000000000,
      key: 'k0',
      keyEncoding: 'text',
      value: 'value 0',
      valueEncoding: 'text',
      headers: [],
    });
    expect(stderr()).toContain('1 duplicate(s) dropped; 0 conflict(s)');
  });

  it('drops a planted duplicate object and counts it in the --json summary', async () => {
    await plant(
      oss.server,
      batchKey(0, 9),
      range(0, 9).map((o) => record(o)),
    );
    await plant(
      oss.server,
      batchKey(5, 14),
      range(5, 14).map((o) => record(o)),
    );
    const { code, lines, stderr } = await exportWith({ json: true });
    expect(code).toBe(0);
    expect(lines.map((line) => line.offset)).toEqual(range(0, 14).map(String));
    expect(JSON.parse(stderr())).toMatchObject({
      topic: 'orders',
      messages: 15,
      duplicatesDropped: 5,
      conflicts: 0,
      objectsRead: 2,
      partitions: 1,
    });
  });

  it('reports a duplicate with other content, exports the copy the archive took first, and exits 1', async () => {
    await plant(
      oss.server,
      batchKey(0, 2),
      range(0, 2).map((o) => record(o, { value: `first life ${o}` })),
    );
    await plant(
      oss.server,
      `${home()}_conflicts/${pad(1)}-${pad(2)}.${'a'.repeat(32)}.json`,
      range(1, 2).map((o) => record(o, { value: `second life ${o}` })),
    );
    const { code, lines, stderr } = await exportWith();
    expect(code).toBe(1);
    expect(lines.map((line) => line.value)).toEqual(['first life 0', 'first life 1', 'first life 2']);
    expect(stderr()).toContain(
      `conflict: orders/0 offset 1 is archived with different content in ${batchKey(0, 2)} (exported) and archive/orders/0/_conflicts/`,
    );
    expect(stderr()).toContain('2 conflict(s)');
  });

  it('keeps int64 offsets exact', async () => {
    const big = 9223372036854775806n;
    await plant(oss.server, batchKey(big, big + 1n), [record(big, { timestamp: 1 }), record(big + 1n, { timestamp: 2 })]);
    const { code, stdoutText } = await exportWith();
    expect(code).toBe(0);
    expect(stdoutText()).toContain('"offset":9223372036854775806,');
    expect(stdoutText()).toContain('"offset":9223372036854775807,');
  });

  it('reads objects whose key no template reads by opening them, and says how to spare that', async () => {
    await plant(oss.server, 'archive/by-hand/orders-part-0.json', [record(3), record(4)]);
    await plant(
      oss.server,
      batchKey(0, 2),
      range(0, 2).map((o) => record(o)),
    );
    const { code, lines, stderr } = await exportWith();
    expect(code).toBe(0);
    expect(lines.map((line) => line.offset)).toEqual(range(0, 4).map(String));
    expect(stderr()).toContain('1 object(s) have keys that no known key template reads');
  });
});

describe('export: values as Kafka held them', () => {
  it('Binary values as base64, Json values as their JSON text, tombstones and null keys as null, headers exactly', async () => {
    const headers = '[{"key":"trace","value":"YWJj"},{"n":12345678901234567890}]';
    await plant(oss.server, batchKey(0, 3), [
      record(0, { value: Buffer.from([0xff, 0x00]).toString('base64'), valueEncoding: 'base64', valueSize: 2, headers }),
      record(1, { value: '{"a":[1,2.50]}', valueEncoding: 'json' }),
      record(2, { key: null, keyEncoding: null, value: null, valueEncoding: null, valueSize: 0 }),
      record(3, { value: '' }),
    ]);
    const { stdoutText } = await exportWith();
    const lines = stdoutText().split('\n');
    expect(lines[0]).toBe(
      `{"topic":"orders","partition":0,"offset":0,"timestamp":1795000000000,"key":"k0","keyEncoding":"text","value":"/wA=","valueEncoding":"base64","headers":${headers}}`,
    );
    expect(lines[1]).toContain('"value":"{\\"a\\":[1,2.50]}","valueEncoding":"json"');
    expect(lines[2]).toContain('"key":null,"keyEncoding":null,"value":null,"valueEncoding":null');
    expect(lines[3]).toContain('"value":"","valueEncoding":"text"');
  });

  it('seed-format values are text, or base64 when VALUE_DATA_TYPE says Binary; their headers are null', async () => {
    await plant(oss.server, batchKey(0, 0), [record(0, { value: 'aGk=', valueSize: 2 })], { recordFormat: 'seed' });
    const text = await exportWith();
    expect(text.lines[0]).toMatchObject({ value: 'aGk=', valueEncoding: 'text', headers: null });
    const binary = await exportWith({}, {}, { VALUE_DATA_TYPE: 'Binary' });
    expect(binary.lines[0]).toMatchObject({ value: 'aGk=', valueEncoding: 'base64' });
  });

  it('reads a cut value whole from _overflow/: named by a full record, found by offset for a seed record', async () => {
    const whole = 'x'.repeat(30);
    await oss.server.putObject(BUCKET, `${home()}_overflow/${pad(0)}.bin`, Buffer.from(whole));
    await oss.server.putObject(BUCKET, `${home()}_overflow/${pad(1)}.${'b'.repeat(32)}.bin`, Buffer.from(`${whole}!`));
    await plant(oss.server, batchKey(0, 0), [record(0, { value: 'xxxxxxxxxx', overflowFlag: true, valueSize: 30 })], {
      recordFormat: 'seed',
    });
    await plant(oss.server, batchKey(1, 1), [
      record(1, {
        value: 'xxxxxxxxxx',
        overflowFlag: true,
        valueSize: 31,
        overflowKey: `${home()}_overflow/${pad(1)}.${'b'.repeat(32)}.bin`,
      }),
    ]);
    const { code, lines, stderr } = await exportWith();
    expect(code).toBe(0);
    expect(lines.map((line) => line.value)).toEqual([whole, `${whole}!`]);
    expect(stderr()).toContain('2 whole value(s) read from _overflow/');
  });

  it('stops, naming the offset, when a whole value is missing; --allow-truncated exports it cut and marked', async () => {
    await plant(oss.server, batchKey(0, 1), [
      record(0),
      record(1, { value: 'xxxxxxxxxx', overflowFlag: true, valueSize: 30, overflowKey: `${home()}_overflow/${pad(1)}.bin` }),
    ]);
    const stopped = await exportWith();
    expect(stopped.code).toBe(1);
    expect(stopped.stderr()).toContain(
      `orders/0 offset 1 holds only the first bytes of its value, and its whole value (${home()}_overflow/${pad(1)}.bin, 30 bytes) is missing`,
    );
    expect(stopped.stderr()).toContain('stopped at orders/0 after offset 1; 1 message(s) written');
    const cut = await exportWith({ allowTruncated: true });
    expect(cut.code).toBe(0);
    expect(cut.lines[1]).toMatchObject({ offset: '1', value: 'xxxxxxxxxx', truncated: true });
  });
});

describe('export: choosing what to export', () => {
  beforeEach(async () => {
    await plant(
      oss.server,
      batchKey(0, 9),
      range(0, 9).map((o) => record(o)),
    );
    await plant(
      oss.server,
      batchKey(10, 19),
      range(10, 19).map((o) => record(o)),
    );
    await plant(
      oss.server,
      batchKey(0, 4, 1),
      range(0, 4).map((o) => record(o, { partition: 1 })),
    );
  });

  it('--partition, --from-offset and --to-offset (inclusive), reading only the objects they need', async () => {
    const { lines, stderr } = await exportWith({ partition: '0', fromOffset: '12', toOffset: 14n, json: true });
    expect(lines.map((line) => `${line.partition}:${line.offset}`)).toEqual(['0:12', '0:13', '0:14']);
    expect(JSON.parse(stderr())).toMatchObject({ objectsRead: 1 });
  });

  it('--from-time (inclusive) and --to-time (exclusive)', async () => {
    const at = (offset: number) => new Date(1795000000000 + offset).toISOString();
    const { lines } = await exportWith({ fromTime: at(3), toTime: at(5) });
    expect(lines.map((line) => `${line.partition}:${line.offset}`)).toEqual(['0:3', '0:4', '1:3', '1:4']);
  });

  it('--out writes a file that appears only when the export is complete, and the summary goes to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-export-'));
    try {
      const out = join(dir, 'orders.jsonl');
      const { code, stdoutText } = await exportWith({ out, json: true });
      expect(code).toBe(0);
      expect(exportedLines(readFileSync(out, 'utf8'))).toHaveLength(25);
      expect(JSON.parse(stdoutText())).toMatchObject({ messages: 25 });
      expect(existsSync(`${out}.partial`)).toBe(false);

      await plant(oss.server, batchKey(20, 20), [record(20, { value: 'x', overflowFlag: true, valueSize: 9 })]);
      const failed = await exportWith({ out: join(dir, 'failed.jsonl') });
      expect(failed.code).toBe(1);
      expect(existsSync(join(dir, 'failed.jsonl'))).toBe(false);
      expect(existsSync(join(dir, 'failed.jsonl.partial'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ partition: 'x' }, '--partition "x" must be a partition number'],
    [{ fromOffset: '-1' }, '--from-offset "-1" must be an offset'],
    [{ fromOffset: '5', toOffset: '4' }, '--from-offset 5 is after --to-offset 4'],
    [{ fromTime: 'yesterday' }, '--from-time "yesterday" must be an ISO 8601 time'],
    [{ format: 'avro' }, '--format "avro" must be one of json, kcat'],
    [{ format: 'kcat' }, '--format kcat needs --partition'],
    [{ topic: '' }, '--topic is required'],
  ])('refuses %j with exit 2 and reads nothing', async (options, message) => {
    oss.server.requests.length = 0;
    const { code, stderr, stdout } = await exportWith(options);
    expect(code).toBe(2);
    expect(stderr()).toContain(message);
    expect(stdout()).toHaveLength(0);
    expect(oss.server.requests).toHaveLength(0);
  });

  it('retries a request that fails with 503', async () => {
    oss.server.faults.add({ method: 'GET', key: /0000000000000000010-/, times: 1, fault: { status: 503, code: 'ServiceUnavailable' } });
    const { code, lines } = await exportWith({ partition: 0 });
    expect(code).toBe(0);
    expect(lines).toHaveLength(20);
  });

  it('goes on without the compacted zone, warning, when the credentials may not list it', async () => {
    oss.server.faults.add({ operation: 'ListObjectsV2', times: 1, fault: { status: 403, code: 'AccessDenied' } });
    const { code, lines, stderr } = await exportWith({ partition: 1 });
    expect(code).toBe(0);
    expect(lines).toHaveLength(5);
    expect(stderr()).toContain(
      'warning: the compacted zone compacted/ cannot be listed (OSS list compacted/ failed: HTTP 403, AccessDenied',
    );
  });

  it('stops when interrupted, leaving no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-export-'));
    try {
      const captured = captureIo();
      captured.abort();
      const out = join(dir, 'orders.jsonl');
      expect(await runExport({ source: sourceFor(oss.server), topic: 'orders', out }, captured.io)).toBe(1);
      expect(captured.stderr()).toContain(`Interrupted: ${out} was not written`);
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws progress on a terminal and erases it', async () => {
    const captured = captureIo({ isTTY: true });
    await runExport({ source: sourceFor(oss.server), topic: 'orders' }, captured.io);
    expect(captured.stderr()).toContain('\r\u001b[K');
  });
});
