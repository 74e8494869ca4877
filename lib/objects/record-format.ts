import type { ArchiveRecord } from '../records/archive-record';

/** How records become the bytes of one object: each record encoded alone, then framed. */
export interface RecordFormat {
  /** Appended to every object key, e.g. `.json`. */
  readonly extension: string;
  readonly contentType: string;
  /** ASCII text before the first record, between two records, and after the last. */
  readonly frame: { readonly start: string; readonly separator: string; readonly end: string };
  encodeRecord(record: ArchiveRecord): string;
}
