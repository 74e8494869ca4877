/** @module The batches the benchmark sends: 1 KiB text values spread over partitions, in each form the trigger pushes. */
import { cloudEvent, cloudEventBatch } from '../tools/trigger-events';

export const PARTITIONS = 6;
/** 1024 bytes of UTF-8, some of them multi-byte. */
const VALUE = `${'x'.repeat(1000)}${'数据值'.repeat(2)}${'y'.repeat(6)}`;

export interface KafkaBatch {
  body: Buffer;
  messages: number;
}

/** The trigger's push formats: CloudEvents (as objects, or each as a JSON string) and RawData (the data objects only). */
export const PAYLOAD_FORMS = ['cloudevents', 'cloudevent-strings', 'rawdata'] as const;
export type PayloadForm = (typeof PAYLOAD_FORMS)[number];

/** `count` messages from offset `firstOffset` on in each partition, in the trigger's `form`. */
export function kafkaBatch(count: number, firstOffset: number, form: PayloadForm = 'cloudevents'): KafkaBatch {
  const messages = Array.from({ length: count }, (_, i) => ({
    topic: 'bench',
    partition: i % PARTITIONS,
    offset: firstOffset + Math.floor(i / PARTITIONS),
    timestamp: 1795000000000 + i,
    key: `key-${i}`,
    value: VALUE,
  }));
  const id = (i: number) => `bench-${firstOffset + i}`;
  if (form === 'cloudevents') return { body: cloudEventBatch(messages, { ids: id }), messages: count };
  const elements =
    form === 'cloudevent-strings'
      ? messages.map((message, i) => JSON.stringify(cloudEvent(message, { id: id(i) })))
      : messages.map((message) => cloudEvent(message).data);
  return { body: Buffer.from(JSON.stringify(elements)), messages: count };
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
