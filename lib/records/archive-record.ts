/**
 * @module One record of the archive. The seed's eight fields come first, in the order they are
 * written (alphabetical, as the legacy connector wrote them); the `full` record format adds what a
 * replay into Kafka needs.
 */
import { isUtf8 } from 'node:buffer';
import { TextFromBytes } from '../payload/element-bytes';
import type { KafkaMessage } from '../payload/kafka-message';
import { utf8Prefix } from './utf8-prefix';

export type RecordFormatName = 'seed' | 'full';
/** `spill`: a truncated value is also stored whole, in its own object. `truncate`: the seed's behaviour. */
export type OverflowPolicy = 'spill' | 'truncate';

export interface ArchiveRecord {
  key: string | null;
  offset: bigint;
  /** True when `value` holds only a prefix of the message's value. */
  overflowFlag: boolean;
  partition: number;
  timestamp: number;
  topic: string;
  value: string | null;
  /** Byte length of the whole value Kafka held; 0 for a null value. */
  valueSize: number;
  /** Full format: the header entries as compact JSON text, exactly as delivered. */
  headers: string;
  /** Full format: `text` for a key, null without one. */
  keyEncoding: 'text' | null;
  /**
   * Full format: `text` (the value's bytes read as UTF-8), `base64` (bytes that are not valid
   * UTF-8), `json` (a Json-typed value, as the compact JSON text it arrived as); null for a tombstone.
   */
  valueEncoding: 'text' | 'base64' | 'json' | null;
  /** Full format: the key of the object holding the whole value, when it was spilled. */
  overflowKey: string | null;
}

/** The record's fields in the order they are written, for what must name them at run time. */
export const RECORD_FIELDS = [
  'key',
  'offset',
  'overflowFlag',
  'partition',
  'timestamp',
  'topic',
  'value',
  'valueSize',
  'headers',
  'keyEncoding',
  'valueEncoding',
  'overflowKey',
] as const satisfies ReadonlyArray<keyof ArchiveRecord>;

export interface RecordOptions {
  maxValueBytes: number;
  recordFormat: RecordFormatName;
  overflow: OverflowPolicy;
}

/** A record's fields but its value. */
export type RecordFields = Omit<ArchiveRecord, 'value'>;

export interface BuiltRecord {
  fields: RecordFields;
  /** The whole record; a text value that came as bytes is decoded only now (see valueJson). */
  record(): ArchiveRecord;
  /** The whole value's bytes, to be stored before the record when it was truncated and spilled. */
  spill?: Buffer;
  /**
   * The record's `value` as JSON, in UTF-8 bytes held one per Latin-1 character, when the message
   * brought it ready (a text value read from the payload's bytes, kept whole): written as it is.
   */
  valueJson?: string;
}

/**
 * Builds the archive record of a message. A value longer than `maxValueBytes` UTF-8 bytes is cut
 * to its longest whole-character prefix that fits (a base64 value to whole 4-character groups, so
 * the prefix still decodes), and, with the spill policy, handed back whole.
 * `overflowKey` names where a spilled value goes.
 */
export function toArchiveRecord(message: KafkaMessage, options: RecordOptions, overflowKey: () => string): BuiltRecord {
  const value = recordValue(message, options.recordFormat);
  const alreadyTruncated = message.truncatedFromBytes !== undefined;
  // A value's UTF-8 size is its text's, except for a base64 value whose text is longer than its bytes.
  const overflow = value !== undefined && (value.encoding === 'base64' ? value.text().length : value.size) > options.maxValueBytes;
  const spill = overflow && options.overflow === 'spill' ? value.bytes() : undefined;
  const fields: RecordFields = {
    key: message.key,
    offset: message.offset,
    overflowFlag: overflow || alreadyTruncated,
    partition: message.partition,
    timestamp: message.timestamp,
    topic: message.topic,
    valueSize: alreadyTruncated ? Math.max(message.truncatedFromBytes as number, value?.size ?? 0) : (value?.size ?? 0),
    headers: message.headers,
    keyEncoding: message.key === null ? null : 'text',
    valueEncoding: value?.encoding ?? null,
    overflowKey: spill === undefined ? null : overflowKey(),
  };
  const cutValue = overflow ? cut(value, options.maxValueBytes) : undefined;
  const record = () => withValue(fields, value === undefined ? null : (cutValue ?? value.text()));
  if (spill !== undefined) return { fields, record, spill };
  return value?.json === undefined || overflow ? { fields, record } : { fields, record, valueJson: value.json };
}

/** The record, its fields in the order they are written; field by field, as for the message (trigger-payload.ts). */
function withValue(fields: RecordFields, value: string | null): ArchiveRecord {
  return {
    key: fields.key,
    offset: fields.offset,
    overflowFlag: fields.overflowFlag,
    partition: fields.partition,
    timestamp: fields.timestamp,
    topic: fields.topic,
    value,
    valueSize: fields.valueSize,
    headers: fields.headers,
    keyEncoding: fields.keyEncoding,
    valueEncoding: fields.valueEncoding,
    overflowKey: fields.overflowKey,
  };
}

interface RecordValue {
  /** What the record's `value` field holds when not truncated. */
  text(): string;
  encoding: 'text' | 'base64' | 'json';
  /** Byte length of the value Kafka held. */
  size: number;
  bytes(): Buffer;
  /** `text` as JSON, in UTF-8 bytes one per Latin-1 character, when the message brought it. */
  json?: string;
}

function recordValue(message: KafkaMessage, format: RecordFormatName): RecordValue | undefined {
  const { value } = message;
  if (value === null) return undefined;
  if (value instanceof TextFromBytes) {
    const { bytes } = value;
    return { text: () => value.text, encoding: 'text', size: bytes.length, bytes: () => Buffer.from(bytes, 'latin1'), json: value.literal };
  }
  if (value.kind === 'text' || value.kind === 'json') {
    const text = value.kind === 'text' ? value.text : value.json;
    return { text: () => text, encoding: value.kind, size: Buffer.byteLength(text), bytes: () => Buffer.from(text, 'utf8') };
  }
  const { base64 } = value;
  // The seed format is text only: a binary value stays the base64 text it arrived as. The full
  // format says which it is, and keeps bytes that are UTF-8 text readable.
  if (format === 'full') {
    const bytes = Buffer.from(base64, 'base64');
    if (isUtf8(bytes)) {
      const text = bytes.toString('utf8');
      return { text: () => text, encoding: 'text', size: bytes.length, bytes: () => bytes };
    }
  }
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return { text: () => base64, encoding: 'base64', size: (base64.length / 4) * 3 - padding, bytes: () => Buffer.from(base64, 'base64') };
}

function cut(value: RecordValue, maxBytes: number): string {
  if (value.encoding === 'base64') return value.text().slice(0, maxBytes - (maxBytes % 4));
  return utf8Prefix(value.text(), maxBytes);
}
