/**
 * @module zstd: the reference C library compiled to WebAssembly (@bokuweb/zstd-wasm), its .wasm
 * carried inside the bundle. Node 20's zlib has no zstd, and native bindings need a newer glibc
 * than FC's nodejs20 runtime has. Output depends only on the input and the library version, not
 * on the machine or the Node version, so a redelivered batch compresses to the same bytes.
 *
 * The WebAssembly heap grows to the largest input plus output handled at once and never shrinks:
 * callers keep each call to a bounded slice (compressBody does).
 */
import wasmBytes from '../../node_modules/@bokuweb/zstd-wasm/dist/common/zstd.wasm';
import { Module } from '../../node_modules/@bokuweb/zstd-wasm/dist/common/zstd.js';
import { BodyFormatError } from './object-decode-error';
import { zstdFrameAt } from './zstd-frames';

/** zstd's default level. Measured on JSON records: 2–3× the speed of gzip -6, output 10–20 % larger. */
export const ZSTD_LEVEL = 3;

/** The WebAssembly API as used here: Node has it, @types/node 20 does not declare it. */
interface WasmInstance {
  exports: object;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

/** The part of the Emscripten module used here. */
interface ZstdModule {
  HEAPU8: Uint8Array;
  calledRun?: boolean;
  instantiateWasm?: (imports: object, receiveInstance: (instance: WasmInstance) => void) => object;
  init(): void;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _ZSTD_compressBound(bytes: number): number;
  _ZSTD_compress(destination: number, capacity: number, source: number, bytes: number, level: number): number;
  _ZSTD_decompress(destination: number, capacity: number, source: number, bytes: number): number;
  _ZSTD_isError(result: number): number;
}

/** zstd's error codes (zstd_errors.h) that a damaged or foreign input can produce. */
const ERROR_NAMES: Record<number, string> = {
  10: 'unknown frame header',
  12: 'unsupported zstd version',
  14: 'unsupported frame parameter',
  16: 'window too large',
  20: 'corrupted data',
  22: 'checksum mismatch',
  24: 'bad literals header',
  32: 'needs a dictionary',
  64: 'out of memory',
  70: 'content larger than its header states',
  72: 'wrong source size',
};

let instance: ZstdModule | undefined;

function zstd(): ZstdModule {
  if (instance) return instance;
  const module = Module as ZstdModule;
  // The package's own init() reads zstd.wasm from its folder (absent from a bundle) and
  // instantiates asynchronously. Compiling the bundled bytes synchronously (about 2 ms) keeps
  // every call below a plain function call.
  module.instantiateWasm = (imports, receiveInstance) => {
    const compiled = new wasm.Instance(new wasm.Module(wasmBytes), imports);
    receiveInstance(compiled);
    return compiled.exports;
  };
  module.init();
  if (!module.calledRun) throw new Error('the zstd WebAssembly module did not start');
  instance = module;
  return module;
}

/** One zstd frame of `parts`, concatenated: each is copied straight into the WebAssembly heap, never joined in JS. */
export function zstdCompressFrame(parts: readonly Uint8Array[]): Buffer {
  const z = zstd();
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const capacity = z._ZSTD_compressBound(size);
  return withHeap(z, size, capacity, (source, destination) => {
    let at = source;
    for (const part of parts) {
      z.HEAPU8.set(part, at);
      at += part.length;
    }
    const written = checked(z, z._ZSTD_compress(destination, capacity, source, size, ZSTD_LEVEL), 'compress');
    return Buffer.from(z.HEAPU8.subarray(destination, destination + written));
  });
}

/**
 * All frames of `bytes` (concatenated frames included, skippable frames skipped), decompressed
 * one at a time so that the WebAssembly heap holds one frame, not the whole input.
 */
export function zstdDecompress(bytes: Uint8Array): Buffer {
  const frames: Array<{ start: number; end: number; contentBytes: number }> = [];
  let exactTotal = 0;
  let allExact = true;
  for (let start = 0; start < bytes.length; ) {
    const frame = zstdFrameAt(bytes, start);
    if ('needBytes' in frame) {
      throw new BodyFormatError(
        `the zstd data ends inside the frame at byte ${start}: ${frame.needBytes - bytes.length} more bytes expected (is it cut short?)`,
      );
    }
    if (!frame.skippable) frames.push({ start, end: frame.end, contentBytes: frame.contentBytes });
    exactTotal += frame.contentBytes;
    allExact &&= frame.contentBytesExact;
    start = frame.end;
  }
  if (frames.length === 0) throw new BodyFormatError('the zstd data holds no frame');

  const parts = frames.map(({ start, end, contentBytes }) => zstdDecompressFrame(bytes.subarray(start, end), contentBytes, start));
  if (allExact && parts.length === 1) return parts[0] as Buffer;
  return Buffer.concat(parts, allExact ? exactTotal : undefined);
}

/** One frame, into at most `capacity` bytes. `at` (where the frame sits in its object) is for error messages. */
export function zstdDecompressFrame(frame: Uint8Array, capacity: number, at = 0): Buffer {
  const z = zstd();
  return withHeap(z, frame.length, capacity, (source, destination) => {
    z.HEAPU8.set(frame, source);
    const written = checked(z, z._ZSTD_decompress(destination, capacity, source, frame.length), `decompress the frame at byte ${at}`);
    return Buffer.from(z.HEAPU8.subarray(destination, destination + written));
  });
}

function withHeap<T>(z: ZstdModule, sourceBytes: number, destinationBytes: number, use: (source: number, destination: number) => T): T {
  const source = z._malloc(Math.max(1, sourceBytes));
  const destination = z._malloc(Math.max(1, destinationBytes));
  try {
    if (source === 0 || destination === 0) {
      throw new Error(`zstd could not allocate ${sourceBytes + destinationBytes} bytes of WebAssembly memory`);
    }
    return use(source, destination);
  } finally {
    z._free(source);
    z._free(destination);
  }
}

function checked(z: ZstdModule, result: number, action: string): number {
  if (!z._ZSTD_isError(result)) return result;
  const code = -(result | 0);
  throw new BodyFormatError(`zstd could not ${action}: ${ERROR_NAMES[code] ?? `error ${code}`}`);
}
