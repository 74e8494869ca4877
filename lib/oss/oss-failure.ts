/**
 * @module What an ali-oss error means for the sink. ali-oss 6 reports every failure without a
 * response as a plain Error of status -1 (or -2) named RequestError or ResponseError, whatever
 * happened: the system's error code (ECONNREFUSED, ENOTFOUND, …) survives only inside the message,
 * which urllib extends with the request line, an agent-status dump and a `headers:` line. A timeout
 * (ResponseTimeoutError) has no status at all, and a 503 with an empty body has no code. So the
 * class is read from the status, the name and the message's first clause, and the message is cut
 * back to that clause.
 */

/** What kind of failure it was; decides how often it is worth trying again (retry.ts). */
export type FailureKind =
  /** OSS answered with an HTTP error. */
  | 'http'
  /** No connection could be made: refused, no route, or not within the connect timeout. */
  | 'unreachable'
  /** The host name does not exist (DNS ENOTFOUND). */
  | 'unresolved'
  /** The DNS lookup failed for now (EAI_AGAIN). */
  | 'dns-temporary'
  /** A connection was made but broke before the answer (reset, hang-up): e.g. a keep-alive socket gone stale while the instance was frozen. */
  | 'interrupted'
  /** No answer within the request timeout. */
  | 'timeout'
  /** Anything else: not an OSS or network failure. */
  | 'other';

export interface OssFailure {
  transient: boolean;
  /** HTTP status, or undefined when no response came back. */
  status?: number;
  /** OSS error code (`AccessDenied`, …), the system's error code (`ECONNREFUSED`, `ENOTFOUND`, …) or the client's error name. */
  code: string;
  requestId?: string;
  /** One line for people: what happened, without the client's advice or connection dumps. */
  message: string;
  kind?: FailureKind;
  /** Scheme and host the failed request went to (`https://bucket.oss-cn-hangzhou.aliyuncs.com`), when the client said. */
  endpoint?: string;
}

const TIMEOUT_NAMES = new Set(['ResponseTimeoutError', 'RequestTimeoutError', 'TimeoutError']);
const CONNECT_TIMEOUT_NAMES = new Set(['ConnectionTimeoutError', 'SocketAssignTimeoutError']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** `connect ECONNREFUSED 127.0.0.1:1`, `getaddrinfo ENOTFOUND host`, `read ECONNRESET`: a syscall and its error code. */
const SYSTEM_ERROR = /\b(connect|getaddrinfo|read|write|socket|queryA|queryAaaa) (E[A-Z_]+)\b/;
/** urllib appends `, PUT http://host/key -1 (connected: …` to the message of a failed request. */
const REQUEST_LINE = /, (?:GET|PUT|HEAD|POST|DELETE) (https?:\/\/[^/\s?]+)\S* -?\d+ \(/;

export function describeOssFailure(error: unknown): OssFailure {
  const err = (error ?? {}) as { status?: unknown; code?: unknown; name?: unknown; requestId?: unknown; message?: unknown };
  const status = typeof err.status === 'number' ? err.status : undefined;
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const requestId = typeof err.requestId === 'string' && err.requestId !== '' ? err.requestId : undefined;
  const fullMessage = typeof err.message === 'string' ? err.message : String(error);
  const endpoint = REQUEST_LINE.exec(fullMessage)?.[1];
  const clause = firstClause(fullMessage);
  const httpStatus = status !== undefined && status > 0 ? status : undefined;

  if (httpStatus !== undefined) {
    const code = typeof err.code === 'string' && err.code !== '' ? err.code : name;
    const transient = httpStatus >= 500 || httpStatus === 429;
    return withEndpoint({ transient, status: httpStatus, code, requestId, message: clause, kind: 'http' }, endpoint);
  }
  if (TIMEOUT_NAMES.has(name)) return withEndpoint({ transient: true, code: name, message: clause, kind: 'timeout' }, endpoint);
  if (CONNECT_TIMEOUT_NAMES.has(name)) return withEndpoint({ transient: true, code: name, message: clause, kind: 'unreachable' }, endpoint);
  if (status === -1 || status === -2) return networkFailure(name, clause, endpoint);
  const code = typeof err.code === 'string' && err.code !== '' ? err.code : name;
  return withEndpoint({ transient: false, code, requestId, message: clause, kind: 'other' }, endpoint);
}

function networkFailure(name: string, clause: string, endpoint: string | undefined): OssFailure {
  const [, syscall, systemCode] = SYSTEM_ERROR.exec(clause) ?? [];
  const where = endpoint ?? 'the OSS endpoint';
  const host = clause.split(' ').at(-1);
  const described = (transient: boolean, kind: FailureKind, message: string): OssFailure =>
    withEndpoint({ transient, code: systemCode ?? name, message, kind }, endpoint);

  if (systemCode === 'ENOTFOUND') return described(false, 'unresolved', `the host name ${host} does not resolve (DNS: ENOTFOUND)`);
  if (systemCode === 'EAI_AGAIN') return described(true, 'dns-temporary', `the DNS lookup of ${host} failed for now (EAI_AGAIN)`);
  if (syscall === 'connect' && systemCode === 'ECONNREFUSED') return described(true, 'unreachable', `${where} refused the connection`);
  if (syscall === 'connect' && systemCode === 'ETIMEDOUT')
    return described(true, 'unreachable', `${where} did not accept a connection in time`);
  if (syscall === 'connect' && systemCode !== undefined && UNREACHABLE_CODES.has(systemCode)) {
    return described(true, 'unreachable', `${where} cannot be reached (${clause})`);
  }
  return described(true, 'interrupted', `${clause} (${where})`);
}

function withEndpoint(failure: OssFailure, endpoint: string | undefined): OssFailure {
  return endpoint === undefined ? failure : { ...failure, endpoint };
}

/**
 * The fact only: the first line, without urllib's request line and agent status and without the
 * advice and links ali-oss appends (`…, please increase the timeout, see more details at https://…`).
 */
function firstClause(message: string): string {
  const [firstLine = ''] = message.split('\n');
  const request = REQUEST_LINE.exec(firstLine);
  const fact = request ? firstLine.slice(0, request.index) : firstLine;
  return fact.split(', please ')[0]?.trim() ?? fact;
}

export function formatOssFailure(failure: OssFailure): string {
  const parts = [failure.status ? `HTTP ${failure.status} ${failure.code}` : failure.code];
  if (failure.requestId) parts.push(`request id ${failure.requestId}`);
  return `${parts.join(', ')}: ${failure.message}`;
}
