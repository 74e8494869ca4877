/**
 * DuckDB, an independent reader with its own JSON, gzip, zstd and Parquet code, reads every archive
 * format as we mean it: exact int64 offsets, nulls, multi-byte text, the Parquet column types.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { compressBody } from '../../../lib/objects/body-compression';
import { decodeObject } from '../../../lib/objects/object-decoder';
import { encodeParquet } from '../../../lib/objects/parquet-encoder';
import type { StoredRecord, StoredRecordFormat } from '../../../lib/objects/stored-record';
import { duckColumnTypes, duckQuery, sqlString, withFiles } from '../../support/duckdb';
import { FULL_RECORDS, jsonArrayBody, jsonLinesBody, LONE_SURROGATE_RECORD, SEED_RECORDS } from './sample-records';

const SEED_COLUMNS = `key: 'VARCHAR', "offset": 'BIGINT', overflowFlag: 'BOOLEAN', partition: 'INTEGER', timestamp: 'BIGINT', topic: 'VARCHAR', value: 'VARCHAR', valueSize: 'BIGINT'`;
const FULL_COLUMNS = `${SEED_COLUMNS}, headers: 'JSON', keyEncoding: 'VARCHAR', valueEncoding: 'VARCHAR', overflowKey: 'VARCHAR'`;

/** A record as DuckDB returns it from JSON read with the columns above. */
function expectedJsonRow(record: StoredRecord, format: StoredRecordFormat): Record<string, unknown> {
  const row: Record<string, unknown> = {
    key: record.key,
    offset: record.offset,
    overflowFlag: record.overflowFlag,
    partition: record.partition,
    timestamp: BigInt(record.timestamp),
    topic: record.topic,
    value: record.value,
    valueSize: BigInt(record.valueSize),
  };
  if (format === 'full') {
    Object.assign(row, {
      headers: record.headers,
      keyEncoding: record.keyEncoding,
      valueEncoding: record.valueEncoding,
      overflowKey: record.overflowKey,
    });
  }
  return row;
}

async function compressed(text: Buffer, extension: string): Promise<Buffer[]> {
  if (extension.endsWith('.gz')) return compressBody([text], 'gzip');
  if (extension.endsWith('.zst')) return compressBody([text], 'zstd');
  return [text];
}

