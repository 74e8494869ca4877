import type { ArchiveRecord } from '../records/archive-record';
import type { RecordFormat } from './record-format';

/**
 * The seed's format: one UTF-8 JSON array of records, each with its fields in alphabetical order.
 * Written field by field so that an offset beyond 2^53 keeps all its digits.
 */
export const jsonArrayFormat: RecordFormat = {
  extension: '.json',
  contentType: 'application/json; charset=utf-8',
  frame: { start: '[', separator: ',', end: ']' },
  encodeRecord(record: ArchiveRecord): string {
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
  },
};
