/** @module How much memory a process of the run took at most. */
import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set. Linux's VmHWM counts this program only; getrusage's maxRSS
 * also counts the memory of the parent it was forked from, until it ran its own program.
 */
export function peakRss(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib !== undefined) return Number(kib) * 1024;
  } catch {
    // Not Linux: the resident set now is what there is.
  }
  return process.memoryUsage().rss;
}
