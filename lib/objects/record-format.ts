import type { ArchiveRecord } from '../records/archive-record';

/** How a batch of records becomes the bytes of one object. */
export interface RecordFormat {
  /** Appended to every object key, e.g. `.json`. */
  readonly extension: string;
  readonly contentType: string;
  encode(records: readonly ArchiveRecord[]): Buffer;
}
