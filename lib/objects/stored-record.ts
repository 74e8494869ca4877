/** @module A record as the archive holds it and a reader gets it back: in either record format. */
import type { ArchiveRecord } from '../records/archive-record';

/** The seed's eight fields always; the full format's four only when the object has them. */
export type StoredRecord = Omit<ArchiveRecord, FullFormatField> & Partial<Pick<ArchiveRecord, FullFormatField>>;
type FullFormatField = 'headers' | 'keyEncoding' | 'valueEncoding' | 'overflowKey';

/** The two record formats: the seed's eight fields, or those and what a faithful replay also needs. */
export type { RecordFormatName as StoredRecordFormat } from '../records/archive-record';
