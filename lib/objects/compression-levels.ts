/** gzip's level for every body and Parquet page the archive writes: zlib's default balance of size and speed. */
export const GZIP_LEVEL = 6;
