import { gzipSync } from 'node:zlib';
import { compressBody } from '../../../lib/objects/body-compression';
import { decodeObject } from '../../../lib/objects/object-decoder';
import { ObjectDecodeError } from '../../../lib/objects/object-decode-error';
import { encodeParquet } from '../../../lib/objects/parquet-encoder';
import type { StoredRecord, StoredRecordFormat } from '../../../lib/objects/stored-record';
import { FULL_RECORDS, jsonArrayBody, jsonLinesBody, LONE_SURROGATE_RECORD, SEED_RECORDS } from './sample-records';

const KEY = 'archive/orders/3/0000000000000000000-0000000000000000013';

async function body(records: readonly StoredRecord[], format: StoredRecordFormat, extension: string): Promise<Buffer> {
  if (extension === '.parquet') return encodeParquet(records, { recordFormat: format, codec: 'zstd' });
  const text = extension.startsWith('.jsonl') ? jsonLinesBody(records, format) : jsonArrayBody(records, format);
  if (extension.endsWith('.gz')) return Buffer.concat(await compressBody([text], 'gzip'));
  if (extension.endsWith('.zst')) return Buffer.concat(await compressBody([text], 'zstd'));
  return text;
}

const JSON_EXTENSIONS = ['.json', '.json.gz', '.json.zst', '.jsonl', '.jsonl.gz', '.jsonl.zst'];

