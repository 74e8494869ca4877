import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { PARQUET_CODECS, PARQUET_COMPRESSORS, type ParquetCodec } from './parquet-codecs';
import { parquetColumnData, parquetSchema } from './parquet-columns';
import type { StoredRecord, StoredRecordFormat } from './stored-record';

export interface ParquetOptions {
  recordFormat: StoredRecordFormat;
  /** The column codec. */
  codec: ParquetCodec;
}

/** Written into every file's footer. Without a version, so that the same records give the same bytes after an upgrade too, as far as the writer allows. */
export const PARQUET_CREATED_BY = 'kafka-oss-sink';

/** A ParquetWriter for archive records, writing to `writer`. */
export function archiveParquetWriter(writer: ByteWriter, options: ParquetOptions): ParquetWriter {
  return new ParquetWriter({
    writer,
    schema: parquetSchema(options.recordFormat),
    codec: PARQUET_CODECS[options.codec],
    compressors: PARQUET_COMPRESSORS,
    createdBy: PARQUET_CREATED_BY,
  });
}

/**
 * One Parquet file of the records, in one row group (see parquet-columns.ts for the columns).
 * Deterministic: the same records and options give the same bytes.
 */
export function encodeParquet(records: readonly StoredRecord[], options: ParquetOptions): Buffer {
  const writer = new ByteWriter();
  const parquet = archiveParquetWriter(writer, options);
  if (records.length > 0) {
    parquet.write({ columnData: parquetColumnData(records, options.recordFormat), rowGroupSize: records.length });
  }
  parquet.finish();
  // A copy of the written bytes alone: the writer's buffer grows by doubling, up to twice their size.
  return Buffer.from(writer.getBuffer());
}
