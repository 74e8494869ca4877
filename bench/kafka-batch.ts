/** @module The batches the benchmark sends: CloudEvents of 1 KiB text values, spread over partitions. */
import { cloudEventBatch } from '../tools/trigger-events';

export const PARTITIONS = 6;
/** 1024 bytes of UTF-8, some of them multi-byte. */
const VALUE = `${'x'.repeat(1000)}${'数据值'.repeat(2)}${'y'.repeat(6)}`;

export interface KafkaBatch {
  body: Buffer;
  messages: number;
}

/** `count` messages from offset `firstOffset` on in each partition. */
export function kafkaBatch(count: number, firstOffset: number): KafkaBatch {
  const messages = Array.from({ length: count }, (_, i) => ({
    topic: 'bench',
    partition: i % PARTITIONS,
    offset: firstOffset + Math.floor(i / PARTITIONS),
    timestamp: 1795000000000 + i,
    key: `key-${i}`,
    value: VALUE,
  }));
  return { body: cloudEventBatch(messages, { ids: (i) => `bench-${firstOffset + i}` }), messages: count };
}

/** A batch of this form at most `bytes` long, within a few messages of it. */
export function kafkaBatchOfSize(bytes: number, firstOffset: number): KafkaBatch {
  let count = Math.floor(bytes / (kafkaBatch(1000, firstOffset).body.length / 1000));
  for (;;) {
    const batch = kafkaBatch(count, firstOffset);
    if (batch.body.length <= bytes) return batch;
    // Later messages are a little longer (more digits in their ids): scale down and try again.
    count = Math.floor((count * bytes) / batch.body.length) - 1;
  }
}
