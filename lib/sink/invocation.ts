/** @module The FC context, read once per invocation into what the sink needs of it. */
import { DEFAULT_TIMEOUT_SECONDS, type FcContext } from '../platform/fc';

export interface Invocation {
  requestId: string | undefined;
  /** The function role's keys for this invocation, if FC passed them. */
  credentials: FcContext['credentials'];
  /** When the invocation started (epoch ms). */
  started: number;
  /** Epoch ms by which every OSS request must be done, leaving time to report before FC stops the function. */
  deadline: number;
}

/** Time kept back from the function's timeout: a tenth of it, at most 3 s. */
const MAX_REPORT_MARGIN_MS = 3000;

export function readInvocation(context: FcContext, now: number = Date.now()): Invocation {
  const timeoutMs = (context.function?.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return {
    requestId: context.requestId,
    credentials: context.credentials,
    started: now,
    deadline: now + timeoutMs - Math.min(MAX_REPORT_MARGIN_MS, timeoutMs / 10),
  };
}
