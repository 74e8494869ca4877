import { OPERATION_NAMES, type OperationName } from './operation-names';

/** What the server does instead of (or before) answering a matching request. */
export type Fault =
  /** Answer with this error and store nothing. Without emptyBody the body is OSS error XML with code and message. */
  | { status: number; code?: string; message?: string; emptyBody?: boolean }
  /**
   * Drop the connection without answering: before doing anything, or after the request took effect in full
   * (the object stored, the part uploaded, the upload completed, the keys deleted): a lost response.
   */
  | { reset: 'before-store' | 'after-store' }
  /** Wait, then handle the request normally (with a client timeout this produces a timeout). */
  | { delayMs: number };

export interface FaultRule {
  /** HTTP method to match (PUT, GET, HEAD, DELETE, POST); any when omitted. */
  method?: string;
  /** OSS operation to match, e.g. 'UploadPart' or 'CompleteMultipartUpload'; any when omitted. */
  operation?: OperationName;
  bucket?: string;
  /** Exact object key ('' for bucket operations such as DeleteMultipleObjects), or a pattern tested against it; any when omitted. */
  key?: string | RegExp;
  /** How many matching requests the fault applies to before the rule is used up. */
  times: number;
  fault: Fault;
}

/** Faults waiting to be injected. Rules are tried in the order added; a used-up rule disappears. */
export interface FaultRules {
  add(rule: FaultRule): void;
  clear(): void;
  /** Rules not yet used up: 0 once every added fault has fired. */
  readonly pending: number;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'InvalidArgument',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  409: 'OperationConflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function defaultErrorCode(status: number): string {
  return DEFAULT_CODES[status] ?? 'InternalError';
}

/** What a fault rule is matched against. */
export interface FaultTarget {
  method: string;
  bucket: string;
  key: string;
  /** Undefined for a request the server does not offer. */
  operation: OperationName | undefined;
}

interface ActiveRule {
  method: string | undefined;
  operation: OperationName | undefined;
  bucket: string | undefined;
  key: string | RegExp | undefined;
  remaining: number;
  fault: Fault;
}

export class FaultList implements FaultRules {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) {
      throw new Error(`Fault rule: times must be a positive integer; got ${String(rule.times)}.`);
    }
    if (rule.operation !== undefined && !(OPERATION_NAMES as readonly string[]).includes(rule.operation)) {
      throw new Error(
        `Fault rule: operation "${String(rule.operation)}" is not one this server offers; use one of ${OPERATION_NAMES.join(', ')}.`,
      );
    }
    checkFault(rule.fault);
    this.rules.push({
      method: rule.method?.toUpperCase(),
      operation: rule.operation,
      bucket: rule.bucket,
      key: rule.key,
      remaining: rule.times,
      fault: { ...rule.fault },
    });
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.length;
  }

  /** The fault for this request, if a rule matches; counts the use. */
  take(target: FaultTarget): Fault | undefined {
    const index = this.rules.findIndex((rule) => matches(rule, target));
    const rule = this.rules[index];
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules.splice(index, 1);
    return rule.fault;
  }
}

function matches(rule: ActiveRule, { method, bucket, key, operation }: FaultTarget): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.operation !== undefined && rule.operation !== operation) return false;
  if (rule.bucket !== undefined && rule.bucket !== bucket) return false;
  if (rule.key === undefined) return true;
  if (typeof rule.key === 'string') return rule.key === key;
  rule.key.lastIndex = 0;
  return rule.key.test(key);
}

function checkFault(fault: Fault): void {
  if ('status' in fault) {
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
      throw new Error(`Fault rule: status must be an HTTP error status from 400 to 599; got ${String(fault.status)}.`);
    }
  } else if ('reset' in fault) {
    if (fault.reset !== 'before-store' && fault.reset !== 'after-store') {
      throw new Error(`Fault rule: reset must be "before-store" or "after-store"; got ${JSON.stringify(fault.reset)}.`);
    }
  } else if ('delayMs' in fault) {
    if (!Number.isFinite(fault.delayMs) || fault.delayMs < 0) {
      throw new Error(`Fault rule: delayMs must be a non-negative number of milliseconds; got ${String(fault.delayMs)}.`);
    }
  } else {
    throw new Error(
      `Fault rule: fault must be { status }, { reset: 'before-store' | 'after-store' } or { delayMs }; got ${JSON.stringify(fault)}.`,
    );
  }
}
