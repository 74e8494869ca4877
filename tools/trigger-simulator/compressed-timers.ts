/**
 * @module Inside a function instance's process: the function's own waits (node:timers/promises,
 * which its OSS retries sleep with) made `compression` times shorter, so they keep pace with the
 * simulation's clock. Done to the module the bundle will require, before it loads; the function's
 * code is not touched.
 */
import { createRequire } from 'node:module';

type Timers = typeof import('node:timers/promises');

export function compressTimers(compression: number): void {
  const timers = createRequire(__filename)('node:timers/promises') as Timers;
  const original = timers.setTimeout;
  timers.setTimeout = ((delay?: number, value?: unknown, options?: Parameters<Timers['setTimeout']>[2]) =>
    original(delay === undefined ? delay : delay / compression, value, options)) as Timers['setTimeout'];
}
