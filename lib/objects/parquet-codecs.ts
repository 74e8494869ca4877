/**
 * @module The column codecs of archive Parquet files. hyparquet brings only Snappy; zstd is the
 * bundle's WebAssembly zstd (one frame per page, pages are about 1 MiB), gzip is Node's zlib.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CompressionCodec, Compressors as Decompressors } from 'hyparquet';
import type { ParquetWriteOptions } from 'hyparquet-writer';
import { GZIP_LEVEL } from './compression-levels';
import { zstdCompressFrame, zstdDecompressFrame } from './zstd';

export type ParquetCodec = 'zstd' | 'gzip' | 'none';

export const PARQUET_CODECS: Record<ParquetCodec, CompressionCodec> = { zstd: 'ZSTD', gzip: 'GZIP', none: 'UNCOMPRESSED' };

export const PARQUET_COMPRESSORS: NonNullable<ParquetWriteOptions['compressors']> = {
  ZSTD: (input) => zstdCompressFrame([input]),
  GZIP: (input) => gzipSync(input, { level: GZIP_LEVEL }),
};

export const PARQUET_DECOMPRESSORS: Decompressors = {
  ZSTD: (input, outputLength) => zstdDecompressFrame(input, outputLength),
  GZIP: (input) => gunzipSync(input),
};
