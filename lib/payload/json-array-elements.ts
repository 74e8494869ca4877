/**
 * Finds the elements of a top-level JSON array in a Buffer without decoding the whole text, so a
 * 32 MB batch is never held as one string beside its parsed form. Each element's bytes are then
 * parsed on their own (JSON.parse validates them); this scanner only needs to find where each one
 * ends, jumping over string contents with indexOf.
 *
 * A top-level value that is not an array is returned as a single element.
 */
export type ElementSpan = { start: number; end: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

export class JsonStructureError extends Error {
  override readonly name = 'JsonStructureError';
}

export function jsonArrayElements(json: Buffer): { isArray: boolean; elements: ElementSpan[] } {
  const first = skipWhitespace(json, 0);
  if (first === json.length) throw new JsonStructureError('the event is empty');
  if (json[first] !== OPEN_ARRAY) return { isArray: false, elements: [{ start: first, end: json.length }] };

  const elements: ElementSpan[] = [];
  let position = skipWhitespace(json, first + 1);
  if (json[position] === CLOSE_ARRAY) return { isArray: true, elements: checkEnd(json, position + 1, elements) };
  for (;;) {
    const end = valueEnd(json, position);
    elements.push({ start: position, end: trimEnd(json, position, end) });
    const next = skipWhitespace(json, end);
    if (json[next] === CLOSE_ARRAY) return { isArray: true, elements: checkEnd(json, next + 1, elements) };
    if (next === json.length) {
      throw new JsonStructureError(`the event ends after element ${elements.length - 1}, without the closing "]" (is it cut short?)`);
    }
    if (json[next] !== COMMA) {
      throw new JsonStructureError(`expected "," or "]" after element ${elements.length - 1}, at byte ${next}`);
    }
    position = skipWhitespace(json, next + 1);
  }
}

function checkEnd(json: Buffer, position: number, elements: ElementSpan[]): ElementSpan[] {
  const rest = skipWhitespace(json, position);
  if (rest !== json.length) throw new JsonStructureError(`unexpected data after the closing "]", at byte ${rest}`);
  return elements;
}

/** The index just past the value starting at `start`; the value's own syntax is JSON.parse's to check. */
function valueEnd(json: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < json.length; i++) {
    const byte = json[i];
    if (byte === QUOTE) {
      i = closingQuote(json, i);
      if (depth === 0) return i + 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (byte === COMMA && depth === 0) {
      return i;
    }
  }
  throw new JsonStructureError('the event ends in the middle of a value (is it cut short?)');
}

function closingQuote(json: Buffer, opening: number): number {
  let quote = json.indexOf(QUOTE, opening + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (json[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = json.indexOf(QUOTE, quote + 1);
  }
  throw new JsonStructureError('the event ends inside a string (is it cut short?)');
}

/** A bare scalar's span runs to the comma after it; its own bytes end before the whitespace. */
function trimEnd(json: Buffer, start: number, end: number): number {
  let i = end;
  while (i > start && isWhitespace(json[i - 1])) i--;
  return i;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipWhitespace(json: Buffer, position: number): number {
  let i = position;
  while (i < json.length) {
    const byte = json[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
    i++;
  }
  return i;
}
