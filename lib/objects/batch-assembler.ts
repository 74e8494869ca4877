/**
 * @module A batch, message by message, into its topic-partitions: each message becomes its
 * archive record and is encoded at once, so the batch is held as bytes rather than parsed.
 */
import type { KafkaMessage } from '../payload/kafka-message';
import { type RecordOptions, toArchiveRecord } from '../records/archive-record';
import type { ObjectNaming } from './object-naming';
import { type Entry, PartitionBatch } from './partition-batch';
import { RecordChunks } from './record-chunks';
import { writeRecordJson } from './record-json';

export interface AssemblerOptions extends RecordOptions {
  /** Parquet output keeps records as they are; JSON output encodes them at once. */
  keepRecords: boolean;
  naming: ObjectNaming;
  /** The key template's time bucket of a record timestamp. */
  bucketOf: (timestamp: number) => string;
}

export class BatchAssembler {
  /** Each topic-partition writes into chunks of its own, so that its records lie one after another and its body is a few large views. */
  private readonly partitions = new Map<string, { batch: PartitionBatch; chunks: RecordChunks }>();

  constructor(private readonly options: AssemblerOptions) {}

  add(message: KafkaMessage): void {
    const id = `${message.partition}\u0000${message.topic}`;
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = { batch: new PartitionBatch(message.topic, message.partition), chunks: new RecordChunks() };
      this.partitions.set(id, partition);
    }
    const { batch, chunks } = partition;
    const { options } = this;
    const built = toArchiveRecord(message, options, () => options.naming.overflowKey(message.topic, message.partition, message.offset));
    const { fields, spill } = built;
    // Built field by field rather than by spreading: this runs once per message.
    const entry: Entry = { offset: fields.offset, bucket: options.bucketOf(fields.timestamp) };
    if (options.keepRecords || spill) entry.record = built.record();
    if (!options.keepRecords) entry.view = writeRecordJson(chunks, built, options.recordFormat);
    if (spill) entry.spill = spill;
    if (fields.overflowFlag) entry.truncatedFrom = fields.valueSize;
    batch.add(entry);
  }

  /** The batch's topic-partitions, in a stable order. */
  finish(): PartitionBatch[] {
    return [...this.partitions.values()]
      .map(({ batch }) => batch)
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }
}