describe('DuckDB reads the archive formats', () => {
  describe.each(['seed', 'full'] as const)('%s records', (format) => {
    const records = format === 'full' ? FULL_RECORDS : SEED_RECORDS;
    const columns = format === 'full' ? FULL_COLUMNS : SEED_COLUMNS;

    it.each([
      ['.json', 'array'],
      ['.json.gz', 'array'],
      ['.json.zst', 'array'],
      ['.jsonl', 'newline_delimited'],
      ['.jsonl.gz', 'newline_delimited'],
      ['.jsonl.zst', 'newline_delimited'],
    ])('read_json reads %s records exactly', async (extension, jsonFormat) => {
      const text = jsonFormat === 'array' ? jsonArrayBody(records, format) : jsonLinesBody(records, format);
      const rows = await withFiles({ [`object${extension}`]: await compressed(text, extension) }, (dir) =>
        duckQuery(`SELECT * FROM read_json(${sqlString(join(dir, `object${extension}`))}, format='${jsonFormat}', columns={${columns}})`),
      );
      // DuckDB's JSON type writes numbers its own way (2.50 as 2.5): compare the headers as JSON values.
      const sameJson = (row: Record<string, unknown>) =>
        typeof row.headers === 'string' ? { ...row, headers: JSON.stringify(JSON.parse(row.headers)) } : row;
      expect(rows.map(sameJson)).toEqual(records.map((record) => sameJson(expectedJsonRow(record, format))));
    });

    it.each(['zstd', 'gzip', 'none'] as const)('read_parquet reads %s-compressed Parquet exactly', async (codec) => {
      const rows = await withFiles({ 'object.parquet': encodeParquet(records, { recordFormat: format, codec }) }, (dir) =>
        duckQuery(`SELECT * FROM read_parquet(${sqlString(join(dir, 'object.parquet'))})`),
      );
      expect(rows).toEqual(
        records.map((record) => ({
          ...expectedJsonRow(record, format),
          timestamp: new Date(record.timestamp),
          ...(format === 'full' ? { headers: record.headers } : {}),
        })),
      );
    });
  });

  it('sees the Parquet columns with their intended types', async () => {
    const types = await withFiles({ 'object.parquet': encodeParquet(FULL_RECORDS, { recordFormat: 'full', codec: 'zstd' }) }, (dir) =>
      duckColumnTypes(`read_parquet(${sqlString(join(dir, 'object.parquet'))})`),
    );
    expect(types).toEqual({
      key: 'VARCHAR',
      offset: 'BIGINT',
      overflowFlag: 'BOOLEAN',
      partition: 'INTEGER',
      timestamp: 'TIMESTAMP WITH TIME ZONE',
      topic: 'VARCHAR',
      value: 'VARCHAR',
      valueSize: 'BIGINT',
      headers: 'VARCHAR',
      keyEncoding: 'VARCHAR',
      valueEncoding: 'VARCHAR',
      overflowKey: 'VARCHAR',
    });
  });

  it('reads concatenated zstd frames and gzip members as one body', async () => {
    const first = jsonLinesBody(SEED_RECORDS.slice(0, 2), 'seed');
    const second = jsonLinesBody(SEED_RECORDS.slice(2), 'seed');
    const files = {
      'two-frames.jsonl.zst': [...(await compressBody([first], 'zstd')), ...(await compressBody([second], 'zstd'))],
      'two-members.jsonl.gz': [...(await compressBody([first], 'gzip')), ...(await compressBody([second], 'gzip'))],
    };
    const counts = await withFiles(files, (dir) =>
      duckQuery(
        `SELECT filename LIKE '%.zst' AS zstd, count(*) AS records, max("offset") AS last FROM read_json(${sqlString(join(dir, '*.jsonl.*'))}, format='newline_delimited', columns={${SEED_COLUMNS}}, filename=true) GROUP BY ALL ORDER BY zstd`,
      ),
    );
    expect(counts).toEqual([
      { zstd: false, records: 5n, last: 9223372036854775807n },
      { zstd: true, records: 5n, last: 9223372036854775807n },
    ]);
  });

  it('reads a Hive-partitioned tree (dt=…/hour=…) with hive_partitioning=true, filtering by folder', async () => {
    const objects = {
      'dt=2024-06-01/hour=00/orders-3-0.parquet': encodeParquet(SEED_RECORDS.slice(0, 2), { recordFormat: 'seed', codec: 'zstd' }),
      'dt=2024-06-01/hour=01/orders-3-2.parquet': encodeParquet(SEED_RECORDS.slice(2, 4), { recordFormat: 'seed', codec: 'gzip' }),
      'dt=2024-06-02/hour=00/orders-3-4.parquet': encodeParquet(SEED_RECORDS.slice(4), { recordFormat: 'seed', codec: 'none' }),
    };
    const [perHour, oneHour] = await withFiles(objects, async (dir) => {
      const tree = `read_parquet(${sqlString(join(dir, '**', '*.parquet'))}, hive_partitioning=true)`;
      return [
        await duckQuery(
          `SELECT typeof(dt) AS dtType, CAST(dt AS VARCHAR) AS dt, hour, count(*) AS records FROM ${tree} GROUP BY ALL ORDER BY ALL`,
        ),
        await duckQuery(`SELECT "offset" FROM ${tree} WHERE dt = DATE '2024-06-01' AND hour = '01' ORDER BY "offset"`),
      ];
    });
    // DuckDB types dt=2024-06-01 as DATE, and keeps a zero-padded hour=01 as the text '01'.
    expect(perHour).toEqual([
      { dtType: 'DATE', dt: '2024-06-01', hour: '00', records: 2n },
      { dtType: 'DATE', dt: '2024-06-01', hour: '01', records: 2n },
      { dtType: 'DATE', dt: '2024-06-02', hour: '00', records: 1n },
    ]);
    expect(oneHour).toEqual([{ offset: 12n }, { offset: 9223372036854775807n }]);
  });

  it('refuses a JSON object holding a \\ud800 escape: DuckDB rejects lone surrogates, so the whole object is unreadable there', async () => {
    const text = jsonLinesBody([SEED_RECORDS[0] as StoredRecord, LONE_SURROGATE_RECORD], 'seed');
    await expect(
      withFiles({ 'object.jsonl': text }, (dir) =>
        duckQuery(`SELECT * FROM read_json(${sqlString(join(dir, 'object.jsonl'))}, format='newline_delimited')`),
      ),
    ).rejects.toThrow(/no low surrogate in string|invalid/i);
  });

  it('writes Parquet that decodeObject reads back exactly (DuckDB as the writer: microsecond timestamps, Snappy)', async () => {
    const records = FULL_RECORDS;
    const decoded = await withFiles({ 'ours.parquet': encodeParquet(records, { recordFormat: 'full', codec: 'none' }) }, async (dir) => {
      const theirs = join(dir, 'theirs.parquet');
      await duckQuery(
        `COPY (SELECT * REPLACE (CAST(timestamp AS TIMESTAMP WITH TIME ZONE) AS timestamp) FROM read_parquet(${sqlString(join(dir, 'ours.parquet'))})) TO ${sqlString(theirs)} (FORMAT parquet, COMPRESSION snappy)`,
      );
      return decodeObject('archive/orders/3/theirs.parquet', readFileSync(theirs));
    });
    expect(decoded).toEqual(records);
  });
});
