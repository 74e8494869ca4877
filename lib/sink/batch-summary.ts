/** What one invocation did; the handler resolves with it as JSON, and the log line carries its counts. */
export interface BatchSummary {
  /** Messages in the batch (an offset delivered twice counted once). */
  records: number;
  /** Record objects the batch maps to: written now, or found already stored. */
  objects: number;
  /** Bytes written by this invocation. */
  bytes: number;
  created: number;
  alreadyStored: number;
  /** Objects kept in `_conflicts/` because their offsets already held other content. */
  conflicts: number;
  /** Records already archived (by an earlier delivery), not written again. */
  alreadyArchivedRecords: number;
  truncatedValues: number;
  /** Truncated values stored whole in `_overflow/`. */
  spilledValues: number;
  /** Elements that were not Kafka messages, set aside in `_errors/`. */
  rejectedElements: number;
  duplicateOffsets: number;
  retries: number;
  /** OSS requests made, by kind. */
  requests: { put: number; list: number; get: number };
  durationMs: number;
  written: WrittenObject[];
}

export interface WrittenObject {
  key: string;
  kind: 'records' | 'conflicts' | 'overflow' | 'errors' | 'index';
  records: number;
  bytes: number;
  /** `created` by this invocation, or `already-stored` by an earlier delivery of the batch. */
  outcome: 'created' | 'already-stored';
  /** Set when the key held other bytes: this object's bytes were kept here instead. */
  conflictKey?: string;
}

export type BatchCounts = Omit<BatchSummary, 'written'>;
