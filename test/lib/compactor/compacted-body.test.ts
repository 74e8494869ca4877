import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { type CompactedFormat, compactedBody, FRAME_BYTES } from '../../../lib/compactor/compacted-body';
import { compressBody } from '../../../lib/objects/body-compression';
import { objectExtension } from '../../../lib/objects/object-extension';
import { decodeObject } from '../../../lib/objects/object-decoder';
import type { StoredRecord } from '../../../lib/objects/stored-record';
import { FULL_RECORDS, jsonArrayBody, jsonLinesBody, LONE_SURROGATE_RECORD, manyRecords, SEED_RECORDS } from '../objects/sample-records';

async function make(format: CompactedFormat, records: readonly StoredRecord[], emitDelay?: () => Promise<void>) {
  const chunks: Buffer[] = [];
  const body = compactedBody(format, async (chunk) => {
    await emitDelay?.();
    chunks.push(chunk);
  });
  for (const record of records) await body.add(record);
  const totals = await body.finish();
  return { bytes: Buffer.concat(chunks), chunks, totals };
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const format = (
  output: CompactedFormat['output'],
  compression: CompactedFormat['compression'],
  parquetRecordFormat: 'seed' | 'full' = 'seed',
) => ({
  output,
  compression,
  parquetRecordFormat,
});

// More than one frame of text, so that members, frames and row groups are cut.
const MANY = manyRecords(4400, 1000);

describe.each([
  ['jsonl', 'none'],
  ['jsonl', 'gzip'],
  ['jsonl', 'zstd'],
  ['json', 'none'],
  ['json', 'gzip'],
  ['json', 'zstd'],
  ['parquet', 'zstd'],
  ['parquet', 'gzip'],
  ['parquet', 'none'],
] as const)('%s, %s', (output, compression) => {
  const key = `compacted/orders/3-0-9${objectExtension(output, compression)}`;

  it('reads back as the records it was given, in order, with totals that describe the bytes', async () => {
    for (const records of [SEED_RECORDS, MANY]) {
      const { bytes, totals } = await make(format(output, compression), records);
      expect(await decodeObject(key, bytes)).toEqual(records);
      expect(totals).toEqual({ md5Hex: md5(bytes), records: records.length, bytes: bytes.length });
    }
  });
});

it.each([
  ['jsonl', 'gzip'],
  ['json', 'zstd'],
  ['parquet', 'zstd'],
] as const)('%s, %s: the same bytes however slowly they are taken away', async (output, compression) => {
  const quick = await make(format(output, compression), MANY);
  const slow = await make(format(output, compression), MANY, () => new Promise((resolve) => setImmediate(resolve)));
  expect(slow.bytes.equals(quick.bytes)).toBe(true);
});

describe('JSON records', () => {
  it('are the text the sink writes, record for record', async () => {
    expect((await make(format('jsonl', 'none'), SEED_RECORDS)).bytes).toEqual(jsonLinesBody(SEED_RECORDS, 'seed'));
    expect((await make(format('json', 'none'), FULL_RECORDS)).bytes).toEqual(jsonArrayBody(FULL_RECORDS, 'full'));
  });

  it('keep the record format each was read in, and a lone surrogate as its escape', async () => {
    const mixed = [SEED_RECORDS[0] as StoredRecord, { ...(FULL_RECORDS[1] as StoredRecord), offset: 1n }, LONE_SURROGATE_RECORD];
    const { bytes } = await make(format('jsonl', 'gzip'), mixed);
    expect(await decodeObject('x.jsonl.gz', bytes)).toEqual(mixed);
    expect(gunzipSync(bytes).toString('utf8')).toContain('"value":"a\\ud800b"');
  });

  it.each(['gzip', 'zstd'] as const)(
    'are compressed (%s) a frame of text at a time, cut at the same byte whatever the records',
    async (codec) => {
      const plain = (await make(format('jsonl', 'none'), MANY)).bytes;
      const frames: Buffer[] = [];
      for (let at = 0; at < plain.length; at += FRAME_BYTES)
        frames.push(...(await compressBody([plain.subarray(at, at + FRAME_BYTES)], codec)));
      expect(frames.length).toBeGreaterThan(1);
      expect((await make(format('jsonl', codec), MANY)).bytes).toEqual(Buffer.concat(frames));
    },
  );

  it('a JSON array of no records is still an array', async () => {
    expect((await make(format('json', 'none'), [])).bytes.toString()).toBe('[]');
  });
});

describe('Parquet records', () => {
  it('have the columns of the record format asked for: full columns hold nothing for seed records', async () => {
    const { bytes } = await make(format('parquet', 'zstd', 'full'), SEED_RECORDS);
    expect(await decodeObject('x.parquet', bytes)).toEqual(
      SEED_RECORDS.map((record) => ({ ...record, keyEncoding: null, valueEncoding: null, overflowKey: null })),
    );
  });
});
