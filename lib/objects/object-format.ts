/**
 * @module How records become one object's bytes: the output format (the seed's JSON array, JSON
 * lines, or Parquet), its compression, and the extension that says both.
 */
import { gzipSync } from 'node:zlib';
import type { RecordFormatName } from '../records/archive-record';
import type { Entry } from './partition-batch';
import { type Frame, framedBody } from './record-chunks';

export const OUTPUT_FORMATS = ['json', 'jsonl', 'parquet'] as const;
export type OutputFormatName = (typeof OUTPUT_FORMATS)[number];
export const COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSIONS)[number];

export interface ObjectFormat {
  readonly output: OutputFormatName;
  readonly compression: CompressionName;
  readonly recordFormat: RecordFormatName;
  /** Appended to every records object's key, e.g. `.json` or `.jsonl.gz`. */
  readonly extension: string;
  readonly contentType: string;
  /** The body of an object holding `entries`, which are in offset order. */
  body(entries: readonly Entry[]): Promise<Buffer[]>;
}

const FRAMES: Record<'json' | 'jsonl', Frame> = {
  json: { start: '[', separator: ',', end: ']' },
  jsonl: { start: '', separator: '\n', end: '\n' },
};
const CONTENT_TYPES: Record<OutputFormatName, string> = {
  json: 'application/json; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};
const COMPRESSED_TYPES: Record<Exclude<CompressionName, 'none'>, string> = { gzip: 'application/gzip', zstd: 'application/zstd' };
const COMPRESSED_EXTENSIONS: Record<CompressionName, string> = { none: '', gzip: '.gz', zstd: '.zst' };

export function objectFormat(output: OutputFormatName, compression: CompressionName, recordFormat: RecordFormatName): ObjectFormat {
  if (output === 'parquet') throw new Error('Parquet output is not available in this build');
  const frame = FRAMES[output];
  return {
    output,
    compression,
    recordFormat,
    extension: `.${output}${COMPRESSED_EXTENSIONS[compression]}`,
    contentType: compression === 'none' ? CONTENT_TYPES[output] : COMPRESSED_TYPES[compression],
    async body(entries) {
      const framed = framedBody(
        entries.map((entry) => entry.view as NonNullable<Entry['view']>),
        frame,
      );
      return compression === 'none' ? framed : [compress(framed, compression)];
    },
  };
}

function compress(body: Buffer[], compression: Exclude<CompressionName, 'none'>): Buffer {
  if (compression === 'gzip') return gzipSync(Buffer.concat(body));
  throw new Error('zstd is not available in this build');
}
