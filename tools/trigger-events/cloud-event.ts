/**
 * @module Trigger payloads as the Kafka trigger (EventBridge, push format CloudEvents) delivers
 * them: one builder for the CLI's test message, `npm start`, the bench, the trigger simulator and
 * the tests.
 */
import { randomUUID } from 'node:crypto';
import { kafkaData, type TriggerMessage } from './kafka-data';

export interface CloudEventOptions {
  /** The CloudEvent id; a random UUID by default. */
  id?: string;
  instanceId?: string;
  accountId?: string;
}

/** One CloudEvent for one message. */
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
    data: kafkaData(message),
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
