/**
 * @module What the archive commands are given besides their options, and how they hand back
 * problems with the command line: an OptionError is exit code 2.
 */
import { MAX_PARTITION, parseOffset } from '../../lib/platform/kafka';

/** process.stdout fits; export writes bytes to it and waits for 'drain' when it is full. */
export interface OutputStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
}

export interface CommandIo {
  stdout: OutputStream;
  stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal: then a progress line is drawn there. */
  isTTY: boolean;
  /** Aborted by Ctrl-C: the command stops, cleans up and resolves. */
  signal: AbortSignal;
}

/** A wrong option: says which and what it takes. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
  readonly exitCode = 2;
}

/** Options arrive as the command line gave them (strings) or already converted; both are checked here. */
export type OptionValue = string | number | bigint;

export function partitionOption(name: string, value: OptionValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d{1,10}$/.test(text) || Number(text) > MAX_PARTITION) {
    throw new OptionError(`${name} ${JSON.stringify(text)} must be a partition number from 0 to ${MAX_PARTITION}`);
  }
  return Number(text);
}

export function offsetOption(name: string, value: OptionValue | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const offset = parseOffset(String(value));
  if (offset === undefined) throw new OptionError(`${name} ${JSON.stringify(String(value))} must be an offset: digits, at most 2^63-1`);
  return offset;
}

/** ISO 8601 with at least a date (`2026-11-24`, `2026-11-24T10:00:00Z`, `…+08:00`), a Date, or epoch milliseconds. */
export function timeOption(name: string, value: string | number | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : /^\d{4}-\d{2}-\d{2}/.test(value)
          ? Date.parse(value)
          : NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new OptionError(`${name} ${JSON.stringify(String(value))} must be an ISO 8601 time, e.g. 2026-11-24T10:00:00Z or 2026-11-24`);
  }
  return ms;
}

export function oneOfOption<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(`${name} ${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
}
