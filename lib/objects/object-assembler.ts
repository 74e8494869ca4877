import type { KafkaMessage } from '../payload/kafka-message';
import { toArchiveRecord } from '../records/archive-record';
import { EncodedRecords, type AssembledRecords } from './encoded-records';
import { objectKey } from './object-key';
import type { RecordFormat } from './record-format';

/** The records of one topic-partition from one batch, encoded, and the key they are stored under. */
export interface ArchiveObject extends AssembledRecords {
  key: string;
  topic: string;
  partition: number;
}

export interface ObjectAssemblerOptions {
  prefix: string;
  maxValueBytes: number;
  format: RecordFormat;
}

/**
 * Collects a batch, message by message, into one object per topic-partition with its records in
 * offset order. A message delivered twice in one batch (same topic, partition and offset) is
 * archived once: the first copy wins.
 */
export class ObjectAssembler {
  private readonly partitions = new Map<string, { topic: string; partition: number; records: EncodedRecords }>();

  constructor(private readonly options: ObjectAssemblerOptions) {}

  add(message: KafkaMessage): void {
    const id = `${message.partition}\u0000${message.topic}`;
    let group = this.partitions.get(id);
    if (!group) {
      group = { topic: message.topic, partition: message.partition, records: new EncodedRecords(this.options.format.frame) };
      this.partitions.set(id, group);
    }
    const record = toArchiveRecord(message, this.options.maxValueBytes);
    group.records.append(record.offset, this.options.format.encodeRecord(record), record.overflowFlag ? record.valueSize : undefined);
  }

  /** The objects, sorted by key. The assembler is empty afterwards. */
  finish(): ArchiveObject[] {
    const objects: ArchiveObject[] = [];
    for (const { topic, partition, records } of this.partitions.values()) {
      const assembled = records.assemble();
      const key = objectKey({
        prefix: this.options.prefix,
        topic,
        partition,
        firstOffset: assembled.firstOffset,
        lastOffset: assembled.lastOffset,
        extension: this.options.format.extension,
      });
      objects.push({ key, topic, partition, ...assembled });
    }
    this.partitions.clear();
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
