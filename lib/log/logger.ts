/**
 * @module One JSON object per line, the form FC's log service indexes field by field. Every line
 * passes through the redactor, so a secret that reaches a message by accident is still never printed.
 */
import type { Redactor } from './redactor';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. the request id) to every line it writes. */
  child(fields: LogFields): Logger;
}

export function createJsonLogger(write: (level: LogLevel, line: string) => void, redactor: Redactor, bound: LogFields = {}): Logger {
  const log =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      write(level, redactor.redact(JSON.stringify({ level, event, ...bound, ...fields }, bigintAsString)));
    };
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createJsonLogger(write, redactor, { ...bound, ...fields }),
  };
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
