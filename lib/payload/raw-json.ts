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

export interface Member {
  name: string;
  span: Span;
}

/** The members of the object that starts at `objectStart`, in their order in the text (a name given twice appears twice). */
export function objectMembers(text: string, objectStart: number): Member[] {
  const found: Member[] = [];
  let i = skipWhitespace(text, objectStart + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const nameEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, nameEnd - 1);
    // Most names hold no escape and are their own text; JSON.parse only for those that do.
    const name = raw.includes('\\') ? (JSON.parse(text.slice(i, nameEnd)) as string) : raw;
    const valueStart = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1); // past the ':'
    const valueEnd = valueEndAt(text, valueStart);
    found.push({ name, span: { start: valueStart, end: valueEnd } });
    i = skipWhitespace(text, valueEnd);
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
  return found;
}

/** The span of member `name`'s value in the object that starts at `objectStart`, if it has one (the first, if it has several). */
export function memberSpan(text: string, objectStart: number, name: string): Span | undefined {
  return spanOf(objectMembers(text, objectStart), name);
}

export function spanOf(members: readonly Member[], name: string): Span | undefined {
  return members.find((member) => member.name === name)?.span;
}

/**
 * The first name given to two members. JSON.parse keeps the last of them and memberSpan finds the
 * first, so such an object cannot be read one way.
 */
export function repeatedName(members: readonly Member[]): string | undefined {
  // A message object has a handful of members: comparing each pair is cheaper than building a set.
  if (members.length > 32) return repeatedInSet(members);
  for (let i = 1; i < members.length; i++) {
    const name = (members[i] as Member).name;
    for (let j = 0; j < i; j++) if ((members[j] as Member).name === name) return name;
  }
  return undefined;
}

function repeatedInSet(members: readonly Member[]): string | undefined {
  const names = new Set<string>();
  for (const { name } of members) {
    if (names.has(name)) return name;
    names.add(name);
  }
  return undefined;
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
