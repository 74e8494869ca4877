/**
 * @module Trigger payloads as the Kafka trigger (EventBridge, push format CloudEvents) delivers
 * them: one builder for the CLI's test message, `npm start`, the bench and the tests.
 */
import { randomUUID } from 'node:crypto';

/** A Kafka message as the trigger's `data` carries it. */
export interface TriggerMessage {
  topic: string;
  partition: number;
  /** A bigint or a string of digits keeps every digit; a number, or any other string (a bad offset), goes as it is. */
  offset: bigint | number | string;
  /** Epoch milliseconds. */
  timestamp: number;
  key?: string | null;
  /** A string (Text, or base64 for Binary), any JSON value (Json), or null for a tombstone. */
  value?: unknown;
  /** Header entries, wrapped by the trigger as `{headers, isReadOnly}`. */
  headers?: unknown[];
}

export interface CloudEventOptions {
  /** The CloudEvent id; a random UUID by default. */
  id?: string;
  instanceId?: string;
  accountId?: string;
}

/**
 * One CloudEvent for one message. An offset beyond 2^53 goes as a string of digits: a JSON number
 * that large would be rounded by whoever parses it, and the sink reads the digits exactly.
 */
export function cloudEvent(message: TriggerMessage, options: CloudEventOptions = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: 'acs:alikafka',
    type: 'alikafka:Topic:Message',
    subject: `acs:alikafka:${options.instanceId ?? 'alikafka_post-cn-local'}:topic:${message.topic}`,
    datacontenttype: 'application/json; charset=utf-8',
    time: new Date(message.timestamp).toISOString(),
    aliyunaccountid: options.accountId ?? '',
    data: {
      topic: message.topic,
      partition: message.partition,
      offset: jsonOffset(message.offset),
      timestamp: message.timestamp,
      headers: { headers: message.headers ?? [], isReadOnly: false },
      key: message.key ?? null,
      value: message.value ?? null,
    },
  };
}

/** The event body the trigger pushes: a JSON array of CloudEvents. */
export function cloudEventBatch(
  messages: readonly TriggerMessage[],
  options: Omit<CloudEventOptions, 'id'> & { ids?: (index: number) => string } = {},
): Buffer {
  const events = messages.map((message, index) => cloudEvent(message, { ...options, id: options.ids?.(index) }));
  return Buffer.from(JSON.stringify(events), 'utf8');
}

function jsonOffset(offset: TriggerMessage['offset']): number | string {
  if (typeof offset === 'number' || (typeof offset === 'string' && !/^\d+$/.test(offset))) return offset;
  const exact = BigInt(offset);
  return exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact.toString();
}
