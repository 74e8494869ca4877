/** @module What one simulated trigger did, counted as it runs. */
import type { WindowClose } from './batch-window';
import type { FailureCause } from './failure-cause';

export interface TriggerStats {
  /** Invocations of the function (each push, retries included). */
  pushes: number;
  succeeded: number;
  failed: number;
  /** Pushes of a batch after its first. */
  retries: number;
  /** Failed pushes, by cause. */
  failures: Partial<Record<FailureCause, number>>;
  /** Batches written to the dead-letter file after their last retry failed (errorsTolerance ALL). */
  deadLettered: number;
  /** The same, by the cause of the last failure. */
  deadLetteredBy: Partial<Record<FailureCause, number>>;
  /** Partitions that stopped after a batch's last retry failed (errorsTolerance NONE). */
  blocked: number;
  restarts: number;
  /** Restarts that came after a batch succeeded and before its offsets were committed. */
  restartsBeforeCommit: number;
  /** Restarts after which a re-read batch had other boundaries than the one pushed before. */
  restartsWithNewBoundaries: number;
  /** Messages pushed again because a consumer re-read them after a restart. */
  reread: number;
  /** Messages whose offsets were committed. */
  committed: number;
  /** How batch windows closed. */
  windows: Record<WindowClose, number>;
}

export function emptyTriggerStats(): TriggerStats {
  return {
    pushes: 0,
    succeeded: 0,
    failed: 0,
    retries: 0,
    failures: {},
    deadLettered: 0,
    deadLetteredBy: {},
    blocked: 0,
    restarts: 0,
    restartsBeforeCommit: 0,
    restartsWithNewBoundaries: 0,
    reread: 0,
    committed: 0,
    windows: { count: 0, time: 0, bytes: 0 },
  };
}
