/**
 * @module Why an invocation failed, in the terms of the run: an instance lost (killed), an outage's
 * refusals, OSS faults that outlasted the function's retries — all injected — or an error of the
 * function itself, which no injected fault explains.
 */

export type FailureCause = 'instance lost' | 'outage (403 AccessDenied)' | 'OSS faults outlasted the retries' | `function error: ${string}`;

/** Whether the failure comes from the function, not from a fault the run injected. */
export function isFunctionError(cause: FailureCause): boolean {
  return cause.startsWith('function error: ');
}

export function failureCause(failure: { lost: boolean; errorName?: string; error?: string }): FailureCause {
  if (failure.lost) return 'instance lost';
  if (failure.errorName === 'StoreError') {
    return failure.error?.includes('AccessDenied') ? 'outage (403 AccessDenied)' : 'OSS faults outlasted the retries';
  }
  return `function error: ${failure.errorName ?? 'Error'}: ${(failure.error ?? '').slice(0, 120)}`;
}
