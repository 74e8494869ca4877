import type { ContextCredentials } from '../config/credentials';

/** The parts of Function Compute's invocation context the sink reads. */
export interface FcContext {
  requestId?: string;
  credentials?: ContextCredentials;
  function?: {
    name?: string;
    /** Seconds the invocation may run. */
    timeout?: number;
  };
  region?: string;
}
