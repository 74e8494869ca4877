/** Problems listed in full; the rest are counted, so one bad batch cannot flood the log. */
const LISTED = 10;

/** A trigger event the sink cannot archive. Nothing has been written when it is thrown. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  /** Each problem names the element and the field; at most ten, then how many more. */
  readonly problems: string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    const listed =
      problems.length <= LISTED ? [...problems] : [...problems.slice(0, LISTED), `and ${problems.length - LISTED} more problems`];
    super(
      `The trigger event was rejected; nothing was written. ${listed.join('; ')}. ` +
        'Each element must be a Kafka trigger CloudEvent (object or JSON string), a RawData message ' +
        '{topic, partition, offset, timestamp, key, value}, or a legacy connector record.',
      options,
    );
    this.problems = listed;
  }
}
