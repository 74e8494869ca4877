/**
 * @module Finds where bytes stop being UTF-8, to tell the sender which byte is wrong. One pass:
 * this runs on elements of any size (up to the trigger's 32 MB), so it must not re-check prefixes.
 */

export interface InvalidUtf8 {
  /** Index of the first byte of the first sequence that is not a UTF-8 character. */
  at: number;
  /** That byte and the continuation bytes after it (at most 4 in all), e.g. ed a0 80 for a CESU-8 surrogate. */
  sequence: Buffer;
}

/**
 * The first ill-formed sequence by the Unicode Standard's table of well-formed UTF-8 (RFC 3629):
 * overlong forms, surrogates (CESU-8) and code points above U+10FFFF are ill-formed. Undefined
 * when all of `bytes` is UTF-8.
 */
export function firstInvalidUtf8(bytes: Buffer): InvalidUtf8 | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) return { at: i, sequence: sequenceAt(bytes, i) };
    i += length;
  }
  return undefined;
}

/** The length of the well-formed sequence at `i`, or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] as number;
  let continuations: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) continuations = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    continuations = 2;
    if (lead === 0xe0) low = 0xa0; // below: overlong
    if (lead === 0xed) high = 0x9f; // above: a UTF-16 surrogate
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    continuations = 3;
    if (lead === 0xf0) low = 0x90; // below: overlong
    if (lead === 0xf4) high = 0x8f; // above: beyond U+10FFFF
  } else return 0;
  for (let k = 1; k <= continuations; k++) {
    const byte = bytes[i + k];
    if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0;
  }
  return continuations + 1;
}

function sequenceAt(bytes: Buffer, at: number): Buffer {
  let end = at + 1;
  while (end < bytes.length && end < at + 4 && (bytes[end] as number) >= 0x80 && (bytes[end] as number) <= 0xbf) end++;
  return bytes.subarray(at, end);
}
