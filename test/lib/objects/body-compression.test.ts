import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { compressBody, decompressBody, ZSTD_FRAME_INPUT_BYTES } from '../../../lib/objects/body-compression';
import { BodyFormatError } from '../../../lib/objects/object-decode-error';
import { zstdFrameAt } from '../../../lib/objects/zstd-frames';

/** Text that compresses like records do: repetitive structure, varying content. */
function recordText(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `{"key":"k-${i}","offset":${1000 + i},"value":"${(i * 7919).toString(36)} 数据 ${'x'.repeat(i % 50)}"}\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

function md5(parts: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** The same bytes, cut into pieces of irregular sizes. */
function pieces(bytes: Buffer, sizes: number[]): Buffer[] {
  const result: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    result.push(bytes.subarray(at, at + size));
    at += size;
  }
  return result;
}

function zstdFrameCount(bytes: Buffer): number {
  let count = 0;
  for (let at = 0; at < bytes.length; count++) {
    const frame = zstdFrameAt(bytes, at);
    if ('needBytes' in frame) throw new Error('incomplete frame');
    at = frame.end;
  }
  return count;
}

describe.each(['gzip', 'zstd'] as const)('compressBody with %s', (codec) => {
  const text = recordText(ZSTD_FRAME_INPUT_BYTES * 2 + 12345);

  it('round-trips through decompressBody', async () => {
    const compressed = Buffer.concat(await compressBody([text], codec));
    expect(compressed.length).toBeLessThan(text.length / 3);
    expect(decompressBody(compressed, codec).equals(text)).toBe(true);
  });

  it('gives the same bytes however the body is cut into chunks', async () => {
    const whole = md5(await compressBody([text], codec));
    expect(md5(await compressBody(pieces(text, [1, 7, 65536, 3_000_001]), codec))).toBe(whole);
    expect(md5(await compressBody(pieces(text, [ZSTD_FRAME_INPUT_BYTES]), codec))).toBe(whole);
  });

  it('gives the same bytes from a fresh module as from one that has compressed before', async () => {
    const used = md5(await compressBody([text], codec));
    let fresh = '';
    await jest.isolateModulesAsync(async () => {
      const isolated = await import('../../../lib/objects/body-compression');
      fresh = md5(await isolated.compressBody([text], codec));
    });
    expect(fresh).toBe(used);
  });

  it('round-trips an empty body', async () => {
    const compressed = Buffer.concat(await compressBody([], codec));
    expect(compressed.length).toBeGreaterThan(0);
    expect(decompressBody(compressed, codec).length).toBe(0);
  });

  it('decompresses concatenated members or frames into one body', async () => {
    const first = Buffer.concat(await compressBody([Buffer.from('{"a":1}\n')], codec));
    const second = Buffer.concat(await compressBody([Buffer.from('{"b":2}\n')], codec));
    expect(decompressBody(Buffer.concat([first, second, first]), codec).toString()).toBe('{"a":1}\n{"b":2}\n{"a":1}\n');
  });
});

describe('zstd bodies', () => {
  it('are frames of at most ZSTD_FRAME_INPUT_BYTES of input each, so the WebAssembly heap stays bounded', async () => {
    const text = recordText(ZSTD_FRAME_INPUT_BYTES * 2 + 1);
    const compressed = Buffer.concat(await compressBody(pieces(text, [1_000_000]), 'zstd'));
    expect(zstdFrameCount(compressed)).toBe(3);
    const exact = Buffer.concat(await compressBody([text.subarray(0, ZSTD_FRAME_INPUT_BYTES)], 'zstd'));
    expect(zstdFrameCount(exact)).toBe(1);
  });
});

describe('decompressBody', () => {
  const gzipped = gzipSync(Buffer.from('{"key":null}\n'.repeat(100)));

  it.each([
    ['gzip', gzipped.subarray(0, gzipped.length - 4), 'the gzip data ends too early (is it cut short?)'],
    ['gzip', Buffer.from('plain text'), 'it is not gzip data: it begins 706c6169, not 1f8b'],
    ['gzip', Buffer.alloc(0), 'it is not gzip data: it begins empty, not 1f8b'],
    ['gzip', Buffer.concat([gzipped, Buffer.from('trailing')]), 'the gzip data is damaged (zlib: incorrect header check)'],
    ['zstd', Buffer.from('plain text'), 'no zstd frame starts at byte 0 (it begins 0x69616c70, not 0xfd2fb528)'],
    ['zstd', Buffer.alloc(0), 'the zstd data holds no frame'],
  ] as const)('rejects bad %s data with a BodyFormatError saying what is wrong (%#)', (codec, bytes, message) => {
    expect(() => decompressBody(bytes, codec)).toThrow(new BodyFormatError(message));
  });

  it('names the byte where damaged zstd data goes wrong', async () => {
    const frames = Buffer.concat([
      ...(await compressBody([Buffer.from('first frame '.repeat(1000))], 'zstd')),
      ...(await compressBody([Buffer.from('second frame '.repeat(1000))], 'zstd')),
    ]);
    const firstEnd = (zstdFrameAt(frames, 0) as { end: number }).end;
    const damaged = Buffer.from(frames);
    damaged.fill(0xee, firstEnd + 8, firstEnd + 20);
    expect(() => decompressBody(damaged, 'zstd')).toThrow(BodyFormatError);
    expect(() => decompressBody(damaged, 'zstd')).toThrow(new RegExp(`byte ${firstEnd}\\b`));
  });
});
