/**
 * @module A synthetic message as the trigger puts it into a push, in the trigger's push format
 * (built by tools/trigger-events). A poison message goes out with its timestamp as a date string,
 * which the sink cannot read, so it must set the element aside whole.
 */
import { createHash } from 'node:crypto';
import { type PushFormat, pushElement, pushElementText, type TriggerMessage } from '../trigger-events';
import type { SyntheticMessage } from './synthetic-message';

export function elementText(message: SyntheticMessage, format: PushFormat): string {
  const trigger: TriggerMessage = {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key,
    value: message.delivered,
    headers: message.headers,
  };
  // The same message always gets the same CloudEvent id, so a re-read batch is the same bytes.
  const options = { id: eventId(message) };
  if (!message.poison) return pushElementText(trigger, format, options);
  const element = pushElement(trigger, format === 'rawdata' ? 'rawdata' : 'cloudevents', options) as Record<string, unknown>;
  const data = (format === 'rawdata' ? element : element.data) as Record<string, unknown>;
  data.timestamp = new Date(message.timestamp).toISOString();
  const text = JSON.stringify(element);
  return format === 'cloudevents-as-strings' ? JSON.stringify(text) : text;
}

function eventId(message: SyntheticMessage): string {
  const hex = createHash('md5').update(`${message.topic}/${message.partition}/${message.offset}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
