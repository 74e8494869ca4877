/**
 * @module Reads every form in which the Kafka trigger delivers a batch: a CloudEvents array
 * (elements as objects or as JSON strings), a single CloudEvent, a RawData array of messages, or
 * the legacy connector's records. Forms are told apart per element, so a batch mixing them is read
 * too. Each element either yields its message or is rejected with its problems; what to do with a
 * rejected element (set it aside, or refuse the batch) is the caller's policy.
 */
import { isUtf8 } from 'node:buffer';
import type * as z from 'zod';
import { isJsonObject } from '../platform/json';
import { cloudEventSchema } from './cloud-event';
import { bytesAsText, TextFromBytes, textOfBytes } from './element-bytes';
import { firstInvalidUtf8 } from './invalid-utf8';
import { jsonArrayElements } from './json-array-elements';
import type { KafkaMessage, MessageValue, ValueDataType } from './kafka-message';
import { type KafkaTriggerData, kafkaTriggerDataSchema } from './kafka-trigger-data';
import { legacyConnectorRecordSchema } from './legacy-connector-record';
import { describeLoneSurrogate, loneSurrogateInJson, loneSurrogateInText } from './lone-surrogate';
import { compactJson, type Member, memberSpan, objectMembers, repeatedName, type Span, spanOf, valueStart } from './raw-json';

/** An element (or the whole event) that cannot be archived as a message. */
export interface RejectedElement {
  /** Its index in the event's array; undefined when the whole event is rejected. */
  index: number | undefined;
  /** Its bytes exactly as delivered. */
  raw: Buffer;
  /** What is wrong, each naming the element and the field. */
  problems: string[];
}

export interface PayloadOptions {
  /** How the trigger's source decodes values (VALUE_DATA_TYPE): Binary values arrive as base64. */
  valueDataType: ValueDataType;
}

export interface PayloadHandlers {
  onMessage(message: KafkaMessage): void;
  onRejected(element: RejectedElement): void;
}

type MessageFields = KafkaTriggerData & { truncatedFromBytes?: number };
type Form = { name: string; schema: z.ZodType<MessageFields> };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/**
 * Standard padded base64 is whole groups of four with at most two "=" at the end; the length is
 * checked apart so that the pattern is one greedy run: a pattern repeating groups of four
 * overflows the regular expression engine's stack on values from about 4.5 MB.
 */
const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*={0,2}$/;
const isPaddedBase64 = (text: string) => text.length % 4 === 0 && BASE64_CHARACTERS.test(text);

/**
 * Hands each message to `onMessage` and each element that is not one to `onRejected`, in delivery
 * order, so that the batch is never held in its parsed form. An event that is not a JSON value at
 * all is rejected whole.
 */
export function readTriggerPayload(event: unknown, options: PayloadOptions, handlers: PayloadHandlers): void {
  if (!(event instanceof Uint8Array) && typeof event !== 'string') {
    const got = event === null ? 'null' : typeof event;
    handlers.onRejected({
      index: undefined,
      raw: Buffer.alloc(0),
      problems: [`the event must be a Buffer or a string of JSON, got ${got}`],
    });
    return;
  }
  const delivered = eventBytes(event);
  // RFC 8259 lets a parser ignore a byte order mark; JSON.parse would not.
  const json = delivered.subarray(0, 3).equals(UTF8_BOM) ? delivered.subarray(3) : delivered;
  let layout: ReturnType<typeof jsonArrayElements>;
  try {
    layout = jsonArrayElements(json);
  } catch (error) {
    const problem = `the event is not valid JSON: ${(error as Error).message}; it begins ${preview(json)}`;
    handlers.onRejected({ index: undefined, raw: delivered, problems: [problem] });
    return;
  }
  // RFC 8259 requires UTF-8. Decoding invalid bytes would silently turn them into U+FFFD.
  const allUtf8 = isUtf8(json);
  layout.elements.forEach(({ start, end }, position) => {
    const index = layout.isArray ? position : undefined;
    const where = layout.isArray ? `element ${position}` : 'the event';
    const bytes = json.subarray(start, end);
    // An event that is not an array is set aside as it came, like one that is not JSON.
    const raw = layout.isArray ? bytes : delivered;
    const result =
      allUtf8 || isUtf8(bytes) ? readElement(bytes, where, options) : [invalidUtf8(raw, where, layout.isArray ? 'element' : 'event')];
    if (Array.isArray(result)) handlers.onRejected({ index, raw, problems: result });
    else handlers.onMessage(result);
  });
}

