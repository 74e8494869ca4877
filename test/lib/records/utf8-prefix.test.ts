import fc from 'fast-check';
import { utf8Prefix } from '../../../lib/records/utf8-prefix';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('utf8Prefix', () => {
  it.each([
    ['a', 1],
    ['é', 2],
    ['中', 3],
    ['😀', 4],
  ])('cuts before a %s (%i bytes) that does not fit, never inside it', (char, width) => {
    const text = `ab${char}cd`;
    for (let limit = 2; limit < 2 + width; limit++) expect(utf8Prefix(text, limit)).toBe('ab');
    expect(utf8Prefix(text, 2 + width)).toBe(`ab${char}`);
  });

  it('returns the text itself when it fits exactly', () => {
    const text = 'héllo 世界 😀';
    expect(utf8Prefix(text, bytes(text))).toBe(text);
    expect(utf8Prefix(text, bytes(text) - 1)).toBe('héllo 世界 ');
  });

  it('returns an empty string when not even the first character fits', () => {
    expect(utf8Prefix('😀', 3)).toBe('');
  });

  it('counts a lone surrogate as the 3 bytes Node writes for it', () => {
    const text = 'a\ud800b';
    expect(bytes(text)).toBe(5);
    expect(utf8Prefix(text, 4)).toBe('a\ud800');
    expect(utf8Prefix(text, 3)).toBe('a');
  });

  it('keeps the invariants for any text and limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(64), (text, limit) => {
        const prefix = utf8Prefix(text, limit);
        expect(text.startsWith(prefix)).toBe(true);
        expect(bytes(prefix)).toBeLessThanOrEqual(limit);
        // Never a broken character: the prefix encodes to the same bytes as the text's start.
        expect(Buffer.from(text).subarray(0, bytes(prefix)).equals(Buffer.from(prefix))).toBe(true);
        if (prefix.length < text.length) {
          // Longest: the next whole code point would not have fit.
          const next = String.fromCodePoint(text.codePointAt(prefix.length) as number);
          const nextIsPair = next.length === 2 && text.slice(prefix.length, prefix.length + 2) === next;
          expect(bytes(prefix + (nextIsPair ? next : text[prefix.length]))).toBeGreaterThan(limit);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
