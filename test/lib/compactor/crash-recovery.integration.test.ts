// A fault at each step of the write protocol — a part upload refused, a response lost after the
// upload was completed, the checkpoint not written after the compacted objects, an object of a
// step not started, a timeout — then a run without faults: the compacted zone ends exactly as after
// one run without faults (same keys, same bytes), with no multipart upload left behind.
import type { FaultRule, LocalOssServer } from '../../../tools/oss-emulator';
import { ossClient } from '../../tools/oss-emulator/oss-server-fixture';
import { compactionOf, compactorInstance, snapshot, TIMER_EVENT } from '../../support/compactor-fixture';
import { BUCKET, cloudEvents, errorOf, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

const BASE = Date.parse('2026-11-24T09:30:00Z');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const batch = (partition: number, offsets: number[]) =>
  cloudEvents(
    offsets.map((offset) => ({
      partition,
      offset,
      timestamp: BASE + offset * 60_000,
      key: `k${offset}`,
      value: `p${partition} v${offset}`,
    })),
  );
/** Small steps, so a run makes several, each with an object per hour. */
const ENV = { COMPACT_TARGET_BYTES: '2048' };

/** Partitions 0 and 1, offsets 0-99 in batches of 10. */
async function fillArchive(server: LocalOssServer): Promise<void> {
  const sink = sinkInstance(server);
  for (const partition of [0, 1])
    for (let from = 0; from < 100; from += 10) summaryOf(await sink.invoke(batch(partition, range(from, from + 9))));
}

let reference: Map<string, Buffer>;
beforeAll(async () => {
  const clean = await startOss();
  try {
    await fillArchive(clean.server);
    const summary = compactionOf(await compactorInstance(clean.server, { env: ENV }).invoke(TIMER_EVENT));
    expect(summary.partitions.every((partition) => partition.steps > 1)).toBe(true);
    reference = await snapshot(clean.server, 'compacted/');
  } finally {
    await clean.close();
  }
});

let oss: Awaited<ReturnType<typeof startOss>>;
let server: LocalOssServer;
beforeEach(async () => {
  oss = await startOss();
  server = oss.server;
  await fillArchive(server);
  server.requests.length = 0;
});
afterEach(() => oss.close());

const uploadsLeft = async () => (await ossClient(server, { bucket: BUCKET }).listUploads({}, {})).uploads;
const faulted = (...rules: FaultRule[]) => {
  for (const rule of rules) server.faults.add(rule);
};
const count = (operation: string) => server.requests.filter((request) => request.operation === operation).length;

async function expectRecovered(): Promise<void> {
  expect(server.faults.pending).toBe(0);
  const rerun = compactionOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(rerun.totals).toMatchObject({ failed: 0, upToDate: 2 });
  expect(await snapshot(server, 'compacted/')).toEqual(reference);
  expect(await uploadsLeft()).toEqual([]);
}

it('a part upload refused: the partition stops with its step pending, the upload is aborted, the other partition goes on', async () => {
  faulted({ operation: 'UploadPart', key: /\/0-/, times: 1, fault: { status: 400, code: 'InvalidArgument' } });
  const error = errorOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(error.name).toBe('CompactionError');
  expect(error.message).toMatch(/^Compaction stopped: orders\/0: HTTP 400 InvalidArgument/);
  expect(count('AbortMultipartUpload')).toBe(1);
  expect(await uploadsLeft()).toEqual([]);
  const checkpoint = JSON.parse((await server.getObject(BUCKET, 'compacted/_checkpoints/orders/0.json'))?.toString() as string);
  expect(checkpoint).toMatchObject({ nextOffset: '0', pending: { lastOffset: expect.any(String) } });
  await expectRecovered();
});

it('a part upload failing now and then is retried within the run', async () => {
  faulted({ operation: 'UploadPart', times: 2, fault: { status: 503 } });
  const summary = compactionOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(summary.retries).toBe(2);
  expect(await snapshot(server, 'compacted/')).toEqual(reference);
});

it('the response to CompleteMultipartUpload lost after the object was stored: the object is recognised as this upload’s', async () => {
  faulted({ operation: 'CompleteMultipartUpload', times: 1, fault: { reset: 'after-store' } });
  const summary = compactionOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(summary.totals).toMatchObject({ failed: 0, alreadyWritten: 0 });
  expect(count('CompleteMultipartUpload')).toBe(summary.totals.compactedObjects + 1);
  expect(await snapshot(server, 'compacted/')).toEqual(reference);
  expect(await uploadsLeft()).toEqual([]);
});

it('a crash between the compacted objects and the checkpoint: the pending step is redone, its objects recognised, none sent again', async () => {
  const checkpoint = 'compacted/_checkpoints/orders/1.json';
  // The first checkpoint write (the plan) goes through; the second (the confirmation) fails.
  faulted(
    { operation: 'PutObject', key: checkpoint, times: 1, fault: { delayMs: 0 } },
    { operation: 'PutObject', key: checkpoint, times: 1, fault: { status: 403, code: 'AccessDenied' } },
  );
  const error = errorOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(error.message).toContain('orders/1: HTTP 403 AccessDenied');
  const written = (await server.listKeys(BUCKET, 'compacted/orders/')).filter((key) => /\/1-/.test(key));
  expect(written.length).toBeGreaterThan(0);

  server.requests.length = 0;
  const rerun = compactionOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(rerun.partitions[1]?.alreadyWritten).toBe(written.length);
  expect(server.requests.filter((request) => request.operation === 'UploadPart' && written.includes(request.key as string))).toEqual([]);
  await expectRecovered();
});

it('a crash half-way through a step: the objects stored before are recognised, the rest written', async () => {
  faulted({ operation: 'InitiateMultipartUpload', key: /hour=10\/0-/, times: 1, fault: { status: 403, code: 'AccessDenied' } });
  errorOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  const rerun = compactionOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(rerun.partitions[0]?.alreadyWritten).toBeGreaterThan(0);
  await expectRecovered();
});

it('a function timeout: the run stops with the step pending and its upload aborted, and the next run finishes it', async () => {
  // Every attempt hangs, so no retry can finish the step before the function's time is up.
  faulted({ operation: 'UploadPart', key: /\/1-/, times: 100, fault: { delayMs: 10_000 } });
  const run = await compactorInstance(server, { env: ENV, timeoutSeconds: 5 }).invoke(TIMER_EVENT);
  const summary = compactionOf(run);
  expect(summary.stoppedAtDeadline).toBe(true);
  expect(summary.cutShort).toMatch(/^orders\/1: ResponseTimeoutError/);
  expect(summary.partitions[1]).toMatchObject({ state: 'more to do', pending: true });
  expect(summary.durationMs).toBeLessThan(5000);
  expect(await uploadsLeft()).toEqual([]);
  server.faults.clear();
  await expectRecovered();
});

it('never overwrites a compacted key that holds other bytes: the partition stops and says why', async () => {
  const [key] = [...reference.keys()].filter((k) => /hour=09\/0-/.test(k));
  await ossClient(server, { bucket: BUCKET }).put(key as string, Buffer.from('someone else'));
  const error = errorOf(await compactorInstance(server, { env: ENV }).invoke(TIMER_EVENT));
  expect(error.message).toContain(`${key} already exists and has no x-oss-meta-md5 (it was not written by compaction)`);
  expect(error.message).toContain('It was not overwritten');
  expect((await server.getObject(BUCKET, key as string))?.toString()).toBe('someone else');
  expect(await uploadsLeft()).toEqual([]);
  // The other partition was compacted as if nothing had happened.
  for (const [other, bytes] of reference)
    if (/\/1-|orders\/1\.json/.test(other)) expect(await server.getObject(BUCKET, other)).toEqual(bytes);
});
