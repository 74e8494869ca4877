/**
 * @module What the archive must hold for a message, checked against a record read back: the key,
 * the timestamp, the value's bytes (whole, or a prefix with the whole value in `_overflow/`), and
 * with RECORD_FORMAT=full the headers exactly and the encodings. Written from the README's record
 * format, not from the function's code, so that the two can disagree.
 */
import { isUtf8 } from 'node:buffer';
import type { SyntheticMessage, ValueDataType } from './synthetic-message';

/** A record as read back from an archive object (the full format's fields when it has them). */
export interface ArchivedRecord {
  key: string | null;
  offset: number;
  overflowFlag: boolean;
  partition: number;
  timestamp: number;
  topic: string;
  value: string | null;
  valueSize: number;
  headers?: unknown;
  keyEncoding?: string | null;
  valueEncoding?: string | null;
  overflowKey?: string | null;
}

export interface RecordRules {
  valueDataType: ValueDataType;
  recordFormat: 'seed' | 'full';
  maxValueBytes: number;
}

export interface ExpectedValue {
  text: string;
  encoding: 'text' | 'json' | 'base64';
  /** Bytes of the value Kafka held. */
  size: number;
  /** Whether `text` is over MAX_VALUE_BYTES, so that the record holds a prefix and `_overflow/` the whole value. */
  cut: boolean;
}

/** The value's text in the record when it is not cut, and its encoding; null for a tombstone. */
export function expectedValue(message: SyntheticMessage, rules: RecordRules): ExpectedValue | null {
  const bytes = message.value;
  if (bytes === null) return null;
  if (rules.valueDataType === 'Binary' && (rules.recordFormat === 'seed' || !isUtf8(bytes))) {
    const text = bytes.toString('base64');
    return { text, encoding: 'base64', size: bytes.length, cut: text.length > rules.maxValueBytes };
  }
  // The text is these very bytes, read as UTF-8.
  return {
    text: bytes.toString('utf8'),
    encoding: message.json ? 'json' : 'text',
    size: bytes.length,
    cut: bytes.length > rules.maxValueBytes,
  };
}

/**
 * What is wrong with `record` as the archive of `message` (whose value `expected` is), or
 * undefined. `whole` is the content of the `_overflow/` object the record's cut value points to
 * (undefined when there is none).
 */
export function recordProblem(
  record: ArchivedRecord,
  message: SyntheticMessage,
  rules: RecordRules,
  expected: ExpectedValue | null,
  whole: Buffer | undefined,
): string | undefined {
  if (record.topic !== message.topic || record.partition !== message.partition) return 'topic or partition differ';
  if (record.key !== message.key)
    return `key ${JSON.stringify(record.key)?.slice(0, 40)} instead of ${JSON.stringify(message.key)?.slice(0, 40)}`;
  if (record.timestamp !== message.timestamp) return `timestamp ${record.timestamp} instead of ${message.timestamp}`;
  if (expected === null) {
    if (record.value !== null || record.valueSize !== 0 || record.overflowFlag) return 'a tombstone archived with a value';
  } else if (expected.cut) {
    if (!record.overflowFlag || record.valueSize !== expected.size)
      return 'a value over MAX_VALUE_BYTES not flagged as cut, or with the wrong valueSize';
    if (
      typeof record.value !== 'string' ||
      !expected.text.startsWith(record.value) ||
      Buffer.byteLength(record.value) > rules.maxValueBytes
    ) {
      return 'a cut value is not a prefix of the value within MAX_VALUE_BYTES';
    }
    if (whole === undefined) return 'the whole value of a cut record is not in _overflow/';
    if (message.value === null || !whole.equals(message.value)) return 'the _overflow/ object does not hold the whole value';
  } else if (record.overflowFlag || record.value !== expected.text || record.valueSize !== expected.size) {
    return `value or valueSize differ (${record.valueSize} bytes archived, ${expected.size} produced)`;
  }
  if (rules.recordFormat === 'full') {
    if (JSON.stringify(record.headers) !== JSON.stringify(message.headers)) return 'headers differ';
    if (record.keyEncoding !== (message.key === null ? null : 'text')) return `keyEncoding ${record.keyEncoding}`;
    if (record.valueEncoding !== (expected?.encoding ?? null))
      return `valueEncoding ${record.valueEncoding} instead of ${expected?.encoding ?? null}`;
  }
  return undefined;
}
