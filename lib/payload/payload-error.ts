/** A trigger event the sink cannot archive. Nothing has been written when it is thrown. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `The trigger event was rejected; nothing was written. ${problems.join('; ')}. ` +
        'Each element must be a Kafka trigger CloudEvent (object or JSON string), a RawData message ' +
        '{topic, partition, offset, timestamp, key, value}, or a legacy connector record.',
      options,
    );
  }
}
