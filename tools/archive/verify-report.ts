/** @module What verify finds, as data: the table and the JSON are both made from it. */
import type { PartitionReport } from './verify-partition';

export interface VerifyReport {
  ok: boolean;
  /** One sentence per kind of failure found. */
  failures: string[];
  archive: string;
  compactedPrefix?: string;
  partitions: PartitionReport[];
  /** `_errors/` objects: batch elements that were not Kafka messages, kept whole. */
  errorObjects: string[];
  /** Objects no key template places that could not be read. */
  unreadable: Array<{ key: string; problem: string }>;
  /** Objects under the prefix that are none of the archive's. */
  otherObjects: string[];
  objectsRead: number;
  bytes: number;
}
