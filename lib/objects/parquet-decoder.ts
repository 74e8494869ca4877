import { type FileMetaData, parquetMetadata, parquetReadObjects } from 'hyparquet';
import { PARQUET_DECOMPRESSORS } from './parquet-codecs';
import { parquetColumns } from './parquet-columns';
import { BodyFormatError } from './object-decode-error';
import type { StoredRecord, StoredRecordFormat } from './stored-record';

/**
 * The records of an archive Parquet file (either record format, any of its codecs). Checks first
 * that the file has the archive's columns with their types, so that a foreign file is named as
 * such rather than read wrong. Throws BodyFormatError.
 */
export async function decodeParquet(body: Buffer): Promise<StoredRecord[]> {
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(body);
  } catch (error) {
    throw new BodyFormatError(`it is not a readable Parquet file (${(error as Error).message})`);
  }
  const format = recordFormatOf(metadata);

  let rows: Array<Record<string, unknown>>;
  try {
    rows = await parquetReadObjects({
      file: { byteLength: body.length, slice: (start, end) => arrayBufferOf(body.subarray(start, end)) },
      metadata,
      compressors: PARQUET_DECOMPRESSORS,
      // Epoch milliseconds, whatever unit the writer chose (DuckDB writes microseconds).
      parsers: {
        timestampFromMilliseconds: (millis: bigint) => Number(millis),
        timestampFromMicroseconds: (micros: bigint) => Number(micros / 1000n),
        timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1_000_000n),
      },
    });
  } catch (error) {
    throw new BodyFormatError(`its data cannot be read (${(error as Error).message})`);
  }
  return rows.map((row, index) => (format === 'full' ? fullRecord(row, index) : seedRecord(row)));
}

function recordFormatOf(metadata: FileMetaData): StoredRecordFormat {
  const present = new Map(metadata.schema.slice(1).map((element) => [element.name, element]));
  const format: StoredRecordFormat = present.has('headers') ? 'full' : 'seed';
  for (const { element } of parquetColumns(format)) {
    const found = present.get(element.name);
    if (!found) throw new BodyFormatError(`it is not an archive Parquet file: it has no column "${element.name}"`);
    if (found.type !== element.type) {
      throw new BodyFormatError(`it is not an archive Parquet file: column "${element.name}" is ${found.type}, not ${element.type}`);
    }
  }
  return format;
}

function seedRecord(row: Record<string, unknown>): StoredRecord {
  return {
    key: (row.key as string | undefined) ?? null,
    offset: row.offset as bigint,
    overflowFlag: row.overflowFlag as boolean,
    partition: row.partition as number,
    timestamp: row.timestamp as number,
    topic: row.topic as string,
    value: (row.value as string | undefined) ?? null,
    valueSize: Number(row.valueSize as bigint),
  };
}

function fullRecord(row: Record<string, unknown>, index: number): StoredRecord {
  const record = seedRecord(row);
  const headers = row.headers as string | null | undefined;
  if (headers !== null && headers !== undefined) record.headers = headersJson(headers, index);
  record.keyEncoding = (row.keyEncoding as StoredRecord['keyEncoding']) ?? null;
  record.valueEncoding = (row.valueEncoding as StoredRecord['valueEncoding']) ?? null;
  record.overflowKey = (row.overflowKey as string | undefined) ?? null;
  return record;
}

/** The headers column holds the entries' exact JSON text; it only has to be JSON. */
function headersJson(text: string, index: number): string {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new BodyFormatError(`row ${index}: "headers" is not JSON (${(error as Error).message})`);
  }
  return text;
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
