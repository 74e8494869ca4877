import { gzipSync } from 'node:zlib';
import { compressBody, ZSTD_FRAME_INPUT_BYTES } from '../../../lib/objects/body-compression';
import { readJsonLines } from '../../../lib/objects/json-lines-reader';
import { ObjectDecodeError } from '../../../lib/objects/object-decode-error';
import type { StoredRecord } from '../../../lib/objects/stored-record';
import { FULL_RECORDS, jsonLinesBody, LONE_SURROGATE_RECORD, manyRecords, SEED_RECORDS } from './sample-records';

const KEY = 'archive/orders/3/0000000000000000000-0000000000000000013.jsonl.zst';

async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(chunks: AsyncIterable<Buffer>, key?: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for await (const record of readJsonLines(chunks, key)) records.push(record);
  return records;
}

async function encoded(text: Buffer, compression: 'none' | 'gzip' | 'zstd'): Promise<Buffer> {
  return compression === 'none' ? text : Buffer.concat(await compressBody([text], compression));
}

describe('readJsonLines', () => {
  const records: StoredRecord[] = [
    ...FULL_RECORDS,
    { ...LONE_SURROGATE_RECORD, headers: '[{"key":"h","value":"\\ud800"}]', keyEncoding: 'text', valueEncoding: 'text', overflowKey: null },
  ];
  const text = jsonLinesBody(records, 'full');

  it.each([
    ['none', 1],
    ['none', 7],
    ['gzip', 1],
    ['gzip', 5],
    ['zstd', 1],
    ['zstd', 5],
    ['zstd', 1 << 20],
  ] as const)(
    'reads %s-compressed lines delivered in chunks of %d bytes, telling the compression by the first bytes',
    async (compression, size) => {
      expect(await readAll(inChunks(await encoded(text, compression), size))).toEqual(records);
    },
  );

  it('reads a large zstd object frame by frame, yielding records before the whole object has arrived', async () => {
    const many = manyRecords(10_000);
    const text = jsonLinesBody(many, 'seed');
    expect(text.length).toBeGreaterThan(2 * ZSTD_FRAME_INPUT_BYTES);
    const body = await encoded(text, 'zstd');
    let delivered = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of inChunks(body, 16 * 1024)) {
        delivered += chunk.length;
        yield chunk;
      }
    }
    let deliveredAtFirstRecord = 0;
    const offsets: bigint[] = [];
    for await (const record of readJsonLines(counted())) {
      if (offsets.length === 0) deliveredAtFirstRecord = delivered;
      offsets.push(record.offset);
    }
    expect(offsets).toEqual(many.map((record) => record.offset));
    expect(deliveredAtFirstRecord).toBeLessThan(body.length / 2);
  });

  it('reads concatenated gzip members', async () => {
    const body = Buffer.concat([
      gzipSync(jsonLinesBody(SEED_RECORDS.slice(0, 3), 'seed')),
      gzipSync(jsonLinesBody(SEED_RECORDS.slice(3), 'seed')),
    ]);
    expect(await readAll(inChunks(body, 10))).toEqual(SEED_RECORDS);
  });

  it('reads nothing from an empty stream', async () => {
    expect(await readAll(inChunks(Buffer.alloc(0), 1))).toEqual([]);
  });

  it('yields each record as soon as its line is complete', async () => {
    const lines = jsonLinesBody(SEED_RECORDS, 'seed').toString().split('\n');
    let delivered = 0;
    async function* slowly(): AsyncGenerator<Buffer> {
      for (const line of lines.slice(0, -1)) {
        delivered++;
        yield Buffer.from(`${line}\n`);
      }
    }
    const seen: number[] = [];
    for await (const _record of readJsonLines(slowly())) seen.push(delivered);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  describe('a stream that does not hold records', () => {
    async function problem(chunks: AsyncIterable<Buffer>, key?: string): Promise<ObjectDecodeError> {
      const error = await readAll(chunks, key).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ObjectDecodeError);
      return error as ObjectDecodeError;
    }

    it('names a cut-short zstd object', async () => {
      const body = await encoded(text, 'zstd');
      const error = await problem(inChunks(body.subarray(0, body.length - 3), 16), KEY);
      expect(error.message).toMatch(
        new RegExp(
          `^Cannot read the records of ${KEY.replaceAll('.', '\\.')}: the zstd data ends inside the frame at byte 0: \\d+ more bytes expected`,
        ),
      );
    });

    it('names a cut-short gzip object', async () => {
      const body = await encoded(text, 'gzip');
      const error = await problem(inChunks(body.subarray(0, body.length - 3), 16), 'x.jsonl.gz');
      expect(error.message).toBe('Cannot read the records of x.jsonl.gz: the gzip data ends too early (is it cut short?)');
    });

    it('names the line at fault, and the stream when no key is given', async () => {
      const bad = Buffer.concat([jsonLinesBody(SEED_RECORDS.slice(0, 2), 'seed'), Buffer.from('{"key":"k","offset":-1}\n')]);
      const error = await problem(inChunks(await encoded(bad, 'gzip'), 9));
      expect(error.message).toBe('Cannot read the records of the JSON-lines stream: line 3: "offset" is -1, not a non-negative integer');
    });

    it('names a last line without its newline', async () => {
      const error = await problem(inChunks(text.subarray(0, text.length - 1), 100), 'x.jsonl');
      expect(error.problem).toBe(`line ${records.length} has no closing newline (is the object cut short?)`);
    });
  });
});
