// The built compaction function, run as FC runs it, over batch objects the built sink wrote to the
// local OSS server: many small objects (some holding the same offsets twice, one kept apart in
// _conflicts/) become a few compacted objects holding each offset once, in order; a run with
// nothing new writes nothing; DuckDB reads the compacted zone as one Hive-partitioned table.
import { join } from 'node:path';
import { decodeObject } from '../../../lib/objects/object-decoder';
import type { StoredRecord } from '../../../lib/objects/stored-record';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer } from '../../../tools/oss-emulator';
import { compactedRecords, compactionOf, compactorInstance, snapshot, TIMER_EVENT } from '../../support/compactor-fixture';
import { duckQuery, sqlString, withFiles } from '../../support/duckdb';
import { BUCKET, cloudEvents, errorOf, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

/** A key that may put and get objects but not list them: the sink then cannot see what is archived, and stores overlapping batches. */
const BLIND = { accessKeyId: 'blind-key-id', accessKeySecret: 'blind-key-secret' };

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
beforeEach(async () => {
  oss = await startOss([LOCAL_DEV_CREDENTIAL, { ...BLIND, permissions: ['oss:PutObject', 'oss:GetObject'] }]);
  server = oss.server;
});
afterEach(() => oss.close());

const BASE = Date.parse('2026-11-24T09:30:00Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Messages of one partition, a minute apart, so that 120 offsets span three hours. */
const batch = (partition: number, offsets: number[], value = (offset: number) => `p${partition} v${offset}`) =>
  cloudEvents(offsets.map((offset) => ({ partition, offset, timestamp: BASE + offset * 60_000, key: `k${offset}`, value: value(offset) })));

/** Partitions 0 and 1, offsets 0-119 in batches of 10; partition 0's 5-24 and partition 1's 50-64 stored a second time; 30-34 of partition 0 again with other values. */
async function fillArchive(env: Record<string, string> = {}): Promise<void> {
  const sink = sinkInstance(server, { env });
  for (const partition of [0, 1])
    for (let from = 0; from < 120; from += 10) summaryOf(await sink.invoke(batch(partition, range(from, from + 9))));
  const blind = sinkInstance(server, { env, credentials: BLIND });
  summaryOf(await blind.invoke(batch(0, range(5, 24))));
  summaryOf(await blind.invoke(batch(1, range(50, 64))));
  expect(summaryOf(await sink.invoke(batch(0, range(30, 34), (offset) => `other ${offset}`)))).toMatchObject({ conflicts: 1 });
}

const byPartition = (records: StoredRecord[], partition: number) => records.filter((record) => record.partition === partition);
const writes = () => server.requests.filter((request) => request.method !== 'GET' && request.method !== 'HEAD');

describe('compaction of the default layout', () => {
  it('turns 29 small objects into one object per hour and partition, each offset once and in order; _conflicts/ is counted, not mixed in', async () => {
    await fillArchive();
    expect((await server.listKeys(BUCKET, 'archive/')).filter((key) => !key.includes('/_'))).toHaveLength(26);

    const summary = compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));

    expect(summary.totals).toMatchObject({ partitions: 2, steps: 2, objectsRead: 26, records: 240, duplicatesDropped: 35, conflicts: 1 });
    expect(
      summary.partitions.map(({ topic, partition, state, nextOffset, pending, conflicts }) => ({
        topic,
        partition,
        state,
        nextOffset,
        pending,
        conflicts,
      })),
    ).toEqual([
      { topic: 'orders', partition: 0, state: 'up to date', nextOffset: '120', pending: false, conflicts: 1 },
      { topic: 'orders', partition: 1, state: 'up to date', nextOffset: '120', pending: false, conflicts: 0 },
    ]);
    const keys = await server.listKeys(BUCKET, 'compacted/');
    expect(keys).toEqual([
      'compacted/_checkpoints/orders/0.json',
      'compacted/_checkpoints/orders/1.json',
      ...['09', '10', '11'].flatMap((hour) =>
        [0, 1].map(
          (partition) => `compacted/orders/dt=2026-11-24/hour=${hour}/${partition}-0000000000000000000-0000000000000000119.jsonl.gz`,
        ),
      ),
    ]);
    for (const key of keys.filter((k) => !k.includes('_checkpoints'))) {
      const offsets = (await decodeObject(key, (await server.getObject(BUCKET, key)) as Buffer)).map((record) => record.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    }
    const records = await compactedRecords(server);
    for (const partition of [0, 1]) {
      expect(byPartition(records, partition).map((record) => [record.offset, record.value])).toEqual(
        range(0, 119).map((o) => [BigInt(o), `p${partition} v${o}`]),
      );
    }
    expect(JSON.parse((await server.getObject(BUCKET, 'compacted/_checkpoints/orders/0.json'))?.toString() as string)).toEqual({
      topic: 'orders',
      partition: 0,
      nextOffset: '120',
      pending: null,
    });
  });

  it('a run with nothing new writes nothing; a run after new batches adds only their step', async () => {
    await fillArchive();
    compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));
    const before = await snapshot(server, 'compacted/');

    server.requests.length = 0;
    const idle = compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));
    expect(writes()).toEqual([]);
    expect(idle.totals).toMatchObject({ steps: 0, compactedObjects: 0, upToDate: 2 });
    expect(idle.requests).toEqual({ list: 6, get: 2, head: 0, put: 0, multipart: 0, delete: 0 });

    summaryOf(await sinkInstance(server).invoke(batch(0, range(120, 129))));
    const next = compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));
    expect(next.partitions[0]).toMatchObject({ steps: 1, objectsRead: 1, records: 10, nextOffset: '130' });
    expect(next.partitions[0]?.written.map((object) => object.key)).toEqual([
      'compacted/orders/dt=2026-11-24/hour=11/0-0000000000000000120-0000000000000000129.jsonl.gz',
    ]);
    const after = await snapshot(server, 'compacted/');
    for (const [key, bytes] of before) if (!key.includes('_checkpoints/orders/0')) expect(after.get(key)).toEqual(bytes);
  });

  it('leaves batch objects younger than COMPACT_MIN_AGE_SECONDS, and everything after the first of them', async () => {
    await fillArchive();
    const summary = compactionOf(await compactorInstance(server, { env: { COMPACT_MIN_AGE_SECONDS: '300' } }).invoke(TIMER_EVENT));
    expect(summary.totals).toMatchObject({ steps: 0, compactedObjects: 0, upToDate: 2 });
    expect(await server.listKeys(BUCKET, 'compacted/')).toEqual([]);
  });

  it('cuts a long backlog into steps of about COMPACT_TARGET_BYTES, each named by its offsets', async () => {
    await fillArchive();
    const summary = compactionOf(await compactorInstance(server, { env: { COMPACT_TARGET_BYTES: '1024' } }).invoke(TIMER_EVENT));
    expect(summary.partitions[1]?.steps).toBeGreaterThan(3);
    const records = await compactedRecords(server);
    for (const partition of [0, 1])
      expect(byPartition(records, partition).map((record) => record.offset)).toEqual(range(0, 119).map(BigInt));
    const ranges = (await server.listKeys(BUCKET, 'compacted/orders/'))
      .map((key) =>
        key
          .match(/\/1-(\d+)-(\d+)\./)
          ?.slice(1)
          .map(Number),
      )
      .filter(Boolean);
    const steps = [...new Set(ranges.map((r) => JSON.stringify(r)))]
      .map((r) => JSON.parse(r) as number[])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    // The steps tile the offsets: each starts where the last ended.
    expect(steps[0]?.[0]).toBe(0);
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.[0]).toBe((steps[i - 1]?.[1] as number) + 1);
    expect(steps.at(-1)?.[1]).toBe(119);
  });

  it.each([
    ['jsonl', (glob: string) => `read_json(${sqlString(glob)}, format='newline_delimited', hive_partitioning=true)`, '.jsonl.gz', BigInt],
    ['parquet', (glob: string) => `read_parquet(${sqlString(glob)}, hive_partitioning=true)`, '.parquet', Number],
  ] as const)(
    'DuckDB reads a downloaded %s compacted zone as one Hive-partitioned table, with the records the decoder reads',
    async (format, reader, extension, partitionType) => {
      await fillArchive();
      compactionOf(await compactorInstance(server, { env: { COMPACTED_FORMAT: format } }).invoke(TIMER_EVENT));
      const files: Record<string, Buffer> = {};
      for (const key of await server.listKeys(BUCKET, 'compacted/'))
        files[key.slice('compacted/'.length)] = (await server.getObject(BUCKET, key)) as Buffer;
      const rows = await withFiles(files, (dir) =>
        duckQuery(
          `SELECT dt::VARCHAR AS dt, hour::VARCHAR AS hour, "partition", "offset", key, value FROM ${reader(join(dir, `*/dt=*/hour=*/*${extension}`))} ORDER BY "partition", "offset"`,
        ),
      );
      const records = (await compactedRecords(server)).sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
      expect(rows).toEqual(
        records.map((record) => ({
          dt: '2026-11-24',
          hour: new Date(record.timestamp).toISOString().slice(11, 13),
          partition: partitionType(record.partition),
          offset: record.offset,
          key: record.key,
          value: record.value,
        })),
      );
      expect(rows).toHaveLength(240);
    },
  );
});

describe('sources and formats', () => {
  it('reads batch objects of every extension, after a change of OUTPUT_FORMAT, and writes Parquet', async () => {
    const sink = (env: Record<string, string>) => sinkInstance(server, { env });
    summaryOf(await sink({}).invoke(batch(0, range(0, 9))));
    summaryOf(await sink({ OUTPUT_FORMAT: 'jsonl', COMPRESSION: 'gzip' }).invoke(batch(0, range(10, 19))));
    summaryOf(await sink({ OUTPUT_FORMAT: 'parquet' }).invoke(batch(0, range(20, 29))));
    summaryOf(await sink({ OUTPUT_FORMAT: 'json', COMPRESSION: 'zstd' }).invoke(batch(0, range(30, 39))));
    const env = { COMPACTED_FORMAT: 'parquet', COMPACTED_KEY_TEMPLATE: '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}' };
    const summary = compactionOf(await compactorInstance(server, { env }).invoke(TIMER_EVENT));
    expect(summary.partitions[0]?.written.map((object) => object.key)).toEqual([
      'compacted/orders/0/0000000000000000000-0000000000000000039.parquet',
    ]);
    expect((await compactedRecords(server)).map((record) => record.value)).toEqual(range(0, 39).map((o) => `p0 v${o}`));
  });

  it('a time-bucketed sink layout: batches split by hour are merged back into offset order, found through _index/', async () => {
    const template =
      'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
    const env = { OBJECT_KEY_TEMPLATE: template, TIMEZONE: 'Asia/Shanghai' };
    const sink = sinkInstance(server, { env });
    // Timestamps alternate between two hours, so each batch is two objects whose offsets interleave.
    const alternating = (offsets: number[]) =>
      cloudEvents(offsets.map((offset) => ({ partition: 0, offset, timestamp: BASE + (offset % 2) * 3_600_000, value: `v${offset}` })));
    for (let from = 0; from < 40; from += 10) summaryOf(await sink.invoke(alternating(range(from, from + 9))));
    expect((await server.listKeys(BUCKET, 'archive/dt=')).length).toBe(8);

    const summary = compactionOf(
      await compactorInstance(server, {
        env: { ...env, COMPACTED_KEY_TEMPLATE: '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}' },
      }).invoke(TIMER_EVENT),
    );
    expect(summary.partitions).toEqual([
      expect.objectContaining({ topic: 'orders', partition: 0, objectsRead: 8, records: 40, duplicatesDropped: 0 }),
    ]);
    expect((await compactedRecords(server)).map((record) => record.offset)).toEqual(range(0, 39).map(BigInt));
  });

  it('keeps a truncated record as the sink wrote it, pointing at its whole value in _overflow/', async () => {
    const env = { RECORD_FORMAT: 'full', MAX_VALUE_BYTES: '16' };
    summaryOf(
      await sinkInstance(server, { env }).invoke(
        batch(0, range(0, 2), (offset) => (offset === 1 ? 'a value longer than sixteen bytes' : 'short')),
      ),
    );
    compactionOf(await compactorInstance(server, { env }).invoke(TIMER_EVENT));
    const [, truncated] = await compactedRecords(server);
    expect(truncated).toMatchObject({
      offset: 1n,
      overflowFlag: true,
      value: 'a value longer t',
      overflowKey: 'archive/orders/0/_overflow/0000000000000000001.bin',
    });
    expect((await server.getObject(BUCKET, truncated?.overflowKey as string))?.toString()).toBe('a value longer than sixteen bytes');
  });
});

describe('what a run finds after an earlier one', () => {
  it('a batch stored again across the checkpoint: the offsets already compacted are dropped, the rest compacted', async () => {
    const sink = sinkInstance(server);
    for (const from of [0, 10]) summaryOf(await sink.invoke(batch(0, range(from, from + 9))));
    expect(compactionOf(await compactorInstance(server).invoke(TIMER_EVENT)).partitions[0]?.nextOffset).toBe('20');
    summaryOf(await sinkInstance(server, { credentials: BLIND }).invoke(batch(0, range(15, 29))));

    const next = compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));
    expect(next.partitions[0]).toMatchObject({ objectsRead: 1, records: 10, duplicatesDropped: 5, nextOffset: '30' });
    expect((await compactedRecords(server)).map((record) => record.offset)).toEqual(range(0, 29).map(BigInt));
  });

  it('a batch object that cannot be read stops its partition, with the step pending, and says what to do', async () => {
    summaryOf(await sinkInstance(server).invoke(batch(0, range(0, 9))));
    const damaged = 'archive/orders/0/0000000000000000010-0000000000000000019.json';
    await server.putObject(BUCKET, damaged, Buffer.from('[{"key":"k10","offset":10,'));
    const error = errorOf(await compactorInstance(server).invoke(TIMER_EVENT));
    expect(error.message).toContain(`orders/0: Cannot read the records of ${damaged}`);
    expect(error.message).toContain('remove it from the "sources" of the pending step');
    const checkpoint = JSON.parse((await server.getObject(BUCKET, 'compacted/_checkpoints/orders/0.json'))?.toString() as string);
    expect(checkpoint.pending.sources).toContain(damaged);
    expect(await server.listKeys(BUCKET, 'compacted/orders/')).toEqual([]);
  });

  it('logs one JSON line per run, and one when the instance is configured', async () => {
    await fillArchive();
    const instance = compactorInstance(server);
    const events = (logs: string[]) => logs.map((line) => JSON.parse(line) as { event: string; totals?: unknown });
    const first = await instance.invoke(TIMER_EVENT);
    expect(events(first.logs).map((line) => line.event)).toEqual(['compactor configured', 'compaction done']);
    expect(events(first.logs)[1]).toMatchObject({ triggerTime: '2023-12-26T07:49:00Z', triggerName: 'compact', totals: { records: 240 } });
    const second = await instance.invoke(Buffer.from('not a timer event'));
    expect(events(second.logs)).toEqual([
      expect.objectContaining({ event: 'compaction done', totals: expect.objectContaining({ steps: 0 }) }),
    ]);
  });
});

describe('settings', () => {
  it('are refused with every problem listed, before any request', async () => {
    const env = { OSS_PREFIX: 'kafka', COMPACTED_PREFIX: 'kafka/compacted', COMPACTED_FORMAT: 'avro', COMPACT_TARGET_BYTES: 'big' };
    const error = errorOf(await compactorInstance(server, { env }).invoke(TIMER_EVENT));
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('COMPACTED_FORMAT must be one of json, jsonl, parquet, got "avro"');
    expect(error.message).toContain('COMPACT_TARGET_BYTES must be a whole number');
    expect(error.message).toContain('COMPACTED_PREFIX "kafka/compacted/" and OSS_PREFIX "kafka/" overlap');
    expect(server.requests).toEqual([]);
  });
});
