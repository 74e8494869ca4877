import fc from 'fast-check';
import { kafkaTestEvent, testOffset } from '../../../tools/cli/kafka-test-event';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { readTriggerPayload } from '../../../lib/payload/trigger-payload';
import { plainMessage } from '../../support/plain-message';

describe('Kafka test event', () => {
  test('any key and value survive as the CloudEvent data the trigger would deliver', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: null }),
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.nat(1000),
        (key, value, topic, partition) => {
          const [event] = JSON.parse(kafkaTestEvent({ topic, partition, offset: '7', key, value }, '42').toString('utf8')) as [
            { data: Record<string, unknown>; subject: string },
          ];
          expect(event.data).toEqual({
            topic,
            partition,
            offset: 7,
            timestamp: expect.any(Number),
            headers: { headers: [], isReadOnly: false },
            key,
            value,
          });
          expect(event.subject).toBe(`acs:alikafka:kafka-oss-sink-test:topic:${topic}`);
        },
      ),
    );
  });

  test('the sink reads the event, an offset beyond 2^53 included, digit for digit', () => {
    for (const offset of ['7', '9223372036854775807']) {
      const messages: KafkaMessage[] = [];
      readTriggerPayload(
        kafkaTestEvent({ topic: 't', partition: 2, offset, key: null, value: '{"key":"test"}' }, undefined),
        { valueDataType: 'Text' },
        { onMessage: (m) => messages.push(plainMessage(m)), onRejected: (r) => expect(r).toBeUndefined() },
      );
      expect(messages).toEqual([
        {
          topic: 't',
          partition: 2,
          offset: BigInt(offset),
          timestamp: expect.any(Number),
          key: null,
          value: { kind: 'text', text: '{"key":"test"}' },
          headers: '[]',
        },
      ]);
    }
  });

  test('default offsets are exact JSON numbers far above real offsets, and differ between calls', () => {
    const now = Date.parse('2026-11-23T00:00:00Z');
    const offset = Number(testOffset(now));
    expect(Number.isSafeInteger(offset)).toBe(true);
    expect(offset).toBeGreaterThanOrEqual(now * 1000);
    expect(offset).toBeLessThan(now * 1000 + 1000);
    expect(Number.isSafeInteger(Number(testOffset(Date.parse('2255-01-01T00:00:00Z'))))).toBe(true);
    const offsets = new Set(Array.from({ length: 20 }, () => testOffset()));
    expect(offsets.size).toBeGreaterThan(1);
  });
});
