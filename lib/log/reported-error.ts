import type { LogFields, Logger } from './logger';
import type { Redactor } from './redactor';

/**
 * Logs a failed invocation's error once, as `event`, with its problems as a field, and returns it
 * for FC to report. The error leaves the function whole (FC serializes it), so its message and its
 * problems are redacted in place.
 */
export function reportedError(error: unknown, logger: Logger, redactor: Redactor, event: string, fields: LogFields = {}): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  err.message = redactor.redact(err.message);
  const problems = (err as { problems?: unknown }).problems;
  if (Array.isArray(problems)) problems.splice(0, problems.length, ...problems.map((problem) => redactor.redact(String(problem))));
  logger.error(event, { error: err.name, message: err.message, ...(Array.isArray(problems) ? { problems } : {}), ...fields });
  return err;
}
