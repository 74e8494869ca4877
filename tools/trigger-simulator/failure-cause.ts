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

/** The cause of an error the function threw (its name and message). */
export function failureCause(errorName: string | undefined, message: string): FailureCause {
  if (errorName === 'StoreError')
    return message.includes('AccessDenied') ? 'outage (403 AccessDenied)' : 'OSS faults outlasted the retries';
  return `function error: ${errorName ?? 'Error'}: ${message.slice(0, 120)}`;
}
