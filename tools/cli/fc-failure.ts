import { CliError } from './cli-error';

/** What was being done when FC failed, so the message can say it. */
export interface FailureContext {
  /** e.g. "read function 'kafka-oss-sink'" */
  action: string;
  endpoint: string;
  /** Said when FC cannot find the function: where it was looked for, and what else to try. */
  notFoundHint: string;
}

interface FcErrorFacts {
  status?: number;
  code?: string;
  message?: string;
  requestId?: string;
}

/** Turns an error from either FC SDK into a message an operator can act on. */
export function fcFailure(error: unknown, context: FailureContext): CliError {
  const facts = errorFacts(error);
  const requestId = facts.requestId ? ` (request id ${facts.requestId})` : '';
  const said = facts.message ? `: ${facts.message}` : '';

  if (facts.status === undefined) {
    const reason = facts.code ?? (error instanceof Error ? error.message : String(error));
    return new CliError(
      `Could not ${context.action}: FC at ${context.endpoint} did not answer (${reason}). ` +
        'Check the region, your network, and --endpoint if you set one.',
    );
  }
  if (facts.status === 404 || /NotFound$/.test(facts.code ?? '')) {
    return new CliError(`Could not ${context.action}: ${facts.code ?? 'not found'}${said}${requestId}. ${context.notFoundHint}`);
  }
  if (facts.status === 401 || facts.status === 403) {
    return new CliError(
      `Could not ${context.action}: FC refused the credentials or the permission (${facts.code ?? facts.status}${said})${requestId}. ` +
        'Check that the AccessKey is valid and not expired, and that its RAM user or role may use this function (fc:* actions).',
    );
  }
  const answer = [facts.status, facts.code].filter((part) => part !== undefined).join(' ');
  return new CliError(`Could not ${context.action}: FC answered ${answer}${said}${requestId}.`);
}

function errorFacts(error: unknown): FcErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as { statusCode?: unknown; code?: unknown; requestId?: unknown; data?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';

  // FC 3.0 SDK: ClientError/ServerError with statusCode, code, requestId and the parsed body in data.
  if (typeof e.statusCode === 'number') {
    const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
    return {
      status: e.statusCode,
      code: stringOr(e.code),
      message: stringOr(data.Message) ?? stringOr(data.message) ?? stringOr(data.ErrorMessage),
      requestId: stringOr(e.requestId) ?? stringOr(data.RequestId),
    };
  }
  // FC 2.0 SDK: "<METHOD> <path> failed with <status>. requestid: <id>, message: <text>."
  const fc2 = /failed with (\d{3})\. requestid: ([^,]*), message: (.*)\.$/s.exec(message);
  if (fc2) {
    return { status: Number(fc2[1]), code: stringOr(e.code), requestId: stringOr(fc2[2]), message: stringOr(fc2[3]) };
  }
  return { code: stringOr(e.code) };
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' ? value : undefined;
}
