/**
 * @module Seeded randomness (sfc32), so that a run is repeatable from its seed: the same messages,
 * the same faults in the same order. Each stream is named, so adding draws to one (a new fault
 * kind, say) leaves the others as they were.
 */
import { createCipheriv, createHash } from 'node:crypto';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream named by `parts` (e.g. the run's seed, a topic, a partition). */
  constructor(...parts: Array<string | number>) {
    const digest = createHash('sha256').update(parts.join('\u0000')).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
  }

  /** A number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [choice, weight] of choices) {
      at -= weight;
      if (at < 0) return choice;
    }
    return (choices[choices.length - 1] as readonly [T, number])[0];
  }

  /** `length` bytes: AES-CTR keyed from this stream, as fast for megabytes as for a few. */
  bytes(length: number): Buffer {
    const key = Buffer.allocUnsafe(32);
    for (let i = 0; i < 32; i += 4) key.writeUInt32LE((this.next() * 4294967296) >>> 0, i);
    return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16)).update(Buffer.alloc(length));
  }
}
