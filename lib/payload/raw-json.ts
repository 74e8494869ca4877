/**
 * @module Reads parts of a JSON text as text. A Json-typed message value is archived as the
 * compact JSON it arrived as, cut from the element's own text, rather than parsed and printed
 * again: printing would round numbers beyond 2^53 and recurse (and overflow the stack) on values
 * nested a few thousand levels deep. The text was already validated by JSON.parse; this only finds
 * where things are, without recursion.
 */

export interface Span {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The span of member `name`'s value in the object that starts at `objectStart`, if it has one. */
export function memberSpan(text: string, objectStart: number, name: string): Span | undefined {
  for (const member of members(text, objectStart)) if (member.name === name) return member.span;
  return undefined;
}

/**
 * The first name given to two members of the object that starts at `objectStart`. JSON.parse
 * keeps the last of them and memberSpan finds the first, so such an object cannot be read one way.
 */
export function repeatedMember(text: string, objectStart: number): string | undefined {
  const names = new Set<string>();
  for (const { name } of members(text, objectStart)) {
    if (names.has(name)) return name;
    names.add(name);
  }
  return undefined;
}

function* members(text: string, objectStart: number): Generator<{ name: string; span: Span }> {
  let i = skipWhitespace(text, objectStart + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const nameEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, nameEnd)) as string;
    const valueStart = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1); // past the ':'
    const valueEnd = valueEndAt(text, valueStart);
    yield { name, span: { start: valueStart, end: valueEnd } };
    i = skipWhitespace(text, valueEnd);
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
}

/** The first value's start in `text` (after leading whitespace). */
export function valueStart(text: string): number {
  return skipWhitespace(text, 0);
}

/**
 * The JSON text of `span` without insignificant whitespace. The kept characters are copied into one
 * array rather than joined piece by piece: a value with millions of spaces between its tokens
 * would otherwise build millions of string pieces (hundreds of MB for a 20 MB value).
 */
export function compactJson(text: string, span: Span): string {
  let kept: Uint16Array | undefined;
  let length = 0;
  const keep = (from: number, to: number) => {
    kept ??= new Uint16Array(span.end - span.start);
    for (let i = from; i < to; i++) kept[length++] = text.charCodeAt(i);
  };
  let runStart = span.start;
  for (let i = span.start; i < span.end; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i) - 1;
    } else if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
      keep(runStart, i);
      runStart = i + 1;
    }
  }
  if (kept === undefined) return text.slice(span.start, span.end);
  keep(runStart, span.end);
  return charactersOf(kept.subarray(0, length));
}

/** A string of UTF-16 code units, lone surrogates included (a decoder would replace them). */
function charactersOf(codes: Uint16Array): string {
  const CHUNK = 8192;
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += CHUNK) parts.push(String.fromCharCode(...codes.subarray(i, i + CHUNK)));
  return parts.join('');
}

/** The index just past the value that starts at `start`. */
function valueEndAt(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i) - 1;
      if (depth === 0) return i + 1;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
    } else if (code === 0x7d || code === 0x5d) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (code === 0x2c || code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09)) {
      return i;
    }
  }
  return text.length;
}

/** The index just past the closing quote of the string that opens at `opening`. */
function stringEnd(text: string, opening: number): number {
  let i = opening + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return i;
    i++;
  }
}