function eventBytes(event: Uint8Array | string): Buffer {
  if (typeof event === 'string') return Buffer.from(event, 'utf8');
  return Buffer.isBuffer(event) ? event : Buffer.from(event.buffer, event.byteOffset, event.byteLength);
}

function preview(json: Buffer): string {
  const text = json.toString('utf8', 0, 64);
  return JSON.stringify(json.length > 64 ? `${text}…` : text);
}

function invalidUtf8(raw: Buffer, where: string, unit: 'element' | 'event'): string {
  const { at, sequence } = firstInvalidUtf8(raw) ?? { at: 0, sequence: raw.subarray(0, 1) };
  const hex = [...sequence].map((byte) => byte.toString(16).padStart(2, '0'));
  const inSequence = hex.length > 1 ? `, in the sequence ${hex.join(' ')}` : '';
  return `${where} is not valid UTF-8 (byte 0x${hex[0]} at byte ${at} of the ${unit}${inSequence}); JSON must be UTF-8`;
}

/**
 * The element's message, read from its bytes as such where it can be (element-bytes.ts); an
 * element that holds a `\u` escape, or is rejected, is decoded as UTF-8 and read as text, so its
 * problems quote it as it was sent.
 */
function readElement(bytes: Buffer, where: string, options: PayloadOptions): KafkaMessage | string[] {
  const bytesText = bytesAsText(bytes);
  const fromBytes = bytesText === undefined ? undefined : parseElement(bytesText, where, options, true);
  if (fromBytes !== undefined && !Array.isArray(fromBytes)) return fromBytes;
  return parseElement(bytes.toString('utf8'), where, options, false);
}

/** The element's message, or its problems. `asBytes`: each character of `elementText` is one UTF-8 byte. */
function parseElement(elementText: string, where: string, options: PayloadOptions, asBytes: boolean): KafkaMessage | string[] {
  if (elementText === '') return [`${where} is not valid JSON: it is empty (nothing between two commas, or between a comma and a bracket)`];
  let text = elementText;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [`${where} is not valid JSON: ${(error as Error).message}`];
  }
  let origin = '';
  if (typeof value === 'string') {
    origin = ' (a JSON string)';
    text = value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return [`${where}${origin} is not valid JSON: ${(error as Error).message}`];
    }
  }
  if (!isJsonObject(value)) {
    return [`${where}${origin} must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`];
  }

  const form = formOf(value);
  const result = form.schema.safeParse(value);
  if (!result.success) {
    return result.error.issues.map((issue) => `${where}${origin} (${form.name}) ${describePath(issue.path)}: ${issue.message}`);
  }
  const fields = result.data;
  // Each object the message is read from is walked once: for names given twice, and for the spans of value and headers.
  const elementMembers = objectMembers(text, valueStart(text));
  const dataStart = form === CLOUD_EVENT ? spanOf(elementMembers, 'data')?.start : undefined;
  const dataMembers = dataStart === undefined ? elementMembers : objectMembers(text, dataStart);
  const repeated = repeatedField(text, form, elementMembers, dataMembers, fields.headers);
  if (repeated !== undefined) {
    return [
      `${where}${origin} (${form.name}) field ${repeated}: given twice in one object; which one is the message's cannot be told (names must be unique)`,
    ];
  }
  const valueSpan = spanOf(dataMembers, 'value');
  const messageValue = messageValueOf(fields.value, options, text, valueSpan, asBytes);
  const field = (name: string) => `${where}${origin} (${form.name}) field ${form === CLOUD_EVENT ? 'data.' : ''}${name}`;
  if (typeof messageValue === 'string') return [`${field('value')}: ${messageValue}`];
  const headersText = headersOf(fields.headers, text, dataMembers);
  if (asBytes) {
    // Read as bytes, the element held no escape that could make an unpaired surrogate (element-bytes.ts).
    const key = fields.key === null ? null : textOfBytes(fields.key);
    return kafkaMessage(fields, key, messageValue, textOfBytes(headersText));
  }
  const message = kafkaMessage(fields, fields.key, messageValue, headersText);
  // Text decoded from UTF-8 holds no unpaired surrogate: only an escape can make one (or, in an
  // element sent as a JSON string, a character its own escape made).
  if (!text.includes('\\u') && (origin === '' || text.isWellFormed())) return message;
  const surrogates = loneSurrogateProblems(message).map(([name, problem]) => `${field(name)}: ${problem}`);
  return surrogates.length > 0 ? surrogates : message;
}

