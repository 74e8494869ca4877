import { EncodedRecords } from '../../../lib/objects/encoded-records';

const frame = { start: '[', separator: ',', end: ']' };
const text = (body: Buffer[]) => Buffer.concat(body).toString('utf8');

function recordsOf(pairs: Array<[bigint, string, number?]>): EncodedRecords {
  const records = new EncodedRecords(frame);
  for (const [offset, text, truncatedFrom] of pairs) records.append(offset, text, truncatedFrom);
  return records;
}

describe('EncodedRecords', () => {
  it('frames records in arrival order when they arrive in offset order, as one view of the chunk', () => {
    const assembled = recordsOf([
      [1n, '"a"'],
      [2n, '"中"'],
      [5n, '"c"'],
    ]).assemble();
    expect(text(assembled.body)).toBe('["a","中","c"]');
    expect(assembled.body).toHaveLength(3);
    expect(assembled).toMatchObject({ size: 15, firstOffset: 1n, lastOffset: 5n, records: 3, duplicateOffsets: 0, truncated: [] });
  });

  it('sorts records that arrive out of offset order', () => {
    expect(
      text(
        recordsOf([
          [7n, '7'],
          [3n, '3'],
          [5n, '5'],
        ]).assemble().body,
      ),
    ).toBe('[3,5,7]');
  });

  it('keeps the first copy of an offset that arrives twice', () => {
    const assembled = recordsOf([
      [1n, '"first"'],
      [2n, '2'],
      [1n, '"second"'],
    ]).assemble();
    expect(text(assembled.body)).toBe('["first",2]');
    expect(assembled.duplicateOffsets).toBe(1);
  });

  it('lists the truncated records that were kept, with their full size', () => {
    const assembled = recordsOf([
      [1n, '1', 900],
      [1n, '1'],
      [2n, '2'],
      [3n, '3', 70],
    ]).assemble();
    expect(assembled.truncated).toEqual([
      { offset: 1n, valueSize: 900 },
      { offset: 3n, valueSize: 70 },
    ]);
  });

  it('spans many chunks and values larger than a chunk without losing a byte', () => {
    const texts = Array.from({ length: 600 }, (_, i) => JSON.stringify(`${i}:${'é'.repeat(i * 7)}`));
    texts.push(JSON.stringify('big'.repeat(200_000)));
    const records = new EncodedRecords(frame);
    for (const [i, text] of texts.entries()) records.append(BigInt(i), text);
    const assembled = records.assemble();
    expect(text(assembled.body)).toBe(`[${texts.join(',')}]`);
    expect(assembled.size).toBe(Buffer.byteLength(`[${texts.join(',')}]`));
  });

  it('frames a single record', () => {
    expect(text(recordsOf([[0n, '{}']]).assemble().body)).toBe('[{}]');
  });
});
