// verify --compacted on compacted zones built by hand with the sink's encoders and the checkpoint
// module: it passes when the zone holds every batch offset below the checkpoint once with the same
// content, tells deleted sources from missing offsets, and fails on a missing or doubled offset.
import { checkpointJson, checkpointKey } from '../../../lib/objects/compaction-checkpoint';
import { runVerify } from '../../../tools/archive';
import { BUCKET, ossPerTest } from '../../support/sink-fixture';
import { captureIo, pad, plant, record, sourceFor } from './archive-fixture';

const oss = ossPerTest();
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const batchKey = (first: number, last: number) => `archive/orders/0/${pad(first)}-${pad(last)}.json`;
const compactedKey = (first: number, last: number) => `compacted/orders/0/${pad(first)}-${pad(last)}.parquet`;

async function batches(...ranges: Array<[number, number]>) {
  for (const [first, last] of ranges)
    await plant(
      oss.server,
      batchKey(first, last),
      range(first, last).map((o) => record(o)),
    );
}
async function compacted(first: number, last: number, change: (offset: number) => Partial<ReturnType<typeof record>> = () => ({})) {
  await plant(
    oss.server,
    compactedKey(first, last),
    range(first, last).map((o) => record(o, change(o))),
    { output: 'parquet', compression: 'zstd' },
  );
}
async function checkpoint(nextOffset: bigint, pending: { sources: string[]; lastOffset: bigint } | null = null) {
  const body = checkpointJson({ topic: 'orders', partition: 0, nextOffset, pending });
  await oss.server.putObject(BUCKET, checkpointKey('compacted/', 'orders', 0), Buffer.from(body));
}
async function verifyCompacted(json = false) {
  const captured = captureIo();
  const code = await runVerify({ source: sourceFor(oss.server), compacted: true, json }, captured.io);
  return { code, out: captured.stdoutText() };
}

describe('verify --compacted', () => {
  it('passes when the compacted zone holds every batch offset below the checkpoint, once, with the same content', async () => {
    await batches([0, 9], [10, 19], [20, 29]);
    await compacted(0, 19);
    await checkpoint(20n);
    const { code, out } = await verifyCompacted();
    expect(code).toBe(0);
    expect(out).toMatch(/orders\s+0\s+20\s+1\s+0\s+0\s+0\s+0\s+10/);
    expect(out).toContain('OK:');
  });

  it('reports offsets whose batch objects the compactor deleted, and passes', async () => {
    await batches([10, 19], [20, 29]);
    await compacted(0, 19);
    await checkpoint(20n);
    const { code, out } = await verifyCompacted(true);
    expect(code).toBe(0);
    const [partition] = JSON.parse(out).partitions;
    expect(partition.compacted).toMatchObject({ checkpoint: { nextOffset: 20, pending: false }, sourcesDeleted: [[0, 9]], missing: [] });
  });

  it('fails on an offset below the checkpoint that the compacted zone lacks', async () => {
    await batches([0, 9], [10, 19]);
    await compacted(0, 18);
    await checkpoint(20n);
    const { code, out } = await verifyCompacted();
    expect(code).toBe(1);
    expect(out).toContain('Missing from the compacted zone:\n  orders/0: 19');
    expect(out).toContain('FAILED: 1 partition(s) lack offsets in the compacted zone below their checkpoint.');
  });

  it('fails on an offset compacted twice', async () => {
    await batches([0, 9], [10, 19]);
    await compacted(0, 12);
    await compacted(10, 19);
    await checkpoint(20n);
    const { code, out } = await verifyCompacted();
    expect(code).toBe(1);
    expect(out).toContain('More than once in the compacted zone:\n  orders/0: 10-12');
  });

  it('fails on a compacted record whose content differs from its batch object', async () => {
    await batches([0, 9]);
    await compacted(0, 9, (offset) => (offset === 4 ? { value: 'changed' } : {}));
    await checkpoint(10n);
    const { code, out } = await verifyCompacted();
    expect(code).toBe(1);
    expect(out).toContain('Compacted with other content than the batch objects:\n  orders/0: 4');
  });

  it('offsets past the checkpoint are not checked: a pending step may have written them', async () => {
    await batches([0, 9], [10, 19]);
    await compacted(0, 9);
    await compacted(10, 15);
    await checkpoint(10n, { sources: [batchKey(10, 19)], lastOffset: 19n });
    const { code, out } = await verifyCompacted(true);
    expect(code).toBe(0);
    expect(JSON.parse(out).partitions[0].compacted).toMatchObject({
      checkpoint: { nextOffset: 10, pending: true },
      notYetCompacted: 10,
      pastCheckpoint: 6,
    });
  });

  it('fails on a checkpoint it cannot read', async () => {
    await batches([0, 9]);
    await oss.server.putObject(BUCKET, checkpointKey('compacted/', 'orders', 0), Buffer.from('{"topic":"orders"}'));
    const { code, out } = await verifyCompacted();
    expect(code).toBe(1);
    expect(out).toContain('compacted/_checkpoints/orders/0.json: it lacks topic, partition or nextOffset');
  });
});
