/** What one invocation did; the handler resolves with it as JSON, and the log line carries its counts. */
export interface BatchSummary {
  records: number;
  objects: number;
  bytes: number;
  created: number;
  alreadyStored: number;
  conflicts: number;
  truncatedValues: number;
  duplicateOffsets: number;
  retries: number;
  durationMs: number;
  written: WrittenObject[];
}

export interface WrittenObject {
  key: string;
  records: number;
  bytes: number;
  /** `created` by this invocation, or `already-stored` by an earlier delivery of the batch. */
  outcome: 'created' | 'already-stored';
  /** Set when the key held other bytes: this batch's bytes were kept here instead. */
  conflictKey?: string;
}

export type BatchCounts = Omit<BatchSummary, 'written'>;
