// Partitions are found by their folders, page after page, through the real client and the local OSS server.
import { CompactionBucket } from '../../../lib/compactor/compaction-bucket';
import { discoverPartitions } from '../../../lib/compactor/partition-discovery';
import { type LocalOssServer, startLocalOssServer } from '../../../tools/oss-emulator';
import { ossClient } from '../../tools/oss-emulator/oss-server-fixture';

const BUCKET = 'discovery-bucket';
let server: LocalOssServer;
beforeEach(async () => {
  server = await startLocalOssServer({ dir: null, buckets: [BUCKET] });
});
afterEach(() => server.close());

const bucket = () => {
  const retry = { deadline: Date.now() + 30_000, requestTimeoutMs: 10_000, minRequestTimeoutMs: 100, baseDelayMs: 10, maxDelayMs: 100 };
  return new CompactionBucket(ossClient(server, { bucket: BUCKET }), retry, retry);
};
const put = (key: string) => server.putObject(BUCKET, key, Buffer.from('[]'));

it("finds each topic's partition folders, and passes over what is not a topic or not a partition", async () => {
  for (const key of [
    'archive/orders/0/0000000000000000000-0000000000000000009.json',
    'archive/orders/12/_overflow/0000000000000000003.bin',
    'archive/orders/notes/readme.txt',
    'archive/orders/007/0000000000000000000-0000000000000000009.json',
    'archive/payments%2Eeu/3/_index/0000000000000000000-0000000000000000009',
    'archive/_errors/0123456789abcdef0123456789abcdef.json',
    'archive/dt=2026-11-24/hour=09/orders/0/0000000000000000000-0000000000000000009.json',
    'archive/a%2Fb/0/0000000000000000000-0000000000000000009.json',
    'archive/loose-object.json',
    'elsewhere/orders/1/0000000000000000000-0000000000000000009.json',
  ]) {
    await put(key);
  }
  expect(await discoverPartitions(bucket(), 'archive/')).toEqual([
    { topic: 'a/b', partition: 0 },
    { topic: 'orders', partition: 0 },
    { topic: 'orders', partition: 12 },
  ]);
});

it('reads every page of a long listing', async () => {
  for (let partition = 0; partition < 1001; partition++)
    await put(`archive/orders/${partition}/0000000000000000000-0000000000000000000.json`);
  const found = await discoverPartitions(bucket(), 'archive/');
  expect(found).toHaveLength(1001);
  expect(found.at(-1)).toEqual({ topic: 'orders', partition: 1000 });
});
