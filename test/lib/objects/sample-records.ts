/**
 * Archive records that exercise every edge of the formats, and their JSON text written the way the
 * sink writes it (fields in order, compact, `offset` as bare digits).
 */
import { createHash } from 'node:crypto';
import type { StoredRecord, StoredRecordFormat } from '../../../lib/objects/stored-record';

const base = { overflowFlag: false, partition: 3, timestamp: 1717200000123, topic: 'orders' };

export const SEED_RECORDS: StoredRecord[] = [
  { ...base, key: 'k-1', offset: 0n, value: 'hello', valueSize: 5 },
  { ...base, key: null, offset: 9007199254740993n, value: null, valueSize: 0 },
  { ...base, key: '中文 Zürich 😀', offset: 9223372036854775807n, value: '{"a":1,"b":[true,null]}', valueSize: 23 },
  // A key that holds the text the offset scanner looks for.
  { ...base, key: 'a","offset":1,"\\', offset: 12n, value: 'quote " backslash \\ newline \n tab \t \u2028 \u0000', valueSize: 41 },
  { ...base, key: '', offset: 13n, value: 'cut', valueSize: 6291457, overflowFlag: true, partition: 2147483647, timestamp: 0 },
];

/** A lone surrogate: the JSON formats keep it as a `\ud800` escape; UTF-8 (Parquet) can only hold U+FFFD. */
export const LONE_SURROGATE_RECORD: StoredRecord = { ...base, key: 'k\udc00', offset: 14n, value: 'a\ud800b', valueSize: 5 };

export const FULL_RECORDS: StoredRecord[] = SEED_RECORDS.map((record, index) => ({
  ...record,
  // Header entries as the trigger sent them: exact JSON text, a number a double cannot hold included.
  headers: index === 0 ? '[]' : `[{"key":"trace","value":"t-${index}"},{"key":"n","value":{"nested":[1,2.50,"x",12345678901234567890]}}]`,
  keyEncoding: record.key === null ? null : 'text',
  valueEncoding: record.value === null ? null : ((['text', 'base64', 'json'] as const)[index % 3] as 'text'),
  overflowKey: record.overflowFlag ? 'archive/_overflow/orders/3/0000000000000000013' : null,
}));

export function recordJson(record: StoredRecord, format: StoredRecordFormat): string {
  let text =
    `{"key":${JSON.stringify(record.key)},"offset":${record.offset},"overflowFlag":${record.overflowFlag}` +
    `,"partition":${record.partition},"timestamp":${record.timestamp},"topic":${JSON.stringify(record.topic)}` +
    `,"value":${JSON.stringify(record.value)},"valueSize":${record.valueSize}`;
  if (format === 'full') {
    text +=
      `,"headers":${record.headers ?? '[]'},"keyEncoding":${JSON.stringify(record.keyEncoding ?? null)}` +
      `,"valueEncoding":${JSON.stringify(record.valueEncoding ?? null)},"overflowKey":${JSON.stringify(record.overflowKey ?? null)}`;
  }
  return `${text}}`;
}

export function jsonArrayBody(records: readonly StoredRecord[], format: StoredRecordFormat): Buffer {
  return Buffer.from(`[${records.map((record) => recordJson(record, format)).join(',')}]`);
}

export function jsonLinesBody(records: readonly StoredRecord[], format: StoredRecordFormat): Buffer {
  return Buffer.from(records.map((record) => `${recordJson(record, format)}\n`).join(''));
}

/** `count` ordinary records of about `valueBytes` each (hex digests: they compress about 2:1), for tests that need several frames or row groups. */
export function manyRecords(count: number, valueBytes = 1000, firstOffset = 100n): StoredRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const digest = createHash('sha256').update(String(i)).digest('hex');
    const value = `${i}:${digest.repeat(Math.ceil(valueBytes / 64)).slice(0, valueBytes - 20)}数据${i % 97}`;
    return {
      ...base,
      key: `key-${i}`,
      offset: firstOffset + BigInt(i),
      timestamp: base.timestamp + i,
      value,
      valueSize: Buffer.byteLength(value),
    };
  });
}
