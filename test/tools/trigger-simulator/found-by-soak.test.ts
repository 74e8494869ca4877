// What the soak found in the function, each in its smallest form, kept as a regression test once fixed.
import { randomBytes } from 'node:crypto';
import { rawDataBatch } from '../../../tools/trigger-events';
import { compactedRecords, compactionOf, compactorInstance, TIMER_EVENT } from '../../support/compactor-fixture';
import { BUCKET, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
beforeEach(async () => {
  oss = await startOss();
});
afterEach(() => oss.close());

// VALUE_DATA_TYPE=Binary: a value of about 3.3 MB or more (4.4 million base64 characters) made
// the base64 check (a regular expression whose loop V8 backtracks through, one stack frame per 4
// characters) throw "RangeError: Maximum call stack size exceeded" before anything was written,
// every time: the trigger retried, then dead-lettered the whole batch (errorsTolerance ALL) or
// blocked the partition for good (NONE), and the spill to _overflow/ was never reached. Fixed by
// checking the characters and the length apart.
it('archives a 4 MB Binary value, whole in _overflow/', async () => {
  const value = randomBytes(4 * 1024 * 1024);
  const event = rawDataBatch([
    { topic: 'blobs', partition: 0, offset: 7, timestamp: 1795000000000, key: 'k', value: value.toString('base64') },
  ]);
  const summary = summaryOf(
    await sinkInstance(oss.server, { env: { VALUE_DATA_TYPE: 'Binary', MAX_VALUE_BYTES: '1048576' } }).invoke(event),
  );
  expect(summary).toMatchObject({ records: 1, truncatedValues: 1, spilledValues: 1 });
  expect((await oss.server.getObject(BUCKET, 'archive/blobs/0/_overflow/0000000000000000007.bin'))?.equals(value)).toBe(true);
});

// OBJECT_KEY_TEMPLATE with time first (the Hive-style layout): a run's `_index/` entry is written
// after its objects, and the exactly-once check used to find archived offsets only through those
// entries. When an invocation stored a run's objects but not its entry (the instance stopped in
// between, or the entry's PUT failed for good) and the consumer then re-read from the last
// committed offset with other boundaries, the re-read batch found nothing archived and stored
// those offsets again under new keys: a 5,000-invocation soak with --hive found 71 offsets archived
// twice. Fixed by looking offsets up in the folders of their own time, where they can only ever
// be; the re-read batch's entry names the object it found, so compaction finds it too.
// Here: offsets 0-9 stored without their entry, then a re-read batch of 0-4, then 5-14, then compaction.
it('archives each offset once when a re-read batch follows a run whose _index/ entry was not written, and compaction finds it', async () => {
  const template =
    'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
  const instance = sinkInstance(oss.server, { env: { OBJECT_KEY_TEMPLATE: template } });
  const batch = (offsets: number[]) =>
    rawDataBatch(
      offsets.map((offset) => ({
        topic: 'orders',
        partition: 5,
        offset,
        timestamp: 1795000000000 + offset,
        key: `k${offset}`,
        value: `v${offset}`,
      })),
    );
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  oss.server.faults.add({ method: 'PUT', key: /\/_index\//, times: 1, fault: { status: 403, code: 'AccessDenied' } });
  expect((await instance.invoke(batch(range(0, 9)))).ok).toBe(false);
  expect(summaryOf(await instance.invoke(batch(range(0, 4))))).toMatchObject({ records: 5, alreadyArchivedRecords: 5 });
  expect(summaryOf(await instance.invoke(batch(range(5, 14))))).toMatchObject({ records: 10, alreadyArchivedRecords: 5 });

  const offsets: number[] = [];
  for (const key of await oss.server.listKeys(BUCKET, 'archive/dt=')) {
    const records = JSON.parse(((await oss.server.getObject(BUCKET, key)) as Buffer).toString('utf8')) as Array<{ offset: number }>;
    offsets.push(...records.map((record) => record.offset));
  }
  expect(offsets.sort((a, b) => a - b)).toEqual(range(0, 14));

  const compaction = compactionOf(await compactorInstance(oss.server, { env: { OBJECT_KEY_TEMPLATE: template } }).invoke(TIMER_EVENT));
  expect(compaction.totals).toMatchObject({ records: 15, failed: 0 });
  expect((await compactedRecords(oss.server)).map((record) => Number(record.offset))).toEqual(range(0, 14));
});

/** Offsets `from` to `to` of orders/0, as the trigger pushes them in RawData form. */
const ordersBatch = (from: number, to: number) =>
  rawDataBatch(
    Array.from({ length: to - from + 1 }, (_, i) => ({
      topic: 'orders',
      partition: 0,
      offset: from + i,
      timestamp: 1795000000000,
      key: 'k',
      value: `v${from + i}`,
    })),
  );

// A listing refused once (403 AccessDenied: here an outage of a few requests, in production a
// policy being changed) used to turn the look-up off for the rest of the instance's life, as if
// the credentials could never list: that instance then stored every re-read batch without looking,
// and a 3,000-invocation soak with --hive found 50 offsets archived twice. Each batch now looks
// again; the warning is still given once per instance.
it('looks again after a refused listing: a refusal that passes does not leave the instance archiving twice', async () => {
  const instance = sinkInstance(oss.server);
  oss.server.faults.add({ operation: 'ListObjectsV2', times: 1, fault: { status: 403, code: 'AccessDenied' } });
  summaryOf(await instance.invoke(ordersBatch(0, 9)));
  // Offsets 0-9 delivered again inside a batch with other boundaries, on the same instance.
  expect(summaryOf(await instance.invoke(ordersBatch(0, 19)))).toMatchObject({ created: 1, alreadyArchivedRecords: 10 });
  expect(await oss.server.listKeys(BUCKET, 'archive/orders/0/')).toEqual([
    'archive/orders/0/0000000000000000000-0000000000000000009.json',
    'archive/orders/0/0000000000000000010-0000000000000000019.json',
  ]);
});

// An object the listing found overlapping the batch, whose GET was refused (an outage's 403 on
// that partition's keys), counted as "credentials may not list": the batch was stored without
// looking, over offsets the archive already held (11 offsets twice in a 200-invocation soak).
// Now only a refused listing lets a batch be stored blind; an overlapping object that cannot be
// read fails the partition, and the trigger delivers the batch again.
it('does not store blind when an overlapping object cannot be read: the batch fails, and its redelivery is archived once', async () => {
  const instance = sinkInstance(oss.server);
  summaryOf(await instance.invoke(ordersBatch(0, 9)));
  oss.server.faults.add({ operation: 'GetObject', times: 1, fault: { status: 403, code: 'AccessDenied' } });
  const refused = await instance.invoke(ordersBatch(5, 14));
  expect(refused.ok).toBe(false);
  expect(await oss.server.listKeys(BUCKET, 'archive/orders/0/')).toEqual(['archive/orders/0/0000000000000000000-0000000000000000009.json']);
  expect(summaryOf(await instance.invoke(ordersBatch(5, 14)))).toMatchObject({ created: 1, alreadyArchivedRecords: 5 });
  expect(await oss.server.listKeys(BUCKET, 'archive/orders/0/')).toEqual([
    'archive/orders/0/0000000000000000000-0000000000000000009.json',
    'archive/orders/0/0000000000000000010-0000000000000000014.json',
  ]);
});
