/**
 * One JSON object per line, the form FC's log service indexes field by field. Every line passes
 * through `redact`, so a secret that reaches a message by accident is still never printed.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers values (AccessKey secrets, STS tokens) that must never appear in output. */
  add(...values: Array<string | undefined>): void {
    for (const value of values) if (value && value.length >= 8) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }
}

export type LogLevel = 'info' | 'warn' | 'error';

export function createJsonLogger(write: (level: LogLevel, line: string) => void, redactor: Redactor): Logger {
  const log = (level: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => {
    write(level, redactor.redact(JSON.stringify({ level, event, ...fields }, bigintAsString)));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
