import type * as z from 'zod';
import { cloudEventSchema } from './cloud-event';
import type { KafkaMessage } from './kafka-message';
import { kafkaTriggerDataSchema } from './kafka-trigger-data';
import { legacyConnectorRecordSchema } from './legacy-connector-record';

/** A trigger event the sink cannot archive. Nothing has been written when it is thrown. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(readonly problems: string[]) {
    super(
      `The trigger event was rejected; nothing was written. ${problems.join('; ')}. ` +
        'Each element must be a Kafka trigger CloudEvent (object or JSON string), a RawData message ' +
        '{topic, partition, offset, timestamp, key, value}, or a legacy connector record.',
    );
  }
}

const MAX_PROBLEMS_LISTED = 10;

/**
 * Reads every form in which the Kafka trigger delivers a batch: a CloudEvents array (elements as
 * objects or as JSON strings), a single CloudEvent, a RawData array of messages, or the legacy
 * connector's records. Forms are told apart per element, so a batch mixing them is read too.
 */
export function parseTriggerPayload(event: unknown): KafkaMessage[] {
  const root = parseJson(event);
  const elements = Array.isArray(root) ? root : [root];
  const messages: KafkaMessage[] = new Array(elements.length);
  const problems: string[] = [];
  let problemCount = 0;

  for (let index = 0; index < elements.length; index++) {
    const where = Array.isArray(root) ? `element ${index}` : 'the event';
    const result = parseElement(elements[index], where);
    if (typeof result === 'string' || Array.isArray(result)) {
      const found = typeof result === 'string' ? [result] : result;
      problemCount += found.length;
      problems.push(...found.slice(0, MAX_PROBLEMS_LISTED - problems.length));
    } else {
      messages[index] = result;
    }
  }

  if (problemCount > problems.length) problems.push(`and ${problemCount - problems.length} more problems`);
  if (problems.length > 0) throw new PayloadError(problems);
  return messages;
}

function parseJson(event: unknown): unknown {
  let text: string;
  if (typeof event === 'string') text = event;
  else if (event instanceof Uint8Array) text = Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8');
  else throw new PayloadError([`the event must be a Buffer or a string of JSON, got ${event === null ? 'null' : typeof event}`]);

  try {
    return JSON.parse(text);
  } catch (error) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new PayloadError([`the event is not valid JSON (${(error as Error).message}); it begins ${JSON.stringify(preview)}`]);
  }
}

function parseElement(element: unknown, where: string): KafkaMessage | string | string[] {
  let value = element;
  let origin = '';
  if (typeof element === 'string') {
    origin = ' (a JSON string)';
    try {
      value = JSON.parse(element);
    } catch (error) {
      return `${where}${origin} is not valid JSON: ${(error as Error).message}`;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${where}${origin} must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
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
