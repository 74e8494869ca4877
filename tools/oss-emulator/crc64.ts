// CRC-64/XZ (the variant OSS calls crc64ecma): ECMA-182 polynomial, reflected, init and xorout all ones.
const REFLECTED_POLY = 0xc96c5795d7870f42n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = Array.from({ length: 256 }, (_, n) => {
  let crc = BigInt(n);
  for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ REFLECTED_POLY : crc >> 1n;
  return crc;
});

// Split into 32-bit halves: bigint arithmetic per byte is ~50x slower than number arithmetic.
const TABLE_HI = Uint32Array.from(TABLE, (v) => Number(v >> 32n));
const TABLE_LO = Uint32Array.from(TABLE, (v) => Number(v & 0xffffffffn));

/** Incremental CRC-64/XZ: feed chunks with update(), read the decimal string OSS puts in x-oss-hash-crc64ecma. */
export class Crc64 {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(chunk: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < chunk.length; i++) {
      const index = (lo ^ chunk[i]!) & 0xff;
      const shiftedLo = ((lo >>> 8) | (hi << 24)) >>> 0;
      const shiftedHi = hi >>> 8;
      lo = (shiftedLo ^ TABLE_LO[index]!) >>> 0;
      hi = (shiftedHi ^ TABLE_HI[index]!) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  digest(): string {
    const value = ((BigInt(this.hi) << 32n) | BigInt(this.lo)) ^ MASK;
    return value.toString();
  }
}

export function crc64(data: Uint8Array): string {
  return new Crc64().update(data).digest();
}
