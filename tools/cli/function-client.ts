/** What the commands need from FC, the same for both API versions. */
export interface FunctionClient {
  /** "FC 3.0" or "FC 2.0", for output and messages. */
  readonly api: string;
  getFunction(): Promise<FunctionSettings>;
  updateFunction(change: FunctionChange): Promise<FunctionSettings>;
  /** A synchronous invocation. FC reports a failed run as a 200 with `x-fc-error-type`, not as an error. */
  invoke(event: Buffer): Promise<Invocation>;
  listTriggers(): Promise<TriggerSummary[]>;
}

export interface FunctionSettings {
  name: string;
  runtime?: string;
  handler?: string;
  memorySize?: number;
  cpu?: number;
  timeout?: number;
  lastModifiedTime?: string;
  state?: string;
}

export interface FunctionChange {
  memorySize?: number;
  timeout?: number;
  cpu?: number;
}

export interface Invocation {
  requestId?: string;
  /** Set when the function failed (crashed, threw, timed out). */
  errorType?: string;
  body: string;
}

export interface TriggerSummary {
  name: string;
  type: string;
  /** triggerConfig parsed (FC 3.0 sends it as a JSON string, FC 2.0 as an object). */
  config?: unknown;
  sourceArn?: string;
  status?: string;
}

/**
 * How long to wait for FC's answer. An invocation lasts as long as the function runs, and the
 * function may be configured for minutes; the SDKs' defaults (10-60 s) would give up first.
 */
export const RESPONSE_TIMEOUT_MS = 15 * 60 * 1000;

/** Trigger listings are paged; a function has a handful of triggers, so this bound only stops a runaway loop. */
export const MAX_TRIGGER_PAGES = 20;
