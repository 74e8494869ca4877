import type { KafkaMessage } from '../payload/kafka-message';
import { toArchiveRecord, type ArchiveRecord } from '../records/archive-record';
import { objectKey } from './object-key';
import type { RecordFormat } from './record-format';

/** The records of one topic-partition from one batch, and the object key they are stored under. */
export interface ArchiveObject {
  key: string;
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
  records: ArchiveRecord[];
  /** Messages left out because the batch carried their offset more than once. */
  duplicateOffsets: number;
}

export interface ObjectPlanOptions {
  prefix: string;
  maxValueBytes: number;
  format: RecordFormat;
}

/**
 * Groups a batch into one object per topic-partition, records in offset order. A redelivered
 * message inside one batch (same topic, partition and offset) is archived once: the first copy wins.
 */
export function planObjects(messages: readonly KafkaMessage[], options: ObjectPlanOptions): ArchiveObject[] {
  const byPartition = new Map<string, KafkaMessage[]>();
  for (const message of messages) {
    const id = `${message.partition}\u0000${message.topic}`;
    const group = byPartition.get(id);
    if (group) group.push(message);
    else byPartition.set(id, [message]);
  }

  const objects: ArchiveObject[] = [];
  for (const group of byPartition.values()) {
    group.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    const records: ArchiveRecord[] = [];
    let duplicateOffsets = 0;
    for (const message of group) {
      const previous = records[records.length - 1];
      if (previous && previous.offset === message.offset) duplicateOffsets++;
      else records.push(toArchiveRecord(message, options.maxValueBytes));
    }
    const first = records[0] as ArchiveRecord;
    const last = records[records.length - 1] as ArchiveRecord;
    objects.push({
      key: objectKey({
        prefix: options.prefix,
        topic: first.topic,
        partition: first.partition,
        firstOffset: first.offset,
        lastOffset: last.offset,
        extension: options.format.extension,
      }),
      topic: first.topic,
      partition: first.partition,
      firstOffset: first.offset,
      lastOffset: last.offset,
      records,
      duplicateOffsets,
    });
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
