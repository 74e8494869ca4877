/** @module Whether a record about to be written is one the archive already holds. */
import type { Entry } from './partition-batch';
import type { StoredRecord } from './stored-record';
import { parseStoredRecord } from './stored-record-json';

/** The entry's record as it would be read back. */
export function entryRecord(entry: Entry): StoredRecord {
  if (entry.record !== undefined) return entry.record;
  const view = entry.view as NonNullable<Entry['view']>;
  return parseStoredRecord(view.chunk.toString('utf8', view.start, view.end));
}

/**
 * Whether two records carry the same message: key, value, time and size, and the headers when
 * both record formats keep them. Truncation follows from the value, so a change of
 * MAX_VALUE_BYTES between two deliveries counts as other content, and is kept apart.
 */
export function sameMessage(a: StoredRecord, b: StoredRecord): boolean {
  if (a.key !== b.key || a.value !== b.value || a.timestamp !== b.timestamp || a.valueSize !== b.valueSize) return false;
  if (a.overflowFlag !== b.overflowFlag || a.topic !== b.topic || a.partition !== b.partition) return false;
  return a.headers === undefined || b.headers === undefined || a.headers === b.headers;
}
