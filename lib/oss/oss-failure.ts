/**
 * What an ali-oss error means for the sink. ali-oss reports a network error as status -1, a
 * timeout either as status -2 or as a ResponseTimeoutError with no status, and a 503 with an
 * empty body without a code, so the class is decided on status and name, not on the code alone.
 */
export interface OssFailure {
  transient: boolean;
  /** HTTP status, or undefined when no response came back. */
  status?: number;
  /** OSS error code (`AccessDenied`, …) or the client's error name for failures without a response. */
  code: string;
  requestId?: string;
  message: string;
}

const TIMEOUT_NAMES = new Set(['ResponseTimeoutError', 'ConnectionTimeoutError', 'RequestTimeoutError', 'TimeoutError']);

export function describeOssFailure(error: unknown): OssFailure {
  const err = (error ?? {}) as { status?: unknown; code?: unknown; name?: unknown; requestId?: unknown; message?: unknown };
  const status = typeof err.status === 'number' ? err.status : undefined;
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const code = typeof err.code === 'string' && err.code !== '' ? err.code : name;
  const requestId = typeof err.requestId === 'string' && err.requestId !== '' ? err.requestId : undefined;
  const message = typeof err.message === 'string' ? firstSentence(err.message) : String(error);
  const httpStatus = status !== undefined && status > 0 ? status : undefined;

  const transient =
    status === -1 || status === -2 || TIMEOUT_NAMES.has(name) || (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429));
  return { transient, status: httpStatus, code, requestId, message };
}

/** ali-oss appends advice and URLs after the first clause; the log wants the fact only. */
function firstSentence(message: string): string {
  return message.split(', please ')[0]?.trim() ?? message;
}

export function formatOssFailure(failure: OssFailure): string {
  const parts = [failure.status ? `HTTP ${failure.status} ${failure.code}` : failure.code];
  if (failure.requestId) parts.push(`request id ${failure.requestId}`);
  return `${parts.join(', ')}: ${failure.message}`;
}
