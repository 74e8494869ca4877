import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { decodeObject } from '../../../lib/objects/object-decoder';
import { encodeParquet, type ParquetOptions } from '../../../lib/objects/parquet-encoder';
import { ParquetStreamWriter } from '../../../lib/objects/parquet-stream-writer';
import { duckQuery, sqlString, withFiles } from '../../support/duckdb';
import { FULL_RECORDS, manyRecords, SEED_RECORDS } from './sample-records';

const KEY = 'archive/orders/3/0000000000000000100-0000000000000002599.parquet';

describe('encodeParquet', () => {
  it.each([
    ['seed', 'zstd'],
    ['seed', 'gzip'],
    ['full', 'none'],
    ['full', 'zstd'],
  ] as const)('is deterministic: %s records with %s give the same bytes every time', (recordFormat, codec) => {
    const records = recordFormat === 'full' ? FULL_RECORDS : SEED_RECORDS;
    const first = encodeParquet(records, { recordFormat, codec });
    expect(encodeParquet(structuredClone(records), { recordFormat, codec }).equals(first)).toBe(true);
  });

  it('compresses the columns with the codec asked for', () => {
    const records = manyRecords(500);
    const codecs = (options: ParquetOptions) =>
      new Set(
        parquetMetadata(encodeParquet(records, options)).row_groups.flatMap((group) =>
          group.columns.map((column) => column.meta_data?.codec),
        ),
      );
    expect(codecs({ recordFormat: 'seed', codec: 'zstd' })).toEqual(new Set(['ZSTD']));
    expect(codecs({ recordFormat: 'seed', codec: 'gzip' })).toEqual(new Set(['GZIP']));
    expect(codecs({ recordFormat: 'seed', codec: 'none' })).toEqual(new Set(['UNCOMPRESSED']));
  });

  it('writes one row group', () => {
    expect(
      parquetMetadata(encodeParquet(manyRecords(2500, 100), { recordFormat: 'seed', codec: 'zstd' })).row_groups.map(
        (group) => group.num_rows,
      ),
    ).toEqual([2500n]);
  });
});

describe('ParquetStreamWriter', () => {
  it('hands the file to the sink a row group at a time, and the pieces make one readable file', async () => {
    const records = manyRecords(2500);
    const chunks: Buffer[] = [];
    const writer = new ParquetStreamWriter({ recordFormat: 'seed', codec: 'zstd' }, async (chunk) => {
      chunks.push(chunk);
    });
    for (let at = 0; at < records.length; at += 1000) {
      const before = chunks.length;
      await writer.write(records.slice(at, at + 1000));
      expect(chunks.length).toBe(before + 1);
    }
    await writer.finish();
    expect(chunks).toHaveLength(4);

    const file = Buffer.concat(chunks);
    expect(parquetMetadata(file).row_groups.map((group) => group.num_rows)).toEqual([1000n, 1000n, 500n]);
    expect(await decodeObject(KEY, file)).toEqual(records);
    const [summary] = await withFiles({ 'object.parquet': file }, (dir) =>
      duckQuery(
        `SELECT count(*) AS records, min("offset") AS first, max("offset") AS last FROM read_parquet(${sqlString(join(dir, 'object.parquet'))})`,
      ),
    );
    expect(summary).toEqual({ records: 2500n, first: 100n, last: 2599n });
  });

  it('waits for the sink before taking the next row group', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const writer = new ParquetStreamWriter({ recordFormat: 'full', codec: 'gzip' }, (chunk) => {
      events.push(`sink ${chunk.length > 0}`);
      return new Promise((resolve) => {
        release = resolve;
      });
    });
    const writing = writer.write(FULL_RECORDS).then(() => events.push('written'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['sink true']);
    release();
    await writing;
    expect(events).toEqual(['sink true', 'written']);
    const finishing = writer.finish();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await finishing;
  });

  it('writes a file of no row groups when given no records', async () => {
    const chunks: Buffer[] = [];
    const writer = new ParquetStreamWriter({ recordFormat: 'seed', codec: 'zstd' }, async (chunk) => {
      chunks.push(chunk);
    });
    await writer.write([]);
    await writer.finish();
    expect(await decodeObject(KEY, Buffer.concat(chunks))).toEqual([]);
  });

  it('refuses to write after finish', async () => {
    const writer = new ParquetStreamWriter({ recordFormat: 'seed', codec: 'zstd' }, async () => {});
    await writer.finish();
    await expect(writer.write(SEED_RECORDS)).rejects.toThrow('ParquetStreamWriter.write after finish: the file is already complete');
  });
});
