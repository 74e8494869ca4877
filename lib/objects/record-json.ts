/**
 * @module A record as compact JSON text, fields in the archive's order. Written field by field so
 * that an offset beyond 2^53 keeps all its digits and the headers go out exactly as delivered.
 */
import type { ArchiveRecord, RecordFormatName } from '../records/archive-record';

export function recordJson(record: ArchiveRecord, format: RecordFormatName): string {
  const seed =
    `{"key":${JSON.stringify(record.key)}` +
    `,"offset":${record.offset}` +
    `,"overflowFlag":${record.overflowFlag}` +
    `,"partition":${record.partition}` +
    `,"timestamp":${record.timestamp}` +
    `,"topic":${JSON.stringify(record.topic)}` +
    `,"value":${JSON.stringify(record.value)}` +
    `,"valueSize":${record.valueSize}`;
  if (format === 'seed') return `${seed}}`;
  return (
    `${seed},"headers":${record.headers}` +
    `,"keyEncoding":${JSON.stringify(record.keyEncoding)}` +
    `,"valueEncoding":${JSON.stringify(record.valueEncoding)}` +
    `,"overflowKey":${JSON.stringify(record.overflowKey)}}`
  );
}
