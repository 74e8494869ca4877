/**
 * @module The heavy codecs: zstd (the reference library as WebAssembly, ~350 KB) and Parquet
 * (hyparquet). A function's code package holds them in a file of their own beside the handler
 * (codecs.js), loaded by codec-loader.ts the first time a setting or an archived object needs one,
 * so a function that writes JSON, plain or gzip, never loads them and starts faster.
 */
export { decodeParquet } from './parquet-decoder';
export { encodeParquet } from './parquet-encoder';
export { ParquetStreamWriter } from './parquet-stream-writer';
export { zstdCompressFrame, zstdDecompress } from './zstd';
export { zstdDecompressStream } from './zstd-stream';
