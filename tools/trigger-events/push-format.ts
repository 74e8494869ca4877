/**
 * @module The trigger's push formats, element by element. A batch's body is a JSON array of
 * elements; building each element's text on its own lets a batcher measure the body as it grows
 * (a synchronous invocation's body is bounded) and push the same bytes again on a retry.
 */
import { cloudEvent, type CloudEventOptions } from './cloud-event';
import { kafkaData, type TriggerMessage } from './kafka-data';

/**
 * `cloudevents`: CloudEvent objects (the trigger's default); `cloudevents-as-strings`: each
 * CloudEvent as a JSON string, as some deliveries have it; `rawdata`: push format RawData, the
 * `data` objects only.
 */
export const PUSH_FORMATS = ['cloudevents', 'cloudevents-as-strings', 'rawdata'] as const;
export type PushFormat = (typeof PUSH_FORMATS)[number];

/** The element of one message: what a trigger of that push format puts into the array. */
export function pushElement(
  message: TriggerMessage,
  format: PushFormat,
  options: CloudEventOptions = {},
): Record<string, unknown> | string {
  if (format === 'rawdata') return kafkaData(message);
  const event = cloudEvent(message, options);
  return format === 'cloudevents' ? event : JSON.stringify(event);
}

/** The JSON text of one element. */
export function pushElementText(message: TriggerMessage, format: PushFormat, options: CloudEventOptions = {}): string {
  return JSON.stringify(pushElement(message, format, options));
}

/** The body of a push: the elements' texts in a JSON array. */
export function pushBody(elementTexts: readonly string[]): Buffer {
  return Buffer.from(`[${elementTexts.join(',')}]`, 'utf8');
}

/** The bytes a body of `elements` elements takes besides the elements themselves: the brackets and commas. */
export function pushBodyOverhead(elements: number): number {
  return 2 + Math.max(0, elements - 1);
}

/** A RawData push: a JSON array of the messages' `data` objects. */
export function rawDataBatch(messages: readonly TriggerMessage[]): Buffer {
  return pushBody(messages.map((message) => pushElementText(message, 'rawdata')));
}
