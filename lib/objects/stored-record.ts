/** The two record formats: the seed's eight fields, or those and what a faithful replay also needs. */
export type StoredRecordFormat = 'seed' | 'full';

/** A record as the archive holds it. The first eight fields are the seed's, in this order; the rest only in the `full` record format. */
export interface StoredRecord {
  key: string | null;
  /** int64, exact. */
  offset: bigint;
  overflowFlag: boolean;
  /** int32. */
  partition: number;
  /** Epoch milliseconds. */
  timestamp: number;
  topic: string;
  value: string | null;
  /** UTF-8 bytes of the whole value, also when `value` holds only a prefix of it. */
  valueSize: number;
  /** full only: the trigger's header entries, kept exactly as delivered (any JSON). */
  headers?: unknown[];
  /** full only; null when key is null. */
  keyEncoding?: 'text' | null;
  /** full only; null when value is null. */
  valueEncoding?: 'text' | 'base64' | 'json' | null;
  /** full only: the object holding the whole value. */
  overflowKey?: string | null;
}
