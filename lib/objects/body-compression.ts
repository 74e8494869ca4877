/**
 * @module Whole-object compression of the JSON formats (`.json.gz`, `.jsonl.zst`, …).
 *
 * Deterministic, because a redelivered batch is recognised by its object's MD5: the output depends
 * only on the bytes, never on how they are split into chunks. zstd is compressed in frames of
 * ZSTD_FRAME_INPUT_BYTES each (gzip in one member), so the zstd WebAssembly heap stays at its
 * initial 16 MiB however large the object; readers take concatenated frames as one body (checked:
 * the zstd CLI, DuckDB, decompressBody). gzip output comes from Node's zlib: the same for a given Node build,
 * but not promised across Node versions (zstd's comes from the WebAssembly in the bundle).
 *
 * compressBody is asynchronous so that compressing one object does not stall the uploads of
 * others: gzip runs on libuv's thread pool, and zstd yields to the event loop between frames.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { codecs } from './codec-loader';
import { GZIP_LEVEL } from './compression-levels';
import { BodyFormatError } from './object-decode-error';

export type BodyCodec = 'gzip' | 'zstd';

/**
 * Measured on 32 MiB of JSON records: the ratio within 1 % of one frame's (about 10 % lower on very
 * repetitive text), the WebAssembly heap at 16 MiB instead of 77 MiB.
 */
export const ZSTD_FRAME_INPUT_BYTES = 4 * 1024 * 1024;

export async function compressBody(chunks: readonly Buffer[], codec: BodyCodec): Promise<Buffer[]> {
  return codec === 'gzip' ? gzip(chunks) : zstdFrames(chunks);
}

/** The bytes of a compressed body: every gzip member or zstd frame, one after the other. Throws BodyFormatError. */
export function decompressBody(bytes: Buffer, codec: BodyCodec): Buffer {
  return codec === 'gzip' ? gunzip(bytes) : codecs().zstdDecompress(bytes);
}

async function gzip(chunks: readonly Buffer[]): Promise<Buffer[]> {
  const stream = createGzip({ level: GZIP_LEVEL, chunkSize: 64 * 1024 });
  const output = (async () => {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return parts;
  })();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return output;
}

async function zstdFrames(chunks: readonly Buffer[]): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (const slice of slices(chunks, ZSTD_FRAME_INPUT_BYTES)) {
    if (frames.length > 0) await nextTurn();
    frames.push(codecs().zstdCompressFrame(slice));
  }
  return frames;
}

/** The bytes of `chunks` cut into runs of `size` (the last may be shorter; at least one run), as views. */
function* slices(chunks: readonly Buffer[], size: number): Generator<Buffer[]> {
  let slice: Buffer[] = [];
  let room = size;
  let yielded = false;
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      const part = chunk.subarray(at, at + room);
      slice.push(part);
      at += part.length;
      room -= part.length;
      if (room === 0) {
        yield slice;
        yielded = true;
        slice = [];
        room = size;
      }
    }
  }
  if (slice.length > 0 || !yielded) yield slice;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function gunzip(bytes: Buffer): Buffer {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new BodyFormatError(`it is not gzip data: it begins ${bytes.subarray(0, 4).toString('hex') || 'empty'}, not 1f8b`);
  }
  try {
    return gunzipSync(bytes);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'Z_BUF_ERROR') throw new BodyFormatError('the gzip data ends too early (is it cut short?)');
    throw new BodyFormatError(`the gzip data is damaged (zlib: ${message})`);
  }
}
