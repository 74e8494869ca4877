import type { ArchiveRecord } from '../records/archive-record';
import type { RecordFormat } from './record-format';

/**
 * The seed's format: one UTF-8 JSON array of records, each with its fields in alphabetical order.
 * Written by hand rather than with JSON.stringify so that an int64 offset keeps all its digits.
 */
export const jsonArrayFormat: RecordFormat = {
  extension: '.json',
  contentType: 'application/json; charset=utf-8',
  encode(records) {
    return Buffer.from(`[${records.map(encodeRecord).join(',')}]`, 'utf8');
  },
};

function encodeRecord(record: ArchiveRecord): string {
  return (
    `{"key":${record.key === null ? 'null' : JSON.stringify(record.key)}` +
    `,"offset":${record.offset}` +
    `,"overflowFlag":${record.overflowFlag}` +
    `,"partition":${record.partition}` +
    `,"timestamp":${record.timestamp}` +
    `,"topic":${JSON.stringify(record.topic)}` +
    `,"value":${record.value === null ? 'null' : JSON.stringify(record.value)}` +
    `,"valueSize":${record.valueSize}}`
  );
}
