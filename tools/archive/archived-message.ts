/**
 * @module A record read back as the message Kafka held: the value's encoding (the full record
 * format says it; a seed-format record does not, so the reader says what VALUE_DATA_TYPE was),
 * its bytes, and whether two copies of an offset carry the same message.
 */
import type { StoredRecord } from '../../lib/objects/stored-record';
import type { ObjectRole } from './archive-catalog';
import type { RecordCopy } from './partition-merge';
import type { ValueEncoding } from './value-encoding';

export function valueEncodingOf(record: StoredRecord, seedEncoding: ValueEncoding): ValueEncoding | null {
  if (record.value === null) return null;
  return record.valueEncoding ?? seedEncoding;
}

/** The bytes the record's value field holds (a prefix of the message's value when overflowFlag is set). */
export function storedValueBytes(record: StoredRecord, seedEncoding: ValueEncoding): Buffer | null {
  if (record.value === null) return null;
  return Buffer.from(record.value, valueEncodingOf(record, seedEncoding) === 'base64' ? 'base64' : 'utf8');
}

/**
 * Whether two copies carry the same message: key, timestamp, the value's size and bytes (where one
 * copy was cut, its bytes begin the other's), and the headers when both copies have them.
 */
export function sameMessage(a: StoredRecord, b: StoredRecord, seedEncoding: ValueEncoding): boolean {
  if (a.key !== b.key || a.timestamp !== b.timestamp || a.valueSize !== b.valueSize) return false;
  if (a.headers !== undefined && b.headers !== undefined && a.headers !== b.headers) return false;
  const bytesA = storedValueBytes(a, seedEncoding);
  const bytesB = storedValueBytes(b, seedEncoding);
  if (bytesA === null || bytesB === null) return bytesA === bytesB;
  if (!a.overflowFlag && !b.overflowFlag) return bytesA.equals(bytesB);
  const [shorter, longer] = bytesA.length <= bytesB.length ? [bytesA, bytesB] : [bytesB, bytesA];
  return longer.subarray(0, shorter.length).equals(shorter);
}

const ROLE_RANK: Record<ObjectRole, number> = { batch: 0, compacted: 1, conflict: 2 };

/**
 * The copy to give out of copies carrying one message: a whole value before a cut one, a copy with
 * headers before one without, the batch zone before the compacted zone before `_conflicts/`.
 */
export function preferredCopy(copies: readonly RecordCopy[]): RecordCopy {
  const rank = ({ record, object }: RecordCopy) =>
    (record.overflowFlag ? 4 : 0) + (record.headers === undefined ? 2 : 0) + ROLE_RANK[object.role] / 4;
  return copies.reduce((best, copy) => (rank(copy) < rank(best) ? copy : best));
}

/** Copies grouped by message: the first group holds the copy the archive took first (batch zone, then compacted, then `_conflicts/`). */
export function messageGroups(copies: readonly RecordCopy[], seedEncoding: ValueEncoding): RecordCopy[][] {
  const ordered = [...copies].sort((a, b) => ROLE_RANK[a.object.role] - ROLE_RANK[b.object.role]);
  const groups: RecordCopy[][] = [];
  for (const copy of ordered) {
    const group = groups.find(([first]) => sameMessage((first as RecordCopy).record, copy.record, seedEncoding));
    if (group) group.push(copy);
    else groups.push([copy]);
  }
  return groups;
}
