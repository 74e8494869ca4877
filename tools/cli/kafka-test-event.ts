import { randomInt } from 'node:crypto';
import { cloudEventBatch } from '../trigger-events';

export interface TestMessage {
  topic: string;
  partition: number;
  /** Decimal int64; kept as text so no offset loses precision. */
  offset: string;
  key: string | null;
  value: string;
}

/**
 * A default offset for a test message: the current time in microseconds-since-epoch shape
 * (milliseconds × 1000 plus a random 0–999), about 1.8e15 today. No real partition comes near it,
 * so the test's object never overwrites, or is mistaken for, a real batch, and two tests never
 * share an offset. It stays below 2^53, so it is an exact JSON number, until the year 2255.
 */
export function testOffset(now: number = Date.now()): string {
  return (BigInt(now) * 1000n + BigInt(randomInt(1000))).toString();
}

/**
 * The event the Kafka trigger (EventBridge, push format CloudEvents) delivers for one message:
 * a JSON array of one CloudEvent. The value is a string, as the trigger delivers text values.
 */
export function kafkaTestEvent(message: TestMessage, accountId: string | undefined, now: Date = new Date()): Buffer {
  return cloudEventBatch([{ ...message, timestamp: now.getTime() }], { accountId, instanceId: 'kafka-oss-sink-test' });
}
