/**
 * @module One JSON object per line, the form the log service indexes field by field (see the README's
 * "Logs"). Every line passes through the redactor, so a secret that reaches a message by accident is
 * still never printed.
 */
import type { Redactor } from './redactor';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
/** Where finished lines go: one call per line, without the line break. */
export type LogWrite = (level: LogLevel, line: string) => void;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. the request id) to every line it writes. */
  child(fields: LogFields): Logger;
}

/** Keys every line has, in this order, ahead of the bound and the call's own fields. */
const LEADING_KEYS = ['time', 'level', 'message', 'event'] as const;

/**
 * A line reads `{"time":…,"level":…,"message":…,"event":…,<bound fields>,<call fields>}`. `message`
 * is the sentence a person reads: the call's `message` field when it gives one, else the event name.
 * A field named like a leading key cannot replace it.
 */
export function createJsonLogger(write: LogWrite, redactor: Redactor, bound: LogFields = {}, now: () => Date = () => new Date()): Logger {
  const log =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      const time = now().toISOString();
      const { message, ...rest } = { ...bound, ...fields };
      for (const key of LEADING_KEYS) delete rest[key];
      const leading = { time, level, message: typeof message === 'string' && message !== '' ? message : event, event };
      write(level, redactor.redact(serialize({ ...leading, ...rest }, leading)));
    };
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createJsonLogger(write, redactor, { ...bound, ...fields }, now),
  };
}

/** Logging must never throw: fields that cannot be serialized (a cycle, say) are named, not written. */
function serialize(line: LogFields, leading: LogFields): string {
  try {
    return JSON.stringify(line, bigintAsString);
  } catch (error) {
    return JSON.stringify({ ...leading, logError: `the fields of this line could not be written: ${(error as Error).message}` });
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
