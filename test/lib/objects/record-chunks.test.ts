import { type ChunkView, framedBody, RecordChunks } from '../../../lib/objects/record-chunks';

const json = { start: '[', separator: ',', end: ']' };
const lines = { start: '', separator: '\n', end: '\n' };
const text = (body: Buffer[]) => Buffer.concat(body).toString('utf8');
const written = (texts: string[]) => {
  const chunks = new RecordChunks();
  return texts.map((t) => chunks.write(t));
};

describe('RecordChunks and framedBody', () => {
  it('frames records written one after another as one view of the chunk', () => {
    const body = framedBody(written(['"a"', '"中"', '"c"']), json);
    expect(text(body)).toBe('["a","中","c"]');
    expect(body).toHaveLength(3);
  });

  it('frames JSON lines, each ending in a newline', () => {
    expect(text(framedBody(written(['{"a":1}', '{"b":2}']), lines))).toBe('{"a":1}\n{"b":2}\n');
  });

  it('frames any selection, in the order given, without the records left out', () => {
    const views = written(['1', '2', '3', '4', '5']);
    const pick = (indexes: number[]) => indexes.map((i) => views[i] as ChunkView);
    expect(text(framedBody(pick([0, 1, 3, 4]), json))).toBe('[1,2,4,5]');
    expect(text(framedBody(pick([4, 2, 0]), json))).toBe('[5,3,1]');
  });

  it('spans many chunks and values larger than a chunk without losing a byte', () => {
    const texts = Array.from({ length: 600 }, (_, i) => JSON.stringify(`${i}:${'é'.repeat(i * 7)}`));
    texts.push(JSON.stringify('big'.repeat(200_000)));
    expect(text(framedBody(written(texts), json))).toBe(`[${texts.join(',')}]`);
  });

  it('frames a single record', () => {
    expect(text(framedBody(written(['{}']), json))).toBe('[{}]');
  });
});
