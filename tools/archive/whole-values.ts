/**
 * @module The whole value of a record whose value field was cut (overflowFlag true), from its
 * `_overflow/` object. A full-format record names that object (overflowKey; null when the function
 * kept no whole copy, OVERFLOW=truncate, or the value arrived cut); a seed-format record does not,
 * so its `_overflow/<offset>[.<md5>].bin` objects are tried, the one of the record's valueSize
 * whose bytes begin with the record's value winning. A whole value is accepted only when its size
 * is the record's valueSize and it begins with the record's cut value.
 */
import type { StoredRecord } from '../../lib/objects/stored-record';
import type { PartitionObjects } from './archive-catalog';
import type { ArchiveStore, ListedObject } from './archive-store';
import { storedValueBytes } from './archived-message';
import type { ValueEncoding } from './value-encoding';

export type WholeValue = { bytes: Buffer; key: string } | { problem: string; kept: boolean };

/** Where the whole value should be, from the listing alone: what verify checks without reading values. */
export function overflowCandidates(record: StoredRecord, partition: PartitionObjects): { keys: ListedObject[]; kept: boolean } {
  if (record.overflowKey === null) return { keys: [], kept: false };
  const listed = partition.overflow.get(record.offset) ?? [];
  if (record.overflowKey !== undefined) {
    const named = listed.find(({ key }) => key === record.overflowKey);
    return { keys: named === undefined ? [] : [named], kept: true };
  }
  return { keys: listed.filter(({ size }) => size === record.valueSize), kept: true };
}

export async function readWholeValue(
  store: ArchiveStore,
  record: StoredRecord,
  partition: PartitionObjects,
  seedEncoding: ValueEncoding,
): Promise<WholeValue> {
  const { keys, kept } = overflowCandidates(record, partition);
  const where = `${record.topic}/${record.partition} offset ${record.offset}`;
  const named = record.overflowKey;
  if (!kept || named === null) {
    return { kept, problem: `${where} holds only the first bytes of its value, and the function kept no whole copy (overflowKey null)` };
  }
  // A named object missing from the listing may still be readable (a listing filtered by offset, a copied archive).
  const tried = keys.length > 0 || named === undefined ? keys : [{ key: named, size: record.valueSize }];
  const prefix = storedValueBytes(record, seedEncoding) ?? Buffer.alloc(0);
  const found: string[] = [];
  for (const { key } of tried) {
    const bytes = await store.get(key);
    if (bytes === undefined) continue;
    if (bytes.length === record.valueSize && bytes.subarray(0, prefix.length).equals(prefix)) return { bytes, key };
    found.push(key);
  }
  const expected = named ?? `_overflow/${record.offset}.bin in the partition's folder`;
  return {
    kept,
    problem:
      found.length === 0
        ? `${where} holds only the first bytes of its value, and its whole value (${expected}, ${record.valueSize} bytes) is missing`
        : `${where} holds only the first bytes of its value, and ${found.join(', ')} does not hold the rest (not ${record.valueSize} bytes starting with the record's value)`,
  };
}
