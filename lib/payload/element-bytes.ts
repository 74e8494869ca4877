/**
 * @module An element's UTF-8 bytes read as Latin-1 text: one character per byte. JSON.parse accepts
 * any character from U+0020 inside a string, so it checks the structure of the UTF-8 text as it
 * would the decoded one, at the speed of a one-byte string, and every string comes out as its UTF-8
 * bytes: a value's size is its length, and its JSON literal can be written out as it came. Only a
 * `\u` escape breaks the correspondence (it makes a character, not a byte), so an element with one
 * is not read this way.
 */

/** The element's bytes as Latin-1 text, or undefined when it holds a `\u` escape and must be decoded as UTF-8. */
export function bytesAsText(bytes: Buffer): string | undefined {
  const text = bytes.toString('latin1');
  return text.includes('\\u') ? undefined : text;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** The text whose UTF-8 bytes `bytesText` holds, one per character (most strings are ASCII, and their own text). */
export function textOfBytes(bytesText: string): string {
  return NON_ASCII.test(bytesText) ? Buffer.from(bytesText, 'latin1').toString('utf8') : bytesText;
}

/**
 * A text value read as bytes. Most are written into an object as the bytes they came as, so the
 * text is decoded only when something asks for it (Parquet output, a truncation, a comparison).
 */
export class TextFromBytes {
  readonly kind = 'text';
  /** The JSON string literal as delivered, when it is byte for byte what JSON.stringify makes of the text. */
  readonly literal: string | undefined;
  #text: string | undefined;

  /**
   * @param bytes The value's UTF-8 bytes, one Latin-1 character each.
   * @param literal The value's JSON string literal from the element, quotes included, in the same form.
   */
  constructor(
    readonly bytes: string,
    literal: string | undefined,
  ) {
    this.literal = literal !== undefined && isStringifiedForm(literal) ? literal : undefined;
  }

  get text(): string {
    this.#text ??= textOfBytes(this.bytes);
    return this.#text;
  }
}

/**
 * Whether a string literal cut from an element read as bytes (quotes included, no `\u` escape) is
 * what JSON.stringify makes of its value: JSON.stringify writes `"`, `\` and the control characters
 * with the same short escapes a sender must use, and every other character as it is, so only an
 * escaped solidus (`\/`) tells the two apart.
 */
function isStringifiedForm(literal: string): boolean {
  return !literal.includes('\\/');
}
