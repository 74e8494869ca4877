import { BodyFormatError } from './object-decode-error';
import { zstdDecompressFrame } from './zstd';
import { type ByteSource, zstdFrameAt } from './zstd-frames';

/**
 * The decompressed content of a stream of zstd frames, one frame at a time, as soon as each has
 * all arrived: memory holds one frame and its content, whatever the length of the stream. A frame
 * is joined into one buffer only once complete; until then its headers are read across the chunks.
 */
export async function* zstdDecompressStream(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const held = new HeldBytes();
  let needBytes = 1;
  for await (const chunk of source) {
    held.push(chunk);
    while (held.length >= needBytes) {
      const frame = zstdFrameAt(held, 0);
      if ('needBytes' in frame) {
        needBytes = frame.needBytes;
        break;
      }
      const at = held.position;
      const bytes = held.take(frame.end);
      if (!frame.skippable) yield zstdDecompressFrame(bytes, frame.contentBytes, at);
      needBytes = 1;
    }
  }
  if (held.length > 0) {
    throw new BodyFormatError(
      `the zstd data ends inside the frame at byte ${held.position}: ${needBytes - held.length} more bytes expected (is it cut short?)`,
    );
  }
}

/** Chunks in arrival order, read by index from the first byte not yet taken. */
class HeldBytes implements ByteSource {
  private chunks: Buffer[] = [];
  /** Index of each chunk's first byte. */
  private starts: number[] = [];
  length = 0;
  /** Bytes taken so far: where the held bytes sit in the whole stream. */
  position = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.starts.push(this.length);
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  at(index: number): number | undefined {
    if (index < 0 || index >= this.length) return undefined;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return (this.chunks[low] as Buffer)[index - (this.starts[low] as number)];
  }

  /** Removes and returns the first `bytes` bytes. */
  take(bytes: number): Buffer {
    const parts: Buffer[] = [];
    let wanted = bytes;
    while (wanted > 0) {
      const chunk = this.chunks[0] as Buffer;
      if (chunk.length <= wanted) {
        parts.push(chunk);
        this.chunks.shift();
        wanted -= chunk.length;
      } else {
        parts.push(chunk.subarray(0, wanted));
        this.chunks[0] = chunk.subarray(wanted);
        wanted = 0;
      }
    }
    this.length -= bytes;
    this.position += bytes;
    this.starts = [];
    let start = 0;
    for (const chunk of this.chunks) {
      this.starts.push(start);
      start += chunk.length;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, bytes);
  }
}
