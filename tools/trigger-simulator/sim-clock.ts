/**
 * @module The simulation's clock: virtual time that runs `compression` times faster than the wall
 * clock, so that the trigger's waits (batch windows of seconds, retries 10-20 s apart, a day of
 * exponential decay) take milliseconds.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class SimClock {
  private readonly started = performance.now();

  constructor(
    /** Virtual milliseconds per real millisecond. */
    readonly compression: number,
    private readonly signal?: AbortSignal,
  ) {
    if (!(compression >= 1)) throw new Error(`the clock's compression must be at least 1, got ${compression}`);
  }

  /** Virtual milliseconds since the simulation began. */
  now(): number {
    return (performance.now() - this.started) * this.compression;
  }

  /** Waits `virtualMs` of virtual time; rejects when the run is aborted. */
  async wait(virtualMs: number): Promise<void> {
    await sleep(Math.max(0, virtualMs / this.compression), undefined, this.signal ? { signal: this.signal } : {});
  }

  async until(virtualTime: number): Promise<void> {
    await this.wait(virtualTime - this.now());
  }

  /** Real milliseconds of a virtual span. */
  real(virtualMs: number): number {
    return virtualMs / this.compression;
  }
}
