/**
 * @module The layout of zstd frames (RFC 8878 §3.1), read without decompressing them: where each
 * frame ends and how large its content can be. The WebAssembly zstd decompresses one whole frame
 * into a buffer its caller sizes, so both are needed to read concatenated frames, and to read a
 * stream frame by frame without holding all of it.
 */
import { BodyFormatError } from './object-decode-error';

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames carry metadata that readers jump over: magic 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** A block never holds more than 128 KiB of content. */
const MAX_BLOCK_CONTENT = 128 * 1024;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4];
const CONTENT_SIZE_BYTES = [0, 2, 4, 8];
const RESERVED_BLOCK_TYPE = 3;
const RLE_BLOCK = 1;
const COMPRESSED_BLOCK = 2;

/** Bytes read by index: a Uint8Array, or chunks still arriving. */
export interface ByteSource {
  readonly length: number;
  at(index: number): number | undefined;
}

export interface ZstdFrameLayout {
  /** The index just past the frame. */
  end: number;
  /** Bytes of the frame's content: exact when the header states it, else an upper bound from its blocks. */
  contentBytes: number;
  contentBytesExact: boolean;
  /** A skippable frame: metadata with no content. */
  skippable: boolean;
}

/**
 * The frame that starts at `start`, or `{ needBytes }`: how many bytes from the beginning of
 * `bytes` must be there before its end can be found (the data is cut short, or has not all arrived).
 */
export function zstdFrameAt(bytes: ByteSource, start: number): ZstdFrameLayout | { needBytes: number } {
  if (bytes.length < start + 4) return { needBytes: start + 4 };
  const magic = littleEndian(bytes, start, 4);
  if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
    if (bytes.length < start + 8) return { needBytes: start + 8 };
    return frameEnd(bytes, start + 8 + littleEndian(bytes, start + 4, 4), { contentBytes: 0, contentBytesExact: true, skippable: true });
  }
  if (magic !== FRAME_MAGIC) {
    throw new BodyFormatError(`no zstd frame starts at byte ${start} (it begins 0x${magic.toString(16).padStart(8, '0')}, not 0xfd2fb528)`);
  }

  if (bytes.length < start + 5) return { needBytes: start + 5 };
  const descriptor = littleEndian(bytes, start + 4, 1);
  if (descriptor & 0x08) throw new BodyFormatError(`the zstd frame at byte ${start} sets a reserved header bit`);
  const contentSizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const hasChecksum = (descriptor >> 2) & 1;
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : (CONTENT_SIZE_BYTES[contentSizeFlag] as number);
  const contentSizeAt = start + 5 + (singleSegment ? 0 : 1) + (DICTIONARY_ID_BYTES[descriptor & 3] as number);
  let position = contentSizeAt + contentSizeBytes;
  if (bytes.length < position) return { needBytes: position };

  let blockBound = 0;
  for (let last = false; !last; ) {
    if (bytes.length < position + 3) return { needBytes: position + 3 };
    const header = littleEndian(bytes, position, 3);
    last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === RESERVED_BLOCK_TYPE) throw new BodyFormatError(`the zstd block at byte ${position} has the reserved block type`);
    blockBound += type === COMPRESSED_BLOCK ? MAX_BLOCK_CONTENT : size;
    position += 3 + (type === RLE_BLOCK ? 1 : size);
  }
  if (hasChecksum) position += 4;

  if (contentSizeBytes === 0) return frameEnd(bytes, position, { contentBytes: blockBound, contentBytesExact: false, skippable: false });
  return frameEnd(bytes, position, {
    contentBytes: contentSize(bytes, contentSizeAt, contentSizeBytes),
    contentBytesExact: true,
    skippable: false,
  });
}

function frameEnd(bytes: ByteSource, end: number, content: Omit<ZstdFrameLayout, 'end'>): ZstdFrameLayout | { needBytes: number } {
  return bytes.length < end ? { needBytes: end } : { end, ...content };
}

function contentSize(bytes: ByteSource, at: number, width: number): number {
  if (width === 2) return littleEndian(bytes, at, 2) + 256;
  if (width < 8) return littleEndian(bytes, at, width);
  const size = littleEndian(bytes, at, 4) + littleEndian(bytes, at + 4, 4) * 2 ** 32;
  if (size > Number.MAX_SAFE_INTEGER)
    throw new BodyFormatError(`a zstd frame claims more than ${Number.MAX_SAFE_INTEGER} bytes of content`);
  return size;
}

/** An unsigned little-endian integer of up to 4 bytes. */
function littleEndian(bytes: ByteSource, at: number, width: number): number {
  let value = 0;
  for (let i = width - 1; i >= 0; i--) value = value * 256 + (bytes.at(at + i) as number);
  return value;
}
