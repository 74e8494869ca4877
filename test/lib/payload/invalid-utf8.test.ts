import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { firstInvalidUtf8 } from '../../../lib/payload/invalid-utf8';
import { type RejectedElement, readTriggerPayload } from '../../../lib/payload/trigger-payload';

const bytes = (...parts: Array<string | number[] | Buffer>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

function rejected(event: Buffer): RejectedElement[] {
  const out: RejectedElement[] = [];
  readTriggerPayload(event, { valueDataType: 'Text' }, { onMessage: () => {}, onRejected: (element) => out.push(element) });
  return out;
}

describe('firstInvalidUtf8', () => {
  it.each([
    ['0xff', [0x61, 0xff], 1, [0xff]],
    ['a lone continuation byte', [0x61, 0x80, 0x80], 1, [0x80, 0x80]],
    ['an overlong "/" (c0 af)', [0xc0, 0xaf], 0, [0xc0, 0xaf]],
    ['an overlong 3-byte form (e0 80 af)', [0x61, 0xe0, 0x80, 0xaf], 1, [0xe0, 0x80, 0xaf]],
    ['an overlong 4-byte form (f0 80 80 af)', [0xf0, 0x80, 0x80, 0xaf], 0, [0xf0, 0x80, 0x80, 0xaf]],
    ['a CESU-8 surrogate (ed a0 80)', [0xed, 0xa0, 0x80], 0, [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF (f4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 0, [0xf4, 0x90, 0x80, 0x80]],
    ['Latin-1 "é" before a quote', [0x63, 0x61, 0x66, 0xe9, 0x22], 3, [0xe9]],
    ['a sequence cut short at the end', [0x61, 0xe4, 0xb8], 1, [0xe4, 0xb8]],
  ])('finds %s', (_name, input, at, sequence) => {
    const found = firstInvalidUtf8(Buffer.from(input));
    expect(found).toEqual({ at, sequence: Buffer.from(sequence) });
  });

  it('passes valid multi-byte characters before the bad byte', () => {
    expect(firstInvalidUtf8(bytes('é数😀', [0xff]))?.at).toBe(Buffer.byteLength('é数😀'));
  });

  it('agrees with isUtf8, and everything before the bad sequence is UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (array) => {
        const input = Buffer.from(array);
        const found = firstInvalidUtf8(input);
        expect(found === undefined).toBe(isUtf8(input));
        if (found !== undefined) {
          expect(isUtf8(input.subarray(0, found.at))).toBe(true);
          expect(input.subarray(found.at, found.at + found.sequence.length).equals(found.sequence)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('an element that is not UTF-8 is named with the byte that is wrong', () => {
  const element = (value: number[]) => bytes('{"topic":"t","partition":0,"offset":1,"timestamp":1,"value":"caf', value, '"}');

  it('names the bad byte, not the valid character before it', () => {
    const [problem] = rejected(bytes('[', element([0xc3, 0xa9, 0xff]), ']'))[0]?.problems ?? [];
    expect(problem).toBe('element 0 is not valid UTF-8 (byte 0xff at byte 66 of the element); JSON must be UTF-8');
  });

  it('shows the whole sequence of a CESU-8 surrogate', () => {
    const [problem] = rejected(bytes('[', element([0xed, 0xa0, 0x80]), ']'))[0]?.problems ?? [];
    expect(problem).toBe(
      'element 0 is not valid UTF-8 (byte 0xed at byte 64 of the element, in the sequence ed a0 80); JSON must be UTF-8',
    );
  });

  it('diagnoses an element of 20 MB in one pass (each prefix checked again took hours)', () => {
    const big = bytes('[{"topic":"t","partition":0,"offset":1,"timestamp":1,"value":"', 'x'.repeat(20 * 1024 * 1024), [0xff], '"}]');
    const [element] = rejected(big);
    expect(element?.problems).toEqual([
      `element 0 is not valid UTF-8 (byte 0xff at byte ${20 * 1024 * 1024 + 61} of the element); JSON must be UTF-8`,
    ]);
  });
});
