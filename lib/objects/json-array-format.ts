import type { ArchiveRecord } from '../records/archive-record';
import type { RecordFormat } from './record-format';

/** The seed's format: one UTF-8 JSON array of records, each with its fields in alphabetical order. */
export const jsonArrayFormat: RecordFormat = {
  extension: '.json',
  contentType: 'application/json; charset=utf-8',
  encode(records) {
    // JSON.stringify of the whole array is the fastest encoder, but it writes numbers as doubles:
    // an offset beyond 2^53 is written digit by digit instead.
    const text = records.every(hasSafeOffset)
      ? JSON.stringify(records.map(withNumberOffset))
      : `[${records.map(encodeRecordExactly).join(',')}]`;
    return Buffer.from(text, 'utf8');
  },
};

const MAX_SAFE_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

function hasSafeOffset(record: ArchiveRecord): boolean {
  return record.offset <= MAX_SAFE_OFFSET;
}

function withNumberOffset(record: ArchiveRecord) {
  return {
    key: record.key,
    offset: Number(record.offset),
    overflowFlag: record.overflowFlag,
    partition: record.partition,
    timestamp: record.timestamp,
    topic: record.topic,
    value: record.value,
    valueSize: record.valueSize,
  };
}

export function encodeRecordExactly(record: ArchiveRecord): string {
  return (
    `{"key":${JSON.stringify(record.key)}` +
    `,"offset":${record.offset}` +
    `,"overflowFlag":${record.overflowFlag}` +
    `,"partition":${record.partition}` +
    `,"timestamp":${record.timestamp}` +
    `,"topic":${JSON.stringify(record.topic)}` +
    `,"value":${JSON.stringify(record.value)}` +
    `,"valueSize":${record.valueSize}}`
  );
}
