// What the soak found in the function, each in its smallest form. A test here fails today and is
// marked `failing`, so the suite stays green and the day the function is fixed it turns red:
// then make it an ordinary test.
import { randomBytes } from 'node:crypto';
import { rawDataBatch } from '../../../tools/trigger-events';
import { BUCKET, sinkInstance, startOss, summaryOf } from '../../support/sink-fixture';

let oss: Awaited<ReturnType<typeof startOss>>;
beforeEach(async () => {
  oss = await startOss();
});
afterEach(() => oss.close());

// VALUE_DATA_TYPE=Binary: a value of about 3.3 MB or more (4.4 million base64 characters) makes the
// base64 check in lib/payload/trigger-payload.ts (a regular expression whose loop V8 backtracks
// through, one stack frame per 4 characters) throw "RangeError: Maximum call stack size
// exceeded". The invocation fails before anything is written, every time: the trigger retries,
// then dead-letters the whole batch (errorsTolerance ALL) or blocks the partition for good (NONE).
// Such values are over the default MAX_VALUE_BYTES, so the spill to _overflow/ is never reached.
it.failing('archives a 4 MB Binary value, whole in _overflow/ (today the invocation throws RangeError)', async () => {
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
