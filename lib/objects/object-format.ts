/**
 * @module What an object key's extension says about its body. `compression` is the whole-body
 * compression: Parquet compresses inside the file, column by column, so its objects are `none`.
 */

export type ObjectFormat = 'json' | 'jsonl' | 'parquet';
export type ObjectCompression = 'none' | 'gzip' | 'zstd';

export interface ObjectFormatOfKey {
  format: ObjectFormat;
  compression: ObjectCompression;
  extension: string;
}

const COMPRESSION_SUFFIX: Record<ObjectCompression, string> = { none: '', gzip: '.gz', zstd: '.zst' };

/** Every extension an archive object can have. */
export const OBJECT_FORMATS: readonly ObjectFormatOfKey[] = [
  ...(['json', 'jsonl'] as const).flatMap((format) =>
    (['none', 'gzip', 'zstd'] as const).map((compression) => ({
      format,
      compression,
      extension: `.${format}${COMPRESSION_SUFFIX[compression]}`,
    })),
  ),
  { format: 'parquet', compression: 'none', extension: '.parquet' },
];

export function objectFormatOf(key: string): ObjectFormatOfKey | undefined {
  const format = OBJECT_FORMATS.find(({ extension }) => key.endsWith(extension));
  return format && { ...format };
}

/** The extension of an object in `format`, its body compressed with `compression` (ignored for Parquet). */
export function objectExtension(format: ObjectFormat, compression: ObjectCompression): string {
  return format === 'parquet' ? '.parquet' : `.${format}${COMPRESSION_SUFFIX[compression]}`;
}
