/**
 * @module A Kafka message as the trigger's `data` carries it: the inside of a CloudEvent, and with
 * push format RawData the whole element.
 */

/** A Kafka message as the trigger's `data` carries it. */
export interface TriggerMessage {
  topic: string;
  partition: number;
  /** A bigint or a string of digits keeps every digit; a number, or any other string (a bad offset), goes as it is. */
  offset: bigint | number | string;
  /** Epoch milliseconds. */
  timestamp: number;
  key?: string | null;
  /** A string (Text, or base64 for Binary), any JSON value (Json), or null for a tombstone. */
  value?: unknown;
  /** Header entries, wrapped by the trigger as `{headers, isReadOnly}`. */
  headers?: unknown[];
}

/**
 * The `data` object of one message. An offset beyond 2^53 goes as a string of digits: a JSON
 * number that large would be rounded by whoever parses it, and the sink reads the digits exactly.
 */
export function kafkaData(message: TriggerMessage): Record<string, unknown> {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: jsonOffset(message.offset),
    timestamp: message.timestamp,
    headers: { headers: message.headers ?? [], isReadOnly: false },
    key: message.key ?? null,
    value: message.value ?? null,
  };
}

function jsonOffset(offset: TriggerMessage['offset']): number | string {
  if (typeof offset === 'number' || (typeof offset === 'string' && !/^\d+$/.test(offset))) return offset;
  const exact = BigInt(offset);
  return exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact.toString();
}
