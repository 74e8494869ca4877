/** Marks a BodyFormatError from either copy of this module: a built function has one in its bundle and one in codecs.js. */
const BODY_FORMAT_ERROR = Symbol.for('kafka-oss-sink.BodyFormatError');

/** Bytes that do not hold what they should: a damaged, cut-short or foreign body. Says what is wrong, not where it came from. */
export class BodyFormatError extends Error {
  override readonly name = 'BodyFormatError';
  readonly [BODY_FORMAT_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BODY_FORMAT_ERROR in value;
  }
}

/** An archived object that cannot be read back as records; names the object and what is wrong with it. */
export class ObjectDecodeError extends Error {
  override readonly name = 'ObjectDecodeError';
  constructor(
    readonly key: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read the records of ${key}: ${problem}`, options);
  }
}
