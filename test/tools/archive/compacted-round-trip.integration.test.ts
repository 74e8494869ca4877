// The archive after compaction, read back: messages → the BUILT sink → batch objects → the BUILT
// compaction function (its own key layout: hour folders, one object per hour of a step) → export
// gives every message once, whether the batch objects are still there or were deleted, and verify
// --compacted proves the compacted zone against them.
import { runExport, runVerify } from '../../../tools/archive';
import { compactionOf, compactorInstance, TIMER_EVENT } from '../../support/compactor-fixture';
import { BUCKET, cloudEvents, ossPerTest, sinkInstance, summaryOf } from '../../support/sink-fixture';
import { captureIo, exportedLines, sourceFor } from './archive-fixture';

const oss = ossPerTest();
const BASE = Date.parse('2026-11-24T09:30:00Z');
const OFFSETS = 60;

/** Partitions 0 and 1, offsets 0-59 in batches of 10, one message a minute: two hours of each partition. */
async function archiveMessages(env: Record<string, string> = {}): Promise<void> {
  const sink = sinkInstance(oss.server, { env: { RECORD_FORMAT: 'full', ...env } });
  for (const partition of [0, 1])
    for (let from = 0; from < OFFSETS; from += 10) {
      const messages = Array.from({ length: 10 }, (_, i) => from + i).map((offset) => ({
        partition,
        offset,
        timestamp: BASE + offset * 60_000,
        key: `k${offset}`,
        value: `p${partition} v${offset}`,
      }));
      summaryOf(await sink.invoke(cloudEvents(messages)));
    }
}

async function compact(env: Record<string, string> = {}): Promise<void> {
  const summary = compactionOf(await compactorInstance(oss.server, { env: { RECORD_FORMAT: 'full', ...env } }).invoke(TIMER_EVENT));
  expect(summary.totals.records).toBe(2 * OFFSETS);
}

async function exported(partition: number) {
  const captured = captureIo();
  const code = await runExport({ source: sourceFor(oss.server), topic: 'orders', partition, json: true }, captured.io);
  const summary = JSON.parse(captured.stderr().trim().split('\n').at(-1) as string);
  return { code, lines: exportedLines(captured.stdoutText()), summary };
}

async function verified(compacted = true) {
  const captured = captureIo();
  const code = await runVerify({ source: sourceFor(oss.server), compacted, json: true }, captured.io);
  return { code, report: JSON.parse(captured.stdoutText()), stderr: captured.stderr() };
}

const expectedLines = (partition: number) =>
  Array.from({ length: OFFSETS }, (_, offset) => [String(offset), `k${offset}`, `p${partition} v${offset}`]);

describe.each([
  ['jsonl (the default)', {}],
  ['Parquet', { COMPACTED_FORMAT: 'parquet' }],
])('export and verify after compaction to %s', (_name, compactedEnv) => {
  it('the batch objects kept: each offset once, the compacted zone proved against them', async () => {
    await archiveMessages();
    await compact(compactedEnv);
    expect((await oss.server.listKeys(BUCKET, 'compacted/orders/')).some((key) => key.includes('/hour=10/'))).toBe(true);

    for (const partition of [0, 1]) {
      const { code, lines, summary } = await exported(partition);
      // Every key read by a template (the compaction function's own too), none opened to place it.
      expect(summary).toMatchObject({ conflicts: 0, objectsOpenedToPlace: 0, duplicatesDropped: OFFSETS });
      expect(code).toBe(0);
      expect(lines.map((line) => [line.offset, line.key, line.value])).toEqual(expectedLines(partition));
    }
    const { code, report } = await verified();
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    // Without --compacted, the batch zone alone: a compacted copy is not an offset stored twice.
    expect((await verified(false)).report.ok).toBe(true);
  });

  it('the batch objects deleted: the compacted zone alone gives every message', async () => {
    await archiveMessages();
    await compact({ ...compactedEnv, DELETE_COMPACTED_SOURCES: 'true' });
    expect((await oss.server.listKeys(BUCKET, 'archive/orders/')).filter((key) => !key.includes('/_'))).toEqual([]);

    for (const partition of [0, 1]) {
      const { code, lines, summary } = await exported(partition);
      expect(summary).toMatchObject({ conflicts: 0, objectsOpenedToPlace: 0, duplicatesDropped: 0 });
      expect(code).toBe(0);
      expect(lines.map((line) => [line.offset, line.key, line.value])).toEqual(expectedLines(partition));
    }
    const { code, report } = await verified();
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
  });
});
