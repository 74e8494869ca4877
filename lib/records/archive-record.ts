import type { KafkaMessage } from '../payload/kafka-message';
import { utf8Prefix } from './utf8-prefix';

/**
 * One record of the archive, in the seed's format. The fields are declared in the order they are
 * written (alphabetical, as the legacy connector wrote them).
 */
export interface ArchiveRecord {
  key: string | null;
  offset: bigint;
  /** True when `value` holds only a prefix of the message's value. */
  overflowFlag: boolean;
  partition: number;
  timestamp: number;
  topic: string;
  value: string | null;
  /** UTF-8 byte length of the whole original value; 0 for a null value. */
  valueSize: number;
}

/**
 * Builds the archive record of a message, cutting a value longer than `maxValueBytes` UTF-8 bytes
 * to its longest whole-character prefix that fits.
 */
export function toArchiveRecord(message: KafkaMessage, maxValueBytes: number): ArchiveRecord {
  const { value } = message;
  const byteLength = value === null ? 0 : Buffer.byteLength(value, 'utf8');
  const overflow = byteLength > maxValueBytes;
  const alreadyTruncated = message.truncatedFromBytes !== undefined;
  return {
    key: message.key,
    offset: message.offset,
    overflowFlag: overflow || alreadyTruncated,
    partition: message.partition,
    timestamp: message.timestamp,
    topic: message.topic,
    value: overflow ? utf8Prefix(value as string, maxValueBytes) : value,
    valueSize: alreadyTruncated ? Math.max(message.truncatedFromBytes as number, byteLength) : byteLength,
  };
}