/**
 * Written out field by field, as this runs once per message. Built with an object rest (taking out
 * value and headers) and a spread, the messages left about 0.9 MB alive at each young-generation
 * collection of a 10,000-message batch (70 KB this way), and reading it took 40 % longer.
 */
function kafkaMessage(fields: MessageFields, key: string | null, value: MessageValue | null, headers: string): KafkaMessage {
  const message: KafkaMessage = {
    topic: fields.topic,
    partition: fields.partition,
    offset: fields.offset,
    timestamp: fields.timestamp,
    key,
    value,
    headers,
  };
  if (fields.truncatedFromBytes !== undefined) message.truncatedFromBytes = fields.truncatedFromBytes;
  return message;
}

/** Key, value and headers with an unpaired surrogate, each with its problem. */
function loneSurrogateProblems(message: KafkaMessage): Array<[field: string, problem: string]> {
  const { key, value, headers } = message;
  const found: Array<[string, string, number]> = [];
  if (key !== null) found.push(['key', key, loneSurrogateInText(key)]);
  if (value?.kind === 'text') found.push(['value', value.text, loneSurrogateInText(value.text)]);
  if (value?.kind === 'json') found.push(['value', value.json, loneSurrogateInJson(value.json)]);
  found.push(['headers', headers, loneSurrogateInJson(headers)]);
  return found.filter(([, , index]) => index >= 0).map(([name, text, index]) => [name, describeLoneSurrogate(text, index)]);
}

/**
 * The value as it arrived, or a problem. A JSON value is kept as its own compact text, cut from
 * the element at `span`; a text value read as bytes keeps them, and its literal as delivered.
 */
function messageValueOf(
  raw: unknown,
  options: PayloadOptions,
  text: string,
  span: Span | undefined,
  asBytes: boolean,
): MessageValue | null | string {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') {
    const json = span === undefined ? JSON.stringify(raw) : compactJson(text, span);
    return { kind: 'json', json: asBytes ? textOfBytes(json) : json };
  }
  if (options.valueDataType !== 'Binary') {
    if (!asBytes) return { kind: 'text', text: raw };
    return new TextFromBytes(raw, span === undefined ? undefined : text.slice(span.start, span.end));
  }
  if (!isPaddedBase64(raw)) return 'expected base64 (VALUE_DATA_TYPE is Binary), but the value is not standard padded base64';
  return { kind: 'base64', base64: raw };
}

/** The trigger wraps entries as `{headers: [...], isReadOnly}`; anything else is kept as it came. */
function headersOf(raw: unknown, text: string, dataMembers: readonly Member[]): string {
  if (raw === undefined || raw === null) return '[]';
  const wrapped = isJsonObject(raw) && Array.isArray(raw.headers);
  if (wrapped && (raw.headers as unknown[]).length === 0) return '[]';
  const outer = spanOf(dataMembers, 'headers');
  if (outer === undefined) return '[]';
  const span = wrapped ? memberSpan(text, outer.start, 'headers') : outer;
  return compactJson(text, span ?? outer);
}

/** The path of a name given twice in an object the message is read from: the element, its data, or the headers wrapper. */
function repeatedField(
  text: string,
  form: Form,
  elementMembers: readonly Member[],
  dataMembers: readonly Member[],
  headers: unknown,
): string | undefined {
  const inElement = repeatedName(elementMembers);
  if (inElement !== undefined) return inElement;
  const dataPath = form === CLOUD_EVENT ? 'data.' : '';
  if (dataMembers !== elementMembers) {
    const inData = repeatedName(dataMembers);
    if (inData !== undefined) return `${dataPath}${inData}`;
  }
  const wrapper = isJsonObject(headers) ? spanOf(dataMembers, 'headers') : undefined;
  const inHeaders = wrapper === undefined ? undefined : repeatedName(objectMembers(text, wrapper.start));
  return inHeaders === undefined ? undefined : `${dataPath}headers.${inHeaders}`;
}

function formOf(element: Record<string, unknown>): Form {
  if ('specversion' in element) return CLOUD_EVENT;
  if ('overflowFlag' in element || 'valueSize' in element) return LEGACY_RECORD;
  return RAW_DATA;
}

const CLOUD_EVENT: Form = { name: 'CloudEvent', schema: cloudEventSchema };
const RAW_DATA: Form = { name: 'RawData message', schema: kafkaTriggerDataSchema };
const LEGACY_RECORD: Form = { name: 'legacy connector record', schema: legacyConnectorRecordSchema };

function describePath(path: PropertyKey[]): string {
  return path.length === 0 ? 'value' : `field ${path.map(String).join('.')}`;
}
