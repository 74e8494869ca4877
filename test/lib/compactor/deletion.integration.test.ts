// DELETE_COMPACTED_SOURCES=true: batch objects go only after the compacted objects holding them are
// verified, and never what the sink set aside (_overflow/, _conflicts/, _errors/); with a
// time-bucketed layout the _index/ entries go first, so the sink never finds an entry naming
// objects that are gone.
import type { LocalOssServer } from '../../../tools/oss-emulator';
import { compactedRecords, compactionOf, compactorInstance, TIMER_EVENT } from '../../support/compactor-fixture';
import { BUCKET, cloudEvents, errorOf, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
beforeEach(async () => {
  oss = await startOss();
  server = oss.server;
});
afterEach(() => oss.close());

const BASE = Date.parse('2026-11-24T09:30:00Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const batch = (offsets: number[], value = (offset: number) => `v${offset}`) =>
  cloudEvents(
    offsets.map((offset) => ({ partition: 0, offset, timestamp: BASE + offset * 60_000, key: `k${offset}`, value: value(offset) })),
  );
const DELETE = { DELETE_COMPACTED_SOURCES: 'true' };
const keys = (prefix = 'archive/') => server.listKeys(BUCKET, prefix);

describe('the default layout', () => {
  /** 0-49 in batches of 10, one value spilled to _overflow/, 20-24 again with other values (_conflicts/), a poison element (_errors/). */
  async function fillArchive(): Promise<void> {
    const sink = sinkInstance(server, { env: { MAX_VALUE_BYTES: '16' } });
    for (let from = 0; from < 50; from += 10) {
      summaryOf(
        await sink.invoke(batch(range(from, from + 9), (offset) => (offset === 3 ? 'a value longer than sixteen bytes' : `v${offset}`))),
      );
    }
    expect(summaryOf(await sink.invoke(batch(range(20, 24), (offset) => `other ${offset}`)))).toMatchObject({ conflicts: 1 });
    expect(summaryOf(await sink.invoke(cloudEvents([{ partition: 0, offset: 'not an offset', value: 'x' }])))).toMatchObject({
      rejectedElements: 1,
    });
  }

  it('deletes the batch objects after verifying each compacted object, and keeps _overflow/, _conflicts/ and _errors/', async () => {
    await fillArchive();
    const setAside = (await keys()).filter((key) => key.includes('/_') || key.startsWith('archive/_'));
    expect(setAside).toEqual([
      expect.stringMatching(/^archive\/_errors\/[0-9a-f]{32}\.json$/),
      expect.stringMatching(/^archive\/orders\/0\/_conflicts\//),
      'archive/orders/0/_overflow/0000000000000000003.bin',
    ]);
    server.requests.length = 0;

    const summary = compactionOf(await compactorInstance(server, { env: DELETE }).invoke(TIMER_EVENT));

    expect(summary.partitions[0]).toMatchObject({ deletedSources: 5, records: 50, conflicts: 1, nextOffset: '50' });
    expect(await keys()).toEqual(setAside);
    expect((await compactedRecords(server)).map((record) => record.offset)).toEqual(range(0, 49).map(BigInt));
    const operations = server.requests.map((request) => request.operation);
    const deleted = operations.indexOf('DeleteMultipleObjects');
    const written = summary.partitions[0]?.written.length as number;
    expect(operations.slice(0, deleted).filter((operation) => operation === 'HeadObject')).toHaveLength(written);
    expect(operations.lastIndexOf('CompleteMultipartUpload')).toBeLessThan(deleted);

    // The sink goes on as before.
    expect(summaryOf(await sinkInstance(server).invoke(batch(range(50, 59))))).toMatchObject({ created: 1 });
  });

  it('deletes nothing while a compacted object cannot be verified', async () => {
    await fillArchive();
    const before = await keys();
    server.faults.add({ operation: 'HeadObject', key: /^compacted\//, times: 1, fault: { status: 403, code: 'AccessDenied' } });
    const error = errorOf(await compactorInstance(server, { env: DELETE }).invoke(TIMER_EVENT));
    expect(error.message).toContain('orders/0: HTTP 403 AccessDenied');
    expect(await keys()).toEqual(before);
    expect(server.requests.filter((request) => request.operation === 'DeleteMultipleObjects')).toEqual([]);
  });

  it('leaves the batch objects alone by default', async () => {
    await fillArchive();
    const before = await keys();
    compactionOf(await compactorInstance(server).invoke(TIMER_EVENT));
    expect(await keys()).toEqual(before);
  });
});

describe('a time-bucketed layout', () => {
  const template =
    'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
  const env = { OBJECT_KEY_TEMPLATE: template };

  it('deletes each _index/ entry before the objects it names; the sink still finds what is archived', async () => {
    const sink = sinkInstance(server, { env });
    for (let from = 0; from < 120; from += 40) summaryOf(await sink.invoke(batch(range(from, from + 39))));
    expect(await keys('archive/orders/0/_index/')).toHaveLength(3);
    // The request deleting the batch objects fails: the entries, deleted before it, must not name them any more.
    server.faults.add({ operation: 'DeleteMultipleObjects', times: 1, fault: { delayMs: 0 } });
    server.faults.add({ operation: 'DeleteMultipleObjects', times: 1, fault: { status: 403, code: 'AccessDenied' } });

    errorOf(await compactorInstance(server, { env: { ...env, ...DELETE } }).invoke(TIMER_EVENT));

    expect(await keys('archive/orders/0/_index/')).toEqual([]);
    expect((await keys('archive/dt=')).length).toBeGreaterThan(0);
    expect((await compactedRecords(server)).map((record) => record.offset)).toEqual(range(0, 119).map(BigInt));
    // A redelivery of an old batch is stored again rather than failing on an entry that names deleted objects.
    expect(summaryOf(await sink.invoke(batch(range(0, 9))))).toMatchObject({ records: 10 });
  });

  it('deletes the objects and their entries once compacted', async () => {
    const sink = sinkInstance(server, { env });
    for (let from = 0; from < 120; from += 40) summaryOf(await sink.invoke(batch(range(from, from + 39))));
    const summary = compactionOf(await compactorInstance(server, { env: { ...env, ...DELETE } }).invoke(TIMER_EVENT));
    expect(summary.partitions[0]?.deletedSources).toBeGreaterThan(3);
    expect(await keys()).toEqual([]);
  });
});
