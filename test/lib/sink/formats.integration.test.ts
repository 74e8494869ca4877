// Every output format and compression, written by the built function through real ali-oss to the
// local OSS server, read back by DuckDB (a reader this project did not write) and by our own
// decoder, with identical records; and a Hive-partitioned tree queried as one table.
import { join } from 'node:path';
import { decodeObject } from '../../../lib/objects/object-decoder';
import type { LocalOssServer } from '../../../tools/oss-emulator';
import { duckQuery, sqlString, withFiles } from '../../support/duckdb';
import { BUCKET, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
beforeAll(async () => {
  oss = await startOss();
  server = oss.server;
});
afterAll(() => oss.close());

const messages = [
  { topic: 'orders', partition: 2, offset: 7, timestamp: 1795000000007, key: 'k7', value: 'plain text, 中文 and 😀' },
  { topic: 'orders', partition: 2, offset: '9007199254740993', timestamp: 1795000000008, key: null, value: { id: 1, tags: ['a'] } },
  { topic: 'orders', partition: 2, offset: '9007199254740994', timestamp: 1795000000009, key: 'tomb', value: null },
];
const event = Buffer.from(
  JSON.stringify(messages.map((m) => ({ ...m, headers: { headers: [{ key: 'h', value: 'x' }], isReadOnly: false } }))),
);
const expected = (format: 'seed' | 'full') =>
  [
    { key: 'k7', offset: 7n, value: 'plain text, 中文 and 😀', valueEncoding: 'text', valueSize: 27 },
    { key: null, offset: 9007199254740993n, value: '{"id":1,"tags":["a"]}', valueEncoding: 'json', valueSize: 21 },
    { key: 'tomb', offset: 9007199254740994n, value: null, valueEncoding: null, valueSize: 0 },
  ].map(({ valueEncoding, ...record }, i) => ({
    ...record,
    overflowFlag: false,
    partition: 2,
    timestamp: 1795000000007 + i,
    topic: 'orders',
    ...(format === 'full'
      ? { headers: '[{"key":"h","value":"x"}]', keyEncoding: record.key === null ? null : 'text', valueEncoding, overflowKey: null }
      : {}),
  }));

const combinations = [
  ['json', 'none', '.json'],
  ['json', 'gzip', '.json.gz'],
  ['json', 'zstd', '.json.zst'],
  ['jsonl', 'none', '.jsonl'],
  ['jsonl', 'gzip', '.jsonl.gz'],
  ['jsonl', 'zstd', '.jsonl.zst'],
  ['parquet', 'zstd', '.parquet'],
  ['parquet', 'gzip', '.parquet'],
  ['parquet', 'none', '.parquet'],
] as const;

describe.each(['seed', 'full'] as const)('RECORD_FORMAT=%s', (recordFormat) => {
  it.each(combinations)(
    'OUTPUT_FORMAT=%s COMPRESSION=%s: DuckDB and the decoder read every record back',
    async (output, compression, extension) => {
      const prefix = `formats/${recordFormat}/${output}-${compression}`;
      const env = { OSS_PREFIX: prefix, OUTPUT_FORMAT: output, COMPRESSION: compression, RECORD_FORMAT: recordFormat };
      const summary = summaryOf(await sinkInstance(server, { env }).invoke(event));
      const [object] = summary.written;
      expect(object?.key).toBe(`${prefix}/orders/2/0000000000000000007-0009007199254740994${extension}`);
      const body = (await server.getObject(BUCKET, object?.key as string)) as Buffer;

      expect(await decodeObject(object?.key as string, body)).toEqual(expected(recordFormat));

      const reader =
        output === 'parquet'
          ? (file: string) => `read_parquet(${sqlString(file)})`
          : (file: string) => `read_json(${sqlString(file)}, format='${output === 'json' ? 'array' : 'newline_delimited'}')`;
      const rows = await withFiles({ [`object${extension}`]: body }, (dir) =>
        duckQuery(`SELECT key, "offset", value, valueSize FROM ${reader(join(dir, `object${extension}`))} ORDER BY "offset"`),
      );
      expect(rows).toEqual(
        expected(recordFormat).map(({ key, offset, value, valueSize }) => ({ key, offset, value, valueSize: BigInt(valueSize) })),
      );
    },
  );
});

it('a Hive-partitioned tree reads as one table, with partition pruning by hour', async () => {
  const template =
    'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
  const env = { OSS_PREFIX: 'hive', OBJECT_KEY_TEMPLATE: template, TIMEZONE: 'Asia/Shanghai', OUTPUT_FORMAT: 'jsonl', COMPRESSION: 'gzip' };
  const hours = ['2026-11-24T01:10:00Z', '2026-11-24T01:50:00Z', '2026-11-24T02:10:00Z'];
  const batch = Buffer.from(
    JSON.stringify(
      hours.map((iso, i) => ({ topic: 'orders', partition: 0, offset: i, timestamp: Date.parse(iso), key: `k${i}`, value: iso })),
    ),
  );
  summaryOf(await sinkInstance(server, { env }).invoke(batch));
  const files: Record<string, Buffer> = {};
  for (const key of (await server.listKeys(BUCKET, 'hive/dt=')).filter((k) => k.endsWith('.jsonl.gz'))) {
    files[key.slice('hive/'.length)] = (await server.getObject(BUCKET, key)) as Buffer;
  }
  const rows = await withFiles(files, (dir) =>
    duckQuery(
      `SELECT hour, count(*) AS n FROM read_json(${sqlString(`${dir}/dt=*/hour=*/*/*/*.jsonl.gz`)}, format='newline_delimited', hive_partitioning=true) GROUP BY hour ORDER BY hour`,
    ),
  );
  expect(rows).toEqual([
    { hour: '09', n: 2n },
    { hour: '10', n: 1n },
  ]);
});