describe('decodeObject', () => {
  describe.each(['seed', 'full'] as const)('%s records', (format) => {
    const records = format === 'full' ? FULL_RECORDS : SEED_RECORDS;

    it.each([...JSON_EXTENSIONS, '.parquet'])(
      'reads back exactly what %s holds: offsets beyond 2^53, nulls, multi-byte text',
      async (extension) => {
        const decoded = await decodeObject(`${KEY}${extension}`, await body(records, format, extension));
        expect(decoded).toEqual(records);
        expect(decoded.map((record) => typeof record.offset)).toEqual(records.map(() => 'bigint'));
      },
    );
  });

  it.each(JSON_EXTENSIONS)('keeps a lone surrogate in %s (written as a \\ud800 escape)', async (extension) => {
    const text = await body([LONE_SURROGATE_RECORD], 'seed', extension);
    expect(await decodeObject(`${KEY}${extension}`, text)).toEqual([LONE_SURROGATE_RECORD]);
  });

  it('reads a lone surrogate from Parquet as U+FFFD, the character UTF-8 holds in its place', async () => {
    const [record] = await decodeObject(`${KEY}.parquet`, await body([LONE_SURROGATE_RECORD], 'seed', '.parquet'));
    expect(record).toEqual({ ...LONE_SURROGATE_RECORD, key: 'k\ufffd', value: 'a\ufffdb' });
  });

  it('reads an object of several gzip members, as concatenated uploads produce', async () => {
    const first = gzipSync(jsonLinesBody(SEED_RECORDS.slice(0, 2), 'seed'));
    const second = gzipSync(jsonLinesBody(SEED_RECORDS.slice(2), 'seed'));
    expect(await decodeObject(`${KEY}.jsonl.gz`, Buffer.concat([first, second]))).toEqual(SEED_RECORDS);
  });

  it('reads records written with their fields in another order, while their offsets fit a double', async () => {
    const text = Buffer.from(
      '[{"offset":7,"key":"k","topic":"t","partition":1,"timestamp":5,"overflowFlag":false,"value":"v","valueSize":1}]',
    );
    expect(await decodeObject(`${KEY}.json`, text)).toEqual([
      { key: 'k', offset: 7n, overflowFlag: false, partition: 1, timestamp: 5, topic: 't', value: 'v', valueSize: 1 },
    ]);
  });

  it('reads an empty array and an empty JSON-lines object as no records', async () => {
    expect(await decodeObject(`${KEY}.json`, Buffer.from('[]'))).toEqual([]);
    expect(await decodeObject(`${KEY}.jsonl`, Buffer.alloc(0))).toEqual([]);
    expect(await decodeObject(`${KEY}.parquet`, encodeParquet([], { recordFormat: 'seed', codec: 'zstd' }))).toEqual([]);
  });

  describe('a body that does not hold records', () => {
    async function problem(key: string, bytes: Buffer): Promise<string> {
      const error = await decodeObject(key, bytes).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ObjectDecodeError);
      expect((error as ObjectDecodeError).key).toBe(key);
      expect((error as Error).message).toContain(key);
      return (error as ObjectDecodeError).problem;
    }

    it('names a cut-short gzip body', async () => {
      const whole = await body(SEED_RECORDS, 'seed', '.jsonl.gz');
      expect(await problem(`${KEY}.jsonl.gz`, whole.subarray(0, whole.length - 9))).toBe('the gzip data ends too early (is it cut short?)');
    });

    it('names a body that is not gzip at all', async () => {
      expect(await problem(`${KEY}.json.gz`, Buffer.from('[{"key":null}]'))).toBe('it is not gzip data: it begins 5b7b226b, not 1f8b');
    });

    it('names damaged gzip data', async () => {
      const damaged = Buffer.from(await body(SEED_RECORDS, 'seed', '.json.gz'));
      damaged.fill(0xff, 20, 40);
      expect(await problem(`${KEY}.json.gz`, damaged)).toMatch(/^the gzip data is damaged \(zlib: .+\)$/);
    });

    it('names a cut-short zstd body', async () => {
      const whole = await body(SEED_RECORDS, 'seed', '.jsonl.zst');
      expect(await problem(`${KEY}.jsonl.zst`, whole.subarray(0, whole.length - 5))).toMatch(
        /^the zstd data ends inside the frame at byte 0: \d+ more bytes expected \(is it cut short\?\)$/,
      );
    });

    it('names garbage where zstd was expected', async () => {
      expect(await problem(`${KEY}.json.zst`, Buffer.from('garbage!'))).toBe(
        'no zstd frame starts at byte 0 (it begins 0x62726167, not 0xfd2fb528)',
      );
    });

    it('names the record and the field at fault in a JSON array', async () => {
      const text = Buffer.from(`[${jsonArrayBody(SEED_RECORDS.slice(0, 1), 'seed').toString().slice(1, -1)},{"key":"k","offset":"x"}]`);
      expect(await problem(`${KEY}.json`, text)).toMatch(/^record 1 \(at byte \d+\): "offset" is "x", not a non-negative integer$/);
    });

    it('names a cut-short JSON array', async () => {
      const text = jsonArrayBody(SEED_RECORDS, 'seed');
      expect(await problem(`${KEY}.json`, text.subarray(0, 50))).toBe(
        'it is not a JSON array: the object ends inside a string (is it cut short?)',
      );
    });

    it('names a JSON-lines body whose last line lost its newline', async () => {
      const text = jsonLinesBody(SEED_RECORDS, 'seed');
      expect(await problem(`${KEY}.jsonl`, text.subarray(0, text.length - 1))).toBe(
        'line 5 has no closing newline (is the object cut short?)',
      );
    });

    it('names a line that is not JSON', async () => {
      const text = Buffer.concat([jsonLinesBody(SEED_RECORDS.slice(0, 1), 'seed'), Buffer.from('{"key":\n')]);
      expect(await problem(`${KEY}.jsonl`, text)).toMatch(/^line 2: it is not valid JSON \(.+\)$/);
    });

    it('names bytes that are not UTF-8', async () => {
      expect(await problem(`${KEY}.jsonl`, Buffer.from([0x7b, 0xff, 0x7d, 0x0a]))).toBe('line 1 is not valid UTF-8');
      expect(await problem(`${KEY}.json`, Buffer.from([0x5b, 0xff, 0x5d]))).toBe('it is not valid UTF-8');
    });

    it('names a body that is not Parquet', async () => {
      expect(await problem(`${KEY}.parquet`, Buffer.from('not parquet at all'))).toBe(
        'it is not a readable Parquet file (parquet file invalid (footer != PAR1))',
      );
    });

    it('names a cut-short Parquet file', async () => {
      const whole = encodeParquet(SEED_RECORDS, { recordFormat: 'seed', codec: 'zstd' });
      expect(await problem(`${KEY}.parquet`, whole.subarray(0, whole.length - 100))).toMatch(/^it is not a readable Parquet file \(.+\)$/);
    });

    it('names an extension it does not know', async () => {
      expect(await problem(`${KEY}.csv`, Buffer.from(''))).toBe(
        'its extension is none of .json, .json.gz, .json.zst, .jsonl, .jsonl.gz, .jsonl.zst, .parquet',
      );
    });
  });
});
