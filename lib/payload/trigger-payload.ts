import type * as z from 'zod';
import { cloudEventSchema } from './cloud-event';
import { isJsonObject } from '../platform/json';
import type { KafkaMessage } from './kafka-message';
import { kafkaTriggerDataSchema } from './kafka-trigger-data';
import { jsonArrayElements } from './json-array-elements';
import { legacyConnectorRecordSchema } from './legacy-connector-record';
import { PayloadError } from './payload-error';

const MAX_PROBLEMS_LISTED = 10;

/**
 * Reads every form in which the Kafka trigger delivers a batch: a CloudEvents array (elements as
 * objects or as JSON strings), a single CloudEvent, a RawData array of messages, or the legacy
 * connector's records. Forms are told apart per element, so a batch mixing them is read too.
 *
 * Messages are handed to `onMessage` one at a time, in delivery order, so that the batch need not
 * be held in memory in its parsed form. Every element is checked even after a bad one; if any was
 * bad, a PayloadError listing the problems is thrown at the end, and the caller must discard what
 * it received.
 */
export function readTriggerPayload(event: unknown, onMessage: (message: KafkaMessage) => void): void {
  const json = eventBytes(event);
  let layout: ReturnType<typeof jsonArrayElements>;
  try {
    layout = jsonArrayElements(json);
  } catch (error) {
    throw new PayloadError([`the event is not valid JSON: ${(error as Error).message}; it begins ${preview(json)}`]);
  }

  const problems: string[] = [];
  let problemCount = 0;
  layout.elements.forEach(({ start, end }, index) => {
    const where = layout.isArray ? `element ${index}` : 'the event';
    const result = parseElement(json.toString('utf8', start, end), where);
    if (Array.isArray(result)) {
      problemCount += result.length;
      problems.push(...result.slice(0, Math.max(0, MAX_PROBLEMS_LISTED - problems.length)));
    } else if (problemCount === 0) {
      onMessage(result);
    }
  });

  if (problemCount > problems.length) problems.push(`and ${problemCount - problems.length} more problems`);
  if (problems.length > 0) throw new PayloadError(problems);
}

function eventBytes(event: unknown): Buffer {
  if (typeof event === 'string') return Buffer.from(event, 'utf8');
  if (event instanceof Uint8Array) return Buffer.isBuffer(event) ? event : Buffer.from(event.buffer, event.byteOffset, event.byteLength);
  throw new PayloadError([`the event must be a Buffer or a string of JSON, got ${event === null ? 'null' : typeof event}`]);
}

function preview(json: Buffer): string {
  const text = json.toString('utf8', 0, 64);
  return JSON.stringify(json.length > 64 ? `${text}…` : text);
}

/** The element's message, or its problems. */
function parseElement(text: string, where: string): KafkaMessage | string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [`${where} is not valid JSON: ${(error as Error).message}`];
  }
  let origin = '';
  if (typeof value === 'string') {
    origin = ' (a JSON string)';
    try {
      value = JSON.parse(value);
    } catch (error) {
      return [`${where}${origin} is not valid JSON: ${(error as Error).message}`];
    }
  }
  if (!isJsonObject(value)) {
    return [`${where}${origin} must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`];
  }

  const [schema, form] = schemaFor(value);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  return result.error.issues.map((issue) => `${where}${origin} (${form}) ${describePath(issue.path)}: ${issue.message}`);
}

function schemaFor(element: object): [z.ZodType<KafkaMessage>, string] {
  if ('specversion' in element) return [cloudEventSchema, 'CloudEvent'];
  if ('overflowFlag' in element || 'valueSize' in element) return [legacyConnectorRecordSchema, 'legacy connector record'];
  return [kafkaTriggerDataSchema, 'RawData message'];
}

function describePath(path: PropertyKey[]): string {
  return path.length === 0 ? 'value' : `field ${path.map(String).join('.')}`;
}
