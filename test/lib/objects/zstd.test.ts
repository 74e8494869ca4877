import { zstdCompressFrame, zstdDecompress } from '../../../lib/objects/zstd';
import { zstdFrameAt } from '../../../lib/objects/zstd-frames';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function blockHeader(last: boolean, type: number, size: number): number[] {
  const header = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff];
}

/**
 * A frame written as a streaming compressor writes it, without its content size: a raw block and
 * an RLE block (10 × 'z'). Its content size must be bounded from its blocks.
 */
const UNSIZED_FRAME = Buffer.from([
  ...MAGIC,
  0x00, // frame header descriptor: no content size, not single-segment, no checksum, no dictionary
  0x50, // window descriptor: 2^(10+10) bytes
  ...blockHeader(false, 0, 5),
  ...Buffer.from('hello'),
  ...blockHeader(true, 1, 10),
  0x7a,
]);

/** Metadata a reader skips: magic 0x184D2A5?, a 4-byte length, then that many bytes. */
const SKIPPABLE_FRAME = Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);

describe('zstdFrameAt', () => {
  it('finds the end of a frame from its blocks and bounds an unstated content size', () => {
    expect(zstdFrameAt(UNSIZED_FRAME, 0)).toEqual({
      end: UNSIZED_FRAME.length,
      contentBytes: 15,
      contentBytesExact: false,
      skippable: false,
    });
  });

  it('reads the content size a frame states', () => {
    const frame = zstdCompressFrame([Buffer.from('x'.repeat(70_000))]);
    expect(zstdFrameAt(frame, 0)).toEqual({ end: frame.length, contentBytes: 70_000, contentBytesExact: true, skippable: false });
  });

  it('says how many bytes it needs when the frame has not all arrived', () => {
    expect(zstdFrameAt(UNSIZED_FRAME.subarray(0, 3), 0)).toEqual({ needBytes: 4 });
    expect(zstdFrameAt(UNSIZED_FRAME.subarray(0, 12), 0)).toEqual({ needBytes: 17 }); // through the next block header
    expect(zstdFrameAt(UNSIZED_FRAME.subarray(0, UNSIZED_FRAME.length - 1), 0)).toEqual({ needBytes: UNSIZED_FRAME.length });
  });

  it('recognises skippable frames', () => {
    expect(zstdFrameAt(SKIPPABLE_FRAME, 0)).toEqual({ end: 11, contentBytes: 0, contentBytesExact: true, skippable: true });
  });

  it('rejects the reserved block type', () => {
    const reserved = Buffer.from([...MAGIC, 0x00, 0x50, ...blockHeader(true, 3, 0)]);
    expect(() => zstdFrameAt(reserved, 0)).toThrow('the zstd block at byte 6 has the reserved block type');
  });
});

describe('zstdDecompress', () => {
  it('reads frames without a stated size, skips skippable frames, and joins all frames in order', () => {
    const sized = zstdCompressFrame([Buffer.from(' and more')]);
    expect(zstdDecompress(Buffer.concat([UNSIZED_FRAME, SKIPPABLE_FRAME, sized])).toString()).toBe('hellozzzzzzzzzz and more');
  });

  it('compresses many parts as one frame, as if they were one buffer', () => {
    const parts = [Buffer.from('ab'), Buffer.alloc(0), Buffer.from('c'.repeat(300_000))];
    const frame = zstdCompressFrame(parts);
    expect(frame.equals(zstdCompressFrame([Buffer.concat(parts)]))).toBe(true);
    expect(zstdDecompress(frame).equals(Buffer.concat(parts))).toBe(true);
  });
});
