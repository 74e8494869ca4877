import fc from 'fast-check';
import { compactJson } from '../../../lib/payload/raw-json';

const whole = (text: string) => compactJson(text, { start: 0, end: text.length });

describe('compactJson', () => {
  it('gives what JSON.stringify gives, whatever the indentation', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2, '\t', '\r\n '), (value, indent) => {
        expect(whole(JSON.stringify(value, null, indent))).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps whitespace, escapes and lone surrogates inside strings as they are', () => {
    const text = ` { "a b" : [ "\ud800 x" , "\\" ]" ] } `;
    expect(whole(text)).toBe('{"a b":["\ud800 x","\\" ]"]}');
  });

  it('compacts a value of 20 MB that is mostly whitespace between tokens', () => {
    const text = `[${' 1 ,'.repeat(5_000_000)} 1 ]`;
    const compact = whole(text);
    expect(compact.length).toBe(10_000_003);
    expect(compact).toBe(`[${'1,'.repeat(5_000_000)}1]`);
  });
});
