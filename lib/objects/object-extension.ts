/**
 * @module What an object key's extension says about its body, and the other way round. Whole-body
 * compression applies to the JSON formats; Parquet compresses inside the file, column by column,
 * so its objects are `none` here and always end in `.parquet`.
 */

export const OUTPUT_FORMATS = ['json', 'jsonl', 'parquet'] as const;
export type OutputFormatName = (typeof OUTPUT_FORMATS)[number];
export const COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSIONS)[number];

export interface ObjectFormatOfKey {
  format: OutputFormatName;
  compression: CompressionName;
  extension: string;
}

const COMPRESSION_SUFFIX: Record<CompressionName, string> = { none: '', gzip: '.gz', zstd: '.zst' };

/** Every extension an archive object can have. */
export const OBJECT_FORMATS: readonly ObjectFormatOfKey[] = [
  ...(['json', 'jsonl'] as const).flatMap((format) =>
    COMPRESSIONS.map((compression) => ({ format, compression, extension: `.${format}${COMPRESSION_SUFFIX[compression]}` })),
  ),
  { format: 'parquet', compression: 'none', extension: '.parquet' },
];

export function objectFormatOf(key: string): ObjectFormatOfKey | undefined {
  const format = OBJECT_FORMATS.find(({ extension }) => key.endsWith(extension));
  return format && { ...format };
}

/** The extension of an object in `format`, its body compressed with `compression` (ignored for Parquet). */
export function objectExtension(format: OutputFormatName, compression: CompressionName): string {
  return format === 'parquet' ? '.parquet' : `.${format}${COMPRESSION_SUFFIX[compression]}`;
}
