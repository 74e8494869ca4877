/**
 * @module The two forms export writes a message in.
 *
 * `json`: one line per message,
 *   {"topic":"orders","partition":0,"offset":42,"timestamp":1795000000042,"key":"k1","keyEncoding":"text",
 *    "value":"hello","valueEncoding":"text","headers":[]}
 * `offset` is a JSON number written with every digit (as the archive's own records are), exact for
 * any int64; `value` is text (`text`: the value's UTF-8, `json`: the JSON text it arrived as) or
 * base64 (`base64`: bytes that are not UTF-8), null for a tombstone; `headers` is the entries'
 * JSON exactly as the trigger delivered them, null when the record format kept none (seed).
 *
 * `kcat`: what `kcat -P -K '\x1f' -D '\x1e' -Z` reads from stdin: key, 0x1F, value bytes, 0x1E.
 * kcat splits a message at its first 0x1F and messages at every 0x1E, and with -Z reads an empty
 * key or value as null; so a message whose key holds 0x1F or 0x1E, whose value holds 0x1E, or
 * whose key or value is empty but not null cannot be given to it, and is refused.
 */
import type { ValueEncoding } from './value-encoding';

export interface ExportedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number;
  key: string | null;
  /** The field as exported: text, or base64 when valueEncoding is `base64`. */
  value: string | null;
  valueEncoding: ValueEncoding | null;
  /** Exact JSON text of the header entries, null when the archive kept none. */
  headers: string | null;
  /** Only the first bytes of the value: its whole value was missing and --allow-truncated was given. */
  truncated: boolean;
}

export function messageJsonLine(message: ExportedMessage): string {
  return (
    `{"topic":${JSON.stringify(message.topic)},"partition":${message.partition},"offset":${message.offset}` +
    `,"timestamp":${message.timestamp},"key":${JSON.stringify(message.key)},"keyEncoding":${message.key === null ? 'null' : '"text"'}` +
    `,"value":${JSON.stringify(message.value)},"valueEncoding":${JSON.stringify(message.valueEncoding)}` +
    `,"headers":${message.headers ?? 'null'}${message.truncated ? ',"truncated":true' : ''}}\n`
  );
}

export const KCAT_KEY_DELIMITER = 0x1f;
export const KCAT_MESSAGE_DELIMITER = 0x1e;

/** A message kcat could not be given exactly. */
export class KcatRefusal extends Error {
  override readonly name = 'KcatRefusal';
}

export function kcatRecord(message: ExportedMessage): Buffer {
  const where = `${message.topic}/${message.partition} offset ${message.offset}`;
  const instead = 'export this partition with --format json instead';
  const key = message.key === null ? Buffer.alloc(0) : Buffer.from(message.key, 'utf8');
  const value =
    message.value === null ? Buffer.alloc(0) : Buffer.from(message.value, message.valueEncoding === 'base64' ? 'base64' : 'utf8');
  if (key.includes(KCAT_KEY_DELIMITER) || key.includes(KCAT_MESSAGE_DELIMITER)) {
    throw new KcatRefusal(`${where}: its key holds the byte 0x1F or 0x1E, kcat's delimiters; ${instead}`);
  }
  if (value.includes(KCAT_MESSAGE_DELIMITER)) {
    throw new KcatRefusal(`${where}: its value holds the byte 0x1E, kcat's message delimiter; ${instead}`);
  }
  if (message.key === '' || message.value === '') {
    throw new KcatRefusal(
      `${where}: its ${message.key === '' ? 'key' : 'value'} is empty but not null, which kcat -Z turns into null; ${instead}`,
    );
  }
  return Buffer.concat([key, Buffer.of(KCAT_KEY_DELIMITER), value, Buffer.of(KCAT_MESSAGE_DELIMITER)]);
}

/** kcat reads at most this much per message unless -X message.max.bytes says more. */
export const KCAT_DEFAULT_INPUT_BYTES = 1024 * 1024;
