/**
 * @module How records become one object's bytes: the output format (the seed's JSON array, JSON
 * lines, or Parquet), its compression, and the extension that says both. Every body is a pure
 * function of its records, so a redelivered batch makes the same bytes.
 */
import type { RecordFormatName } from '../records/archive-record';
import { compressBody } from './body-compression';
import { codecs } from './codec-loader';
import { type CompressionName, objectExtension, type OutputFormatName } from './object-extension';
import type { Entry } from './partition-batch';
import { type Frame, framedBody, RecordChunks } from './record-chunks';
import { recordJson } from './record-json';

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
const COMPRESSED_TYPES = { gzip: 'application/gzip', zstd: 'application/zstd' } as const;

export function objectFormat(output: OutputFormatName, compression: CompressionName, recordFormat: RecordFormatName): ObjectFormat {
  const shared = { output, compression, recordFormat, extension: objectExtension(output, compression) };
  if (output === 'parquet') {
    const codec = compression;
    return {
      ...shared,
      contentType: CONTENT_TYPES.parquet,
      body: async (entries) => [codecs().encodeParquet(entries.map(recordOf), { recordFormat, codec })],
    };
  }
  const frame = FRAMES[output];
  return {
    ...shared,
    contentType: compression === 'none' ? CONTENT_TYPES[output] : COMPRESSED_TYPES[compression],
    async body(entries) {
      // A record whose value was spilled is written from the record itself: where its whole value went is known only now.
      const chunks = new RecordChunks();
      const views = entries.map((entry) =>
        entry.record !== undefined ? chunks.write(recordJson(entry.record, recordFormat)) : viewOf(entry),
      );
      const framed = framedBody(views, frame);
      return compression === 'none' ? framed : compressBody(framed, compression);
    },
  };
}

function recordOf(entry: Entry) {
  if (entry.record === undefined) throw new Error('Parquet output needs the records kept (keepRecords)');
  return entry.record;
}

function viewOf(entry: Entry) {
  if (entry.view === undefined) throw new Error('JSON output needs the records encoded');
  return entry.view;
}
