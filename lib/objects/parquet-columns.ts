/**
 * @module The Parquet columns of archived records, in this order:
 *
 *     column         Parquet type (logical type)                          DuckDB reads it as
 *     key            BYTE_ARRAY (STRING), optional                        VARCHAR
 *     offset         INT64                                                BIGINT
 *     overflowFlag   BOOLEAN                                              BOOLEAN
 *     partition      INT32                                                INTEGER
 *     timestamp      INT64 (TIMESTAMP(MILLIS, isAdjustedToUTC=true))      TIMESTAMP WITH TIME ZONE
 *     topic          BYTE_ARRAY (STRING)                                  VARCHAR
 *     value          BYTE_ARRAY (STRING), optional                        VARCHAR
 *     valueSize      INT64                                                BIGINT
 *   full record format only, all optional:
 *     headers        BYTE_ARRAY (STRING): the entries as compact JSON     VARCHAR
 *     keyEncoding    BYTE_ARRAY (STRING)                                  VARCHAR
 *     valueEncoding  BYTE_ARRAY (STRING)                                  VARCHAR
 *     overflowKey    BYTE_ARRAY (STRING)                                  VARCHAR
 *
 * Columns not marked optional are required (never null). Strings are UTF-8 (the payload reader
 * sets aside a message whose text UTF-8 cannot hold).
 */
import type { SchemaElement } from 'hyparquet';
import type { ColumnSource } from 'hyparquet-writer';
import type { StoredRecord, StoredRecordFormat } from './stored-record';

interface ParquetColumn {
  element: SchemaElement;
  /** The column's values, as hyparquet-writer takes them. */
  values(records: readonly StoredRecord[]): ColumnSource['data'];
}

function utf8(name: string, repetition: 'REQUIRED' | 'OPTIONAL'): SchemaElement {
  return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: repetition };
}

const SEED_COLUMNS: readonly ParquetColumn[] = [
  { element: utf8('key', 'OPTIONAL'), values: (records) => records.map((record) => record.key) },
  {
    element: { name: 'offset', type: 'INT64', repetition_type: 'REQUIRED' },
    values: (records) => BigInt64Array.from(records, (record) => record.offset),
  },
  {
    element: { name: 'overflowFlag', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
    values: (records) => records.map((record) => record.overflowFlag),
  },
  {
    element: { name: 'partition', type: 'INT32', repetition_type: 'REQUIRED' },
    values: (records) => Int32Array.from(records, (record) => record.partition),
  },
  {
    element: {
      name: 'timestamp',
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      repetition_type: 'REQUIRED',
    },
    values: (records) => BigInt64Array.from(records, (record) => BigInt(record.timestamp)),
  },
  { element: utf8('topic', 'REQUIRED'), values: (records) => records.map((record) => record.topic) },
  { element: utf8('value', 'OPTIONAL'), values: (records) => records.map((record) => record.value) },
  {
    element: { name: 'valueSize', type: 'INT64', repetition_type: 'REQUIRED' },
    values: (records) => BigInt64Array.from(records, (record) => BigInt(record.valueSize)),
  },
];

const FULL_COLUMNS: readonly ParquetColumn[] = [
  ...SEED_COLUMNS,
  {
    element: utf8('headers', 'OPTIONAL'),
    values: (records) => records.map((record) => record.headers ?? null),
  },
  { element: utf8('keyEncoding', 'OPTIONAL'), values: (records) => records.map((record) => record.keyEncoding ?? null) },
  { element: utf8('valueEncoding', 'OPTIONAL'), values: (records) => records.map((record) => record.valueEncoding ?? null) },
  { element: utf8('overflowKey', 'OPTIONAL'), values: (records) => records.map((record) => record.overflowKey ?? null) },
];

export function parquetColumns(format: StoredRecordFormat): readonly ParquetColumn[] {
  return format === 'full' ? FULL_COLUMNS : SEED_COLUMNS;
}

/** The file schema: a root, then one element per column. */
export function parquetSchema(format: StoredRecordFormat): SchemaElement[] {
  const columns = parquetColumns(format);
  return [{ name: 'root', num_children: columns.length }, ...columns.map((column) => column.element)];
}

export function parquetColumnData(records: readonly StoredRecord[], format: StoredRecordFormat): ColumnSource[] {
  return parquetColumns(format).map((column) => ({ name: column.element.name, data: column.values(records) }));
}
