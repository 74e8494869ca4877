/**
 * @module Records read back from an archive object, and whether a record about to be written is
 * one already archived.
 */
import { gunzipSync } from 'node:zlib';
import { jsonArrayElements } from '../payload/json-array-elements';
import type { ArchiveRecord } from '../records/archive-record';
import type { Entry } from './partition-batch';

/** A record as read back: the seed's fields, and the full format's when the object has them. */
export interface StoredRecord {
  key: string | null;
  offset: bigint;
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

/** `{"key":<string or null>,"offset":<digits>`: where the sink writes the offset, digit for digit. */
const OFFSET_DIGITS = /^\{"key":(?:null|"(?:[^"\\]|\\.)*"),"offset":(\d+)/;

/** The records of an object the sink wrote, by its key's extension. */
export async function decodeObject(key: string, body: Buffer): Promise<StoredRecord[]> {
  const text = (key.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
  if (/\.json(\.gz)?$/.test(key)) {
    const bytes = Buffer.from(text, 'utf8');
    return jsonArrayElements(bytes).elements.map(({ start, end }) => parseRecord(bytes.toString('utf8', start, end), key));
  }
  if (/\.jsonl(\.gz)?$/.test(key))
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => parseRecord(line, key));
  throw new Error(`${key}: not an archive object the sink can read (unknown extension)`);
}

export function parseRecord(text: string, key: string): StoredRecord {
  const record = JSON.parse(text) as StoredRecord & { offset: number };
  const digits = OFFSET_DIGITS.exec(text)?.[1];
  if (digits === undefined) throw new Error(`${key}: a record does not start with its key and offset: ${text.slice(0, 80)}`);
  return { ...record, offset: BigInt(digits) };
}

/** The entry's record as it would be read back. */
export function entryRecord(entry: Entry): StoredRecord {
  if (entry.record !== undefined) return fromArchiveRecord(entry.record);
  const view = entry.view as NonNullable<Entry['view']>;
  return parseRecord(view.chunk.toString('utf8', view.start, view.end), 'the batch');
}

function fromArchiveRecord(record: ArchiveRecord): StoredRecord {
  return { ...record, headers: JSON.parse(record.headers) };
}

/**
 * Whether two records carry the same message: key, value, time and size, and the headers when
 * both record formats keep them. Truncation follows from the value, so a change of
 * MAX_VALUE_BYTES between two deliveries counts as other content, and is kept apart.
 */
export function sameMessage(a: StoredRecord, b: StoredRecord): boolean {
  if (a.key !== b.key || a.value !== b.value || a.timestamp !== b.timestamp || a.valueSize !== b.valueSize) return false;
  if (a.overflowFlag !== b.overflowFlag || a.topic !== b.topic || a.partition !== b.partition) return false;
  if (a.headers === undefined || b.headers === undefined) return true;
  return JSON.stringify(a.headers) === JSON.stringify(b.headers);
}
