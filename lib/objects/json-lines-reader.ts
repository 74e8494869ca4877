/**
 * @module Records of a `.jsonl` object read as a stream, for jobs that read objects larger than
 * they want to hold: the decoded text is never held whole, only a chunk and one line at a time.
 * The compression is told by the first bytes (gzip, zstd, or none). gzip streams through zlib;
 * zstd is decompressed frame by frame, so memory holds one frame (4 MiB of text in the sink's
 * objects; a foreign object written as one large frame is held whole).
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JsonLinesParser } from './json-lines-parser';
import { BodyFormatError, ObjectDecodeError } from './object-decode-error';
import type { StoredRecord } from './stored-record';
import { codecs } from './codec-loader';

/** Throws ObjectDecodeError naming `key` (or "the JSON-lines stream") and the line or byte at fault. */
export async function* readJsonLines(chunks: AsyncIterable<Buffer>, key = 'the JSON-lines stream'): AsyncIterable<StoredRecord> {
  const parser = new JsonLinesParser();
  try {
    for await (const text of decompressed(chunks)) yield* parser.push(text);
    parser.end();
  } catch (error) {
    if (error instanceof BodyFormatError) throw new ObjectDecodeError(key, error.message, { cause: error });
    throw error;
  }
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

async function* decompressed(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (!ended && headBytes < ZSTD_MAGIC.length) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else {
        head.push(next.value);
        headBytes += next.value.length;
      }
    }
    const peek = Buffer.alloc(ZSTD_MAGIC.length);
    let peeked = 0;
    for (const chunk of head) peeked += chunk.copy(peek, peeked, 0, peek.length - peeked);
    const all = async function* () {
      yield* head;
      for (let next = ended ? undefined : await iterator.next(); next && !next.done; next = await iterator.next()) yield next.value;
    };
    if (peek.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) yield* gunzipped(all());
    else if (peek.equals(ZSTD_MAGIC)) yield* codecs().zstdDecompressStream(all());
    else yield* all();
  } finally {
    await iterator.return?.();
  }
}

async function* gunzipped(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // On any failure pipeline destroys the gunzip stream with the error, which the loop then throws.
  const gunzip = pipeline(Readable.from(source), createGunzip(), () => {});
  try {
    for await (const text of gunzip) yield text as Buffer;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'Z_BUF_ERROR') throw new BodyFormatError('the gzip data ends too early (is it cut short?)');
    if (code?.startsWith('Z_')) throw new BodyFormatError(`the gzip data is damaged (zlib: ${message})`);
    throw error;
  }
}
