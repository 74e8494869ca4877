/**
 * @module A record as compact JSON text, fields in the archive's order. Written field by field so
 * that an offset beyond 2^53 keeps all its digits and the headers go out exactly as delivered.
 */
import type { ArchiveRecord, BuiltRecord, RecordFields, RecordFormatName } from '../records/archive-record';
import type { ChunkView, RecordChunks } from './record-chunks';

export function recordJson(record: ArchiveRecord, format: RecordFormatName): string {
  return `${beforeValue(record)}${JSON.stringify(record.value)}${afterValue(record, format)}`;
}

/** Writes the record's JSON into `chunks`, its value's JSON copied as it came when the message brought it. */
export function writeRecordJson(chunks: RecordChunks, built: BuiltRecord, format: RecordFormatName): ChunkView {
  const { fields, valueJson } = built;
  if (valueJson === undefined) return chunks.write(recordJson(built.record(), format));
  return chunks.writeAround(beforeValue(fields), valueJson, afterValue(fields, format));
}

function beforeValue(record: RecordFields): string {
  return (
    `{"key":${JSON.stringify(record.key)}` +
    `,"offset":${record.offset}` +
    `,"overflowFlag":${record.overflowFlag}` +
    `,"partition":${record.partition}` +
    `,"timestamp":${record.timestamp}` +
    `,"topic":${JSON.stringify(record.topic)}` +
    ',"value":'
  );
}

function afterValue(record: RecordFields, format: RecordFormatName): string {
  const seed = `,"valueSize":${record.valueSize}`;
  if (format === 'seed') return `${seed}}`;
  return (
    `${seed},"headers":${record.headers}` +
    `,"keyEncoding":${JSON.stringify(record.keyEncoding)}` +
    `,"valueEncoding":${JSON.stringify(record.valueEncoding)}` +
    `,"overflowKey":${JSON.stringify(record.overflowKey)}}`
  );
}
