/**
 * @module Malformed and hostile trigger events, by category, each with exactly what the sink must
 * make of it: which elements are archived as which messages, and which are set aside, with their
 * exact bytes and the problems that name them. Events are built only when a case runs (some are
 * tens of MB), and every good message of a case is on the topic the case is given, so that cases
 * can share one OSS server.
 */
import { cloudEvent, type TriggerMessage } from '../../tools/trigger-events';

/** A message the archive must hold. */
export interface ExpectedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number;
  key: string | null;
  /** Text, a JSON value's compact text, or (VALUE_DATA_TYPE=Binary) the base64 of the message's bytes. */
  value: { text: string } | { json: string } | { base64: string } | null;
  /** The header entries as compact JSON text; `[]` when there are none. */
  headers: string;
  /** A legacy record's `valueSize` when it says the connector already cut the value. */
  truncatedFromBytes?: number;
}

/** An element (index) or the whole event (index null) set aside, with its problems in order. */
export interface ExpectedRejection {
  index: number | null;
  raw: Buffer;
  /** Each problem's start, in order: the element's name, then its form, field and what is wrong. */
  problems: string[];
}

export interface BuiltCase {
  event: Buffer;
  archived: ExpectedMessage[];
  rejected: ExpectedRejection[];
}

export const CATEGORIES = [
  'not JSON',
  'truncated JSON',
  'invalid UTF-8',
  'byte order marks',
  'empty and whitespace-only',
  'wrong top-level types',
  'one bad element among good ones',
  'wrong field types',
  'offsets beyond 2^53 as numbers',
  'negative, fractional and huge numbers',
  '__proto__, constructor and prototype keys',
  '100,000-level nesting',
  'huge strings',
  'topics outside the Kafka alphabet',
  'keys that are not strings',
  'duplicate JSON keys',
  'NUL and control characters',
  'lone surrogate escapes',
  'numbers like 1e400 and -0',
  'very many elements',
  'legacy records mixed with CloudEvents',
  'Binary values',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface HostileCase {
  category: Category;
  name: string;
  /** The event and its expected outcome, with every good message on `topic`. */
  build(topic: string): BuiltCase;
  /** The trigger's value data type, when not Text. */
  valueDataType?: 'Binary';
}

// ---------------------------------------------------------------------------------------------
// Building elements

/** The forms an element can take, as the payload reader names them in its problems. */
type Form = 'ce' | 'ceString' | 'raw' | 'legacy';
const FORM_NAME: Record<Form, string> = {
  ce: 'CloudEvent',
  ceString: 'CloudEvent',
  raw: 'RawData message',
  legacy: 'legacy connector record',
};
const FORMS: Form[] = ['ce', 'ceString', 'raw', 'legacy'];

const RAW_JSON = Symbol('raw JSON');
/** JSON text (or bytes, such as invalid UTF-8) put into an element exactly as given. */
interface RawJson {
  [RAW_JSON]: string | Buffer;
}
const rawJson = (json: string | Buffer): RawJson => ({ [RAW_JSON]: json });

/** Field values to put into an element; `undefined` removes the field. */
type Patch = Record<string, unknown>;

const bytes = (...parts: Array<string | number[] | Buffer>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

/**
 * JSON text of `value`, with RawJson fragments spliced in as they are. As a JSON string (the
 * CloudEvent-as-string form) the fragments' text is escaped for the string and bytes go in raw.
 */
function serialize(value: unknown, asJsonString = false): Buffer {
  const fragments: Array<string | Buffer> = [];
  const text = JSON.stringify(value, (_key, field: unknown) => {
    if (typeof field === 'object' && field !== null && RAW_JSON in field) {
      fragments.push((field as RawJson)[RAW_JSON]);
      return `@@raw${fragments.length - 1}@@`;
    }
    return field;
  });
  const outer = asJsonString ? JSON.stringify(text) : text;
  if (fragments.length === 0) return Buffer.from(outer, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of outer.matchAll(/\\?"@@raw(\d+)@@\\?"/g)) {
    parts.push(Buffer.from(outer.slice(last, match.index), 'utf8'));
    const fragment = fragments[Number(match[1])] as string | Buffer;
    if (typeof fragment === 'string') parts.push(Buffer.from(asJsonString ? JSON.stringify(fragment).slice(1, -1) : fragment));
    else parts.push(asJsonString ? escapedBytes(fragment) : fragment);
    last = (match.index as number) + match[0].length;
  }
  parts.push(Buffer.from(outer.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** Bytes as the inside of a JSON string: quotes, backslashes and control bytes escaped, all else (bad UTF-8 too) as it is. */
function escapedBytes(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  for (const byte of raw) {
    if (byte === 0x22 || byte === 0x5c) out.push(Buffer.from([0x5c, byte]));
    else if (byte < 0x20) out.push(Buffer.from(`\\u${byte.toString(16).padStart(4, '0')}`));
    else out.push(Buffer.from([byte]));
  }
  return Buffer.concat(out);
}

/** A message's element in `form`; `patch` changes its data (or the legacy record), `envelope` a CloudEvent's envelope. */
function element(form: Form, message: TriggerMessage, patch: Patch = {}, envelope: Patch = {}): Buffer {
  if (form === 'legacy') {
    const { key, value } = message;
    const record = {
      ...(key === null || key === undefined ? {} : { key }),
      offset: offsetJson(message.offset),
      overflowFlag: false,
      partition: message.partition,
      timestamp: message.timestamp,
      topic: message.topic,
      ...(value === null || value === undefined ? {} : { value }),
      valueSize: expectedValue(value) === null ? 0 : Buffer.byteLength(valueText(value)),
    };
    return serialize({ ...record, ...patch });
  }
  const event = cloudEvent(message, { id: `id-${message.offset}`, accountId: '1234567890123456' });
  const data = { ...(event.data as Patch), ...patch };
  if (form === 'raw') return serialize(data);
  return serialize({ ...event, data, ...envelope }, form === 'ceString');
}

function offsetJson(offset: TriggerMessage['offset']): number | string {
  const exact = BigInt(offset);
  return exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact.toString();
}

function expectedValue(value: unknown): ExpectedMessage['value'] {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? { text: value } : { json: JSON.stringify(value) };
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The message the archive holds for a good element built from `message` in `form`. */
function expected(form: Form, message: TriggerMessage, changes: Partial<ExpectedMessage> = {}): ExpectedMessage {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: BigInt(message.offset),
    timestamp: message.timestamp,
    key: message.key ?? null,
    value: expectedValue(message.value),
    headers: form === 'legacy' || !message.headers?.length ? '[]' : JSON.stringify(message.headers),
    ...changes,
  };
}

/** One element of an event: its bytes, and either the message it is or the problems (after its name) it has. */
interface Part {
  bytes: Buffer;
  accepted?: ExpectedMessage;
  /** What follows the element's name in each of its problems. */
  rejected?: string[];
}

const good = (form: Form, message: TriggerMessage, changes?: Partial<ExpectedMessage>): Part => ({
  bytes: element(form, message),
  accepted: expected(form, message, changes),
});
const accepted = (elementBytes: Buffer | string, message: ExpectedMessage): Part => ({
  bytes: bytes(elementBytes),
  accepted: message,
});
const bad = (elementBytes: Buffer | string, ...problems: string[]): Part => ({ bytes: bytes(elementBytes), rejected: problems });

/** The problem of `field` (data.… for a CloudEvent) of an element in `form`: what follows the element's name. */
function fieldProblem(form: Form, field: string, problem: string): string {
  const origin = form === 'ceString' ? ' (a JSON string)' : '';
  const path = (form === 'ce' || form === 'ceString') && field !== 'specversion' && !field.startsWith('data') ? `data.${field}` : field;
  return `${origin} (${FORM_NAME[form]}) field ${path}: ${problem}`;
}

/** A JSON array of `parts`, joined by `separator`. */
function array(parts: Part[], separator = ','): BuiltCase {
  const chunks: Buffer[] = [Buffer.from('[')];
  parts.forEach((part, index) => {
    if (index > 0) chunks.push(Buffer.from(separator));
    chunks.push(part.bytes);
  });
  chunks.push(Buffer.from(']'));
  return {
    event: Buffer.concat(chunks),
    archived: parts.flatMap((part) => (part.accepted ? [part.accepted] : [])),
    rejected: parts.flatMap((part, index) =>
      part.rejected ? [{ index, raw: part.bytes, problems: part.rejected.map((problem) => `element ${index}${problem}`) }] : [],
    ),
  };
}

/** An event that is one element, not an array. */
function single(part: Part, around: { before?: Buffer | string; after?: Buffer | string } = {}): BuiltCase {
  const event = bytes(around.before ?? '', part.bytes, around.after ?? '');
  return {
    event,
    archived: part.accepted ? [part.accepted] : [],
    rejected: part.rejected ? [{ index: null, raw: event, problems: part.rejected.map((problem) => `the event${problem}`) }] : [],
  };
}

/** An event set aside whole, with problems that begin as given. */
const wholeEvent = (event: Buffer | string, ...problems: string[]): BuiltCase => ({
  event: bytes(event),
  archived: [],
  rejected: [{ index: null, raw: bytes(event), problems }],
});

const nothing = (event: Buffer | string): BuiltCase => ({ event: bytes(event), archived: [], rejected: [] });

// ---------------------------------------------------------------------------------------------
// The problems' wording, once

const SAYS = {
  notJson: ' is not valid JSON: ',
  notJsonString: ' (a JSON string) is not valid JSON: ',
  emptyElement: ' is not valid JSON: it is empty (nothing between two commas, or between a comma and a bracket)',
  mustBeObject: (got: string, origin = '') => `${origin} must be an object, got ${got}`,
  utf8: (byte: string, at: number, unit = 'element', sequence?: string) =>
    ` is not valid UTF-8 (byte 0x${byte} at byte ${at} of the ${unit}${sequence ? `, in the sequence ${sequence}` : ''}); JSON must be UTF-8`,
  offsetType: 'expected a non-negative integer or a string of digits',
  offsetNumber: (got: string) => `expected a non-negative integer, got ${got}`,
  offsetRounded: (rounded: string) =>
    `offset ${rounded} is beyond 2^53 and was rounded when the event was parsed; the trigger must send it as a string`,
  offsetDigits: (got: string) => `expected a string of digits within int64, got ${JSON.stringify(got.slice(0, 40))}`,
  partitionType: 'expected an integer partition number',
  partitionNegative: 'partition must not be negative',
  partitionInt32: 'partition must be an int32',
  timestampType: 'expected epoch milliseconds as a number',
  timestampInteger: (got: string) => `expected epoch milliseconds as an integer, got ${got}`,
  topicType: 'expected the topic name as a string',
  topicEmpty: 'topic must not be empty',
  topicLong: 'topic is longer than Kafka allows (249 characters)',
  topicName: (topic: string) =>
    `topic ${JSON.stringify(topic.slice(0, 60))} is not a Kafka topic name (letters, digits, ".", "_" and "-" only, not "." or "..")`,
  keyType: 'expected the key as a string or null (the trigger delivers keys as text)',
  specversion: 'expected the CloudEvents specversion as a string',
  data: 'expected the Kafka message object in data',
  overflowFlag: 'expected overflowFlag to be true or false',
  valueSizeType: 'expected valueSize as a number of bytes',
  valueSizeInteger: 'expected valueSize as a whole number of bytes',
  valueSizeNegative: 'valueSize must not be negative',
  repeated: "given twice in one object; which one is the message's cannot be told (names must be unique)",
  cutShort: (element: number) =>
    `the event is not valid JSON: the event ends after element ${element}, without the closing "]" (is it cut short?)`,
  endsInString: 'the event is not valid JSON: the event ends inside a string (is it cut short?)',
  endsInValue: 'the event is not valid JSON: the event ends in the middle of a value (is it cut short?)',
  eventEmpty: 'the event is not valid JSON: the event is empty',
  eventNotJson: 'the event is not valid JSON: ',
  loneSurrogate: (unit: string, at: number) =>
    `holds an unpaired UTF-16 surrogate (\\u${unit} at character ${at}), which UTF-8 cannot encode: no Kafka message read as text holds one, and strict JSON readers such as DuckDB refuse an object that does`,
} as const;

/** The problem of an element at `path` exactly as given (envelope fields, data itself). */
function problemAt(form: Form, path: string, problem: string): string {
  return `${form === 'ceString' ? ' (a JSON string)' : ''} (${FORM_NAME[form]}) field ${path}: ${problem}`;
}

/** All four problems of an element without the message fields, in the schema's order. */
const MISSING_FIELDS = (form: Form) => [
  fieldProblem(form, 'topic', SAYS.topicType),
  fieldProblem(form, 'partition', SAYS.partitionType),
  fieldProblem(form, 'offset', SAYS.offsetType),
  fieldProblem(form, 'timestamp', SAYS.timestampType),
];

// ---------------------------------------------------------------------------------------------
// The corpus

const TS = 1_700_000_000_000;
const message = (topic: string, offset: number | string | bigint, more: Partial<TriggerMessage> = {}): TriggerMessage => ({
  topic,
  partition: 0,
  offset,
  timestamp: TS + Number(BigInt(offset) % 1000n),
  key: `k${offset}`,
  value: `value ${offset}`,
  ...more,
});
const M = 1024 * 1024;

const cases: HostileCase[] = [];
const add = (category: Category, name: string, build: (topic: string) => BuiltCase) => cases.push({ category, name, build });
const addBinary = (name: string, build: (topic: string) => BuiltCase) =>
  cases.push({ category: 'Binary values', name, build, valueDataType: 'Binary' });

/** Three good CloudEvents on `topic`, the base of cut-short events. */
const threeEvents = (topic: string) => array([1, 2, 3].map((offset) => good('ce', message(topic, offset)))).event;

// not JSON: the event is set aside whole
for (const [name, text] of [
  ['plain text', 'hello'],
  ['an object with unquoted names', '{topic: "t"}'],
  ['single quotes', "{'topic':'t'}"],
  ['XML', '<event><topic>t</topic></event>'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['undefined', 'undefined'],
  ['a hexadecimal number', '0x1F'],
  ['a line comment before the array', '// events\n[]'],
  ['a closing brace', '}'],
  ['a closing bracket', ']'],
  ['a colon', ':'],
  ['a form-encoded body', 'topic=t&partition=0&offset=1'],
  ['the base64 of an event', Buffer.from('[{"topic":"t"}]').toString('base64')],
  ['a truncated literal', 'tru'],
  ['two objects side by side', '{"a":1}{"b":2}'],
] as const) {
  add('not JSON', name, () => wholeEvent(text, SAYS.eventNotJson));
}
add('not JSON', 'gzip bytes', () =>
  wholeEvent(bytes([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]), `the event${SAYS.utf8('8b', 1, 'event')}`),
);
add('not JSON', 'an object closed twice', () => wholeEvent('{"a":1}}', SAYS.eventNotJson));
add('not JSON', 'an array closed twice', (topic) => wholeEvent(bytes(threeEvents(topic), ']'), SAYS.eventNotJson));
add('not JSON', 'text after the array', (topic) => wholeEvent(bytes(threeEvents(topic), ' trailing'), SAYS.eventNotJson));
add('not JSON', 'elements without a comma between them', (topic) =>
  wholeEvent(bytes('[', element('ce', message(topic, 1)), ' ', element('ce', message(topic, 2)), ']'), SAYS.eventNotJson),
);
add('not JSON', 'a bracket closed by a brace', () => wholeEvent('[}', SAYS.eventNotJson));

// truncated JSON: cut at many points of a valid batch
for (const [name, cut, problem] of [
  ['just the opening bracket', (event: Buffer) => event.subarray(0, 1), SAYS.endsInValue],
  ['inside the first member name', (event: Buffer) => event.subarray(0, 5), SAYS.endsInString],
  ['inside a string value', (event: Buffer) => event.subarray(0, event.indexOf('acs:alikafka') + 3), SAYS.endsInString],
  ['after a member colon', (event: Buffer) => event.subarray(0, event.indexOf('"data":') + 7), SAYS.endsInValue],
  ['inside a number', (event: Buffer) => event.subarray(0, event.indexOf('"partition":0') + 12), SAYS.endsInValue],
  ['after the first element', (event: Buffer) => event.subarray(0, event.indexOf('}},{') + 2), SAYS.cutShort(0)],
  ['after the first comma', (event: Buffer) => event.subarray(0, event.indexOf('}},{') + 3), SAYS.endsInValue],
  [
    'after the second element and whitespace',
    (event: Buffer) => bytes(event.subarray(0, event.lastIndexOf('}},{') + 2), ' \n'),
    SAYS.cutShort(1),
  ],
  ['before the closing bracket', (event: Buffer) => event.subarray(0, event.length - 1), SAYS.cutShort(2)],
  ['one byte in', (event: Buffer) => event.subarray(0, 2), SAYS.endsInValue],
] as const) {
  add('truncated JSON', `cut ${name}`, (topic) => {
    const event = cut(threeEvents(topic));
    return wholeEvent(event, problem);
  });
}
add('truncated JSON', 'cut inside a multi-byte character', (topic) => {
  const event = array([good('ce', message(topic, 1, { value: '数据' }))]).event;
  return wholeEvent(event.subarray(0, event.indexOf(Buffer.from('数')) + 2), SAYS.endsInString);
});
add('truncated JSON', 'cut inside an escape', (topic) => {
  const event = array([good('ce', message(topic, 1, { value: 'a"b' }))]).event;
  return wholeEvent(event.subarray(0, event.indexOf('a\\"') + 2), SAYS.endsInString);
});
add('truncated JSON', 'a single CloudEvent cut short', (topic) => {
  const event = element('ce', message(topic, 1));
  return wholeEvent(event.subarray(0, event.length - 10), `the event${SAYS.notJson}`);
});
for (const form of ['raw', 'legacy'] as const) {
  add('truncated JSON', `a ${FORM_NAME[form]} cut short inside the array`, (topic) => {
    const event = array([good(form, message(topic, 1)), good(form, message(topic, 2))]).event;
    return wholeEvent(event.subarray(0, event.lastIndexOf('value 2') + 3), SAYS.endsInString);
  });
}
add('truncated JSON', 'an element with a value cut out', (topic) =>
  array([good('ce', message(topic, 1)), bad(`{"specversion":"1.0","data":{"topic":"${topic}","partition":}}`, SAYS.notJson)]),
);

// invalid UTF-8, in values, keys, topics, headers and envelopes
const BAD_SEQUENCES: Array<[string, number[], string, string | undefined]> = [
  ['0xff', [0xff], 'ff', undefined],
  ['0xfe', [0xfe], 'fe', undefined],
  ['a lone continuation byte', [0x80], '80', undefined],
  ['an overlong "/" (c0 af)', [0xc0, 0xaf], 'c0', 'c0 af'],
  ['an overlong 3-byte NUL (e0 80 80)', [0xe0, 0x80, 0x80], 'e0', 'e0 80 80'],
  ['an overlong 4-byte form (f0 80 80 af)', [0xf0, 0x80, 0x80, 0xaf], 'f0', 'f0 80 80 af'],
  ['a CESU-8 high surrogate (ed a0 80)', [0xed, 0xa0, 0x80], 'ed', 'ed a0 80'],
  ['a CESU-8 surrogate pair for U+1F600', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], 'ed', 'ed a0 bd'],
  ['Latin-1 "café"', [0x63, 0x61, 0x66, 0xe9], 'e9', undefined],
  ['Latin-1 "Grüße"', [0x47, 0x72, 0xfc, 0xdf, 0x65], 'fc', 'fc'],
  ['a sequence cut short (e4 b8)', [0xe4, 0xb8], 'e4', 'e4 b8'],
  ['a code point above U+10FFFF (f4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 'f4', 'f4 90 80 80'],
  ['a 5-byte form (f8 88 80 80 80)', [0xf8, 0x88, 0x80, 0x80, 0x80], 'f8', 'f8 88 80 80'],
];
for (const [name, sequence, byte, shown] of BAD_SEQUENCES) {
  const offsetInText = sequence[0] === 0x63 ? 3 : sequence[0] === 0x47 ? 2 : 0;
  add('invalid UTF-8', `${name} in a value`, (topic) => {
    const bad1 = element('ce', message(topic, 2), { value: rawJson(bytes('"', sequence, '"')) });
    const at = bad1.indexOf(bytes('"', sequence)) + 1 + offsetInText;
    return array([good('ce', message(topic, 1)), bad(bad1, SAYS.utf8(byte, at, 'element', shown === byte ? undefined : shown))]);
  });
}
for (const [name, sequence, byte, shown] of BAD_SEQUENCES.slice(0, 9)) {
  const offsetInText = sequence[0] === 0x63 ? 3 : 0;
  for (const field of ['key', 'topic'] as const) {
    add('invalid UTF-8', `${name} in a ${field}`, (topic) => {
      const form: Form = field === 'key' ? 'raw' : 'legacy';
      const bad1 = element(form, message(topic, 2), { [field]: rawJson(bytes('"', sequence, '"')) });
      const at = bad1.indexOf(bytes('"', sequence)) + 1 + offsetInText;
      return array([good(form, message(topic, 1)), bad(bad1, SAYS.utf8(byte, at, 'element', shown === byte ? undefined : shown))]);
    });
  }
}
add('invalid UTF-8', 'in a header value', (topic) => {
  const bad1 = element('raw', message(topic, 2, { headers: [{ key: 'h', value: 'x' }] }), {
    headers: { headers: [{ key: 'h', value: rawJson(bytes('"', [0xff], '"')) }], isReadOnly: false },
  });
  return array([good('raw', message(topic, 1)), bad(bad1, SAYS.utf8('ff', bad1.indexOf(0xff)))]);
});
add('invalid UTF-8', 'in a CloudEvent envelope field', (topic) => {
  const bad1 = element('ce', message(topic, 2), {}, { source: rawJson(bytes('"acs:', [0xc0, 0xaf], '"')) });
  return array([good('ce', message(topic, 1)), bad(bad1, SAYS.utf8('c0', bad1.indexOf(0xc0), 'element', 'c0 af'))]);
});
add('invalid UTF-8', 'inside a CloudEvent sent as a JSON string', (topic) => {
  const bad1 = element('ceString', message(topic, 2), { value: rawJson(bytes('"', [0xe9], '"')) });
  return array([good('ceString', message(topic, 1)), bad(bad1, SAYS.utf8('e9', bad1.indexOf(0xe9)))]);
});
add('invalid UTF-8', 'between elements, before an element', (topic) => {
  const bad1 = bytes([0xff], element('raw', message(topic, 2)));
  return array([good('raw', message(topic, 1)), bad(bad1, SAYS.utf8('ff', 0)), good('raw', message(topic, 3))]);
});
add('invalid UTF-8', 'in a member name', (topic) => {
  const bad1 = bytes('{"topic":"', topic, '","partition":0,"offset":2,"timestamp":1,"v', [0xe1], 'lue":"x"}');
  return array([good('raw', message(topic, 1)), bad(bad1, SAYS.utf8('e1', bad1.indexOf(0xe1)))]);
});
add('invalid UTF-8', 'in a single CloudEvent, set aside whole as base64', (topic) => {
  const event = element('ce', message(topic, 1), { value: rawJson(bytes('"', [0xfe], '"')) });
  return wholeEvent(event, `the event${SAYS.utf8('fe', event.indexOf(0xfe), 'event')}`);
});
add('invalid UTF-8', 'UTF-16LE text', (topic) => {
  const event = Buffer.from(`[${element('raw', message(topic, 1)).toString()}]`, 'utf16le');
  return wholeEvent(event, SAYS.eventNotJson);
});
add('invalid UTF-8', 'every element bad, each set aside on its own', (topic) => {
  const parts = [0xff, 0xc0, 0xed].map((lead, offset) => {
    const b = element('raw', message(topic, offset), { value: rawJson(bytes('"', [lead, 0xa0, 0x80], '"')) });
    return bad(b, SAYS.utf8(lead.toString(16), b.indexOf(lead), 'element', `${lead.toString(16)} a0 80`));
  });
  return array(parts);
});

// byte order marks
const BOM = [0xef, 0xbb, 0xbf];
add('byte order marks', 'a UTF-8 BOM before an array', (topic) => {
  const built = array([good('ce', message(topic, 1)), good('raw', message(topic, 2))]);
  return { ...built, event: bytes(BOM, built.event) };
});
add('byte order marks', 'a UTF-8 BOM before a single CloudEvent', (topic) => single(good('ce', message(topic, 1)), { before: bytes(BOM) }));
add('byte order marks', 'a UTF-8 BOM then whitespace', (topic) => {
  const built = array([good('raw', message(topic, 1))]);
  return { ...built, event: bytes(BOM, ' \n', built.event) };
});
add('byte order marks', 'two UTF-8 BOMs', (topic) => wholeEvent(bytes(BOM, BOM, threeEvents(topic)), SAYS.eventNotJson));
add('byte order marks', 'a BOM alone', () => wholeEvent(bytes(BOM), SAYS.eventEmpty));
add('byte order marks', 'a BOM inside the array, before an element', (topic) =>
  array([good('raw', message(topic, 1)), bad(bytes(BOM, element('raw', message(topic, 2))), SAYS.notJson)]),
);
add('byte order marks', 'a BOM after the array', (topic) => wholeEvent(bytes(threeEvents(topic), BOM), SAYS.eventNotJson));
add('byte order marks', 'a UTF-16BE BOM', () =>
  wholeEvent(bytes([0xfe, 0xff], Buffer.from('[]', 'utf16le').swap16()), `the event${SAYS.utf8('fe', 0, 'event')}`),
);
add('byte order marks', 'a UTF-16LE BOM', () =>
  wholeEvent(bytes([0xff, 0xfe], Buffer.from('[]', 'utf16le')), `the event${SAYS.utf8('ff', 0, 'event')}`),
);
add('byte order marks', 'a UTF-32LE BOM', () =>
  wholeEvent(bytes([0xff, 0xfe, 0x00, 0x00], '[]'), `the event${SAYS.utf8('ff', 0, 'event')}`),
);

// empty and whitespace-only
for (const [name, text] of [
  ['empty', ''],
  ['a space', ' '],
  ['a newline', '\n'],
  ['all four JSON whitespace characters', ' \t\r\n \t\r\n'],
  ['a megabyte of spaces', ' '.repeat(M)],
] as const) {
  add('empty and whitespace-only', name, () => wholeEvent(text, SAYS.eventEmpty));
}
for (const [name, text] of [
  ['a no-break space', '\u00a0'],
  ['a vertical tab', '\u000b'],
  ['a form feed', '\f'],
  ['an ideographic space', '\u3000'],
  ['a NUL byte', '\u0000'],
] as const) {
  add('empty and whitespace-only', `${name} (not JSON whitespace)`, () => wholeEvent(text, SAYS.eventNotJson));
}
add('empty and whitespace-only', 'an empty array', () => nothing('[]'));
add('empty and whitespace-only', 'an empty array with whitespace inside and around', () => nothing(' \n[ \t\r\n ]\n '));
add('empty and whitespace-only', 'an array of one empty string', () => array([bad('""', SAYS.notJsonString)]));
add('empty and whitespace-only', 'an array of one empty object', () => array([bad('{}', ...MISSING_FIELDS('raw'))]));
add('empty and whitespace-only', 'an empty element between good ones', (topic) =>
  array([good('raw', message(topic, 1)), bad('', SAYS.emptyElement), good('raw', message(topic, 2))]),
);
add('empty and whitespace-only', 'a comma before the closing bracket', (topic) =>
  array([good('raw', message(topic, 1)), bad('', SAYS.emptyElement)]),
);
add('empty and whitespace-only', 'a comma after the opening bracket', (topic) =>
  array([bad('', SAYS.emptyElement), good('raw', message(topic, 1))]),
);

// wrong top-level types
for (const [name, text, got] of [
  ['a number', '42', 'number'],
  ['a negative number', '-1', 'number'],
  ['true', 'true', 'boolean'],
  ['false', 'false', 'boolean'],
  ['null', 'null', 'null'],
] as const) {
  add('wrong top-level types', name, () => single(bad(text, SAYS.mustBeObject(got))));
}
add('wrong top-level types', 'a string that is not JSON', () => single(bad('"hello"', SAYS.notJsonString)));
add('wrong top-level types', 'a string holding an array', () => single(bad('"[1,2]"', SAYS.mustBeObject('an array', ' (a JSON string)'))));
add('wrong top-level types', 'a string holding a CloudEvent', (topic) => single(good('ceString', message(topic, 1))));
add('wrong top-level types', 'an array of arrays of CloudEvents', (topic) =>
  array([bad(array([good('ce', message(topic, 1))]).event, SAYS.mustBeObject('an array'))]),
);
add('wrong top-level types', 'an object wrapping the events', (topic) =>
  single(bad(bytes('{"events":', threeEvents(topic), '}'), ...MISSING_FIELDS('raw'))),
);
add('wrong top-level types', 'an empty object', () => single(bad('{}', ...MISSING_FIELDS('raw')), { after: '\n' }));
add('wrong top-level types', 'a string holding a string holding a CloudEvent', (topic) =>
  single(bad(JSON.stringify(element('ceString', message(topic, 1)).toString()), SAYS.mustBeObject('string', ' (a JSON string)'))),
);

// one bad element among good ones
for (const [name, text, problem] of [
  ['a number', '7', SAYS.mustBeObject('number')],
  ['null', 'null', SAYS.mustBeObject('null')],
  ['an array', '[1,2]', SAYS.mustBeObject('an array')],
  ['a string that is not JSON', '"{oops"', SAYS.notJsonString],
  ['an object that is not JSON', '{oops}', SAYS.notJson],
  ['a bracket closing a brace', '{"a":1]', SAYS.notJson],
  ['a bare word', 'offset', SAYS.notJson],
  ['a number with text after it', '12abc', SAYS.notJson],
] as const) {
  for (const where of ['first', 'middle', 'last'] as const) {
    add('one bad element among good ones', `${name}, ${where}`, (topic) => {
      const goods = [1, 2, 3].map((offset) => good(FORMS[offset] as Form, message(topic, offset)));
      const position = { first: 0, middle: 1, last: 3 }[where];
      const parts = [...goods];
      parts.splice(position, 0, bad(text, problem));
      return array(parts, ' ,\n ');
    });
  }
}
add('one bad element among good ones', 'every second element bad', (topic) =>
  array(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? good('ce', message(topic, i)) : bad(String(i), SAYS.mustBeObject('number'))))),
);

// wrong field types, every field of every form
const WRONG_TYPES: Array<[string, unknown]> = [
  ['true', true],
  ['null', null],
  ['an array', []],
  ['an object', {}],
  ['missing', undefined],
];
/** Each message field: what a value of the wrong type gets, and one more wrong value with its problem. */
const FIELD_RULES: Record<string, { wrongType: string; other: [string, unknown, string] }> = {
  topic: { wrongType: SAYS.topicType, other: ['a number', 7, SAYS.topicType] },
  partition: { wrongType: SAYS.partitionType, other: ['a string of digits', '3', SAYS.partitionType] },
  offset: { wrongType: SAYS.offsetType, other: ['a word', 'twelve', SAYS.offsetDigits('twelve')] },
  timestamp: { wrongType: SAYS.timestampType, other: ['a word', 'soon', SAYS.timestampInteger('"soon"')] },
  key: { wrongType: SAYS.keyType, other: ['a number', 7, SAYS.keyType] },
};
for (const form of FORMS) {
  for (const [field, { wrongType, other }] of Object.entries(FIELD_RULES)) {
    for (const [name, wrong, problem] of [...WRONG_TYPES.map(([n, v]): [string, unknown, string] => [n, v, wrongType]), other]) {
      // A null or missing key is a message without a key (the accepted cases of "keys that are not strings").
      if (field === 'key' && (wrong === null || wrong === undefined)) continue;
      add('wrong field types', `${FORM_NAME[form]}${form === 'ceString' ? ' as a JSON string' : ''}: ${field} ${name}`, (topic) =>
        array([
          good(form, message(topic, 1)),
          bad(element(form, message(topic, 2), { [field]: wrong }), fieldProblem(form, field, problem)),
        ]),
      );
    }
  }
}
for (const form of ['ce', 'ceString'] as const) {
  const label = `CloudEvent${form === 'ceString' ? ' as a JSON string' : ''}`;
  for (const [name, wrong] of [
    ['a number', 1],
    ['true', true],
    ['null', null],
    ['an array', []],
    ['an object', {}],
  ] as const) {
    add('wrong field types', `${label}: specversion ${name}`, (topic) =>
      array([
        good(form, message(topic, 1)),
        bad(element(form, message(topic, 2), {}, { specversion: wrong }), fieldProblem(form, 'specversion', SAYS.specversion)),
      ]),
    );
  }
  for (const [name, wrong] of [
    ['a JSON string of the message', JSON.stringify({ topic: 't', partition: 0, offset: 2, timestamp: 1 })],
    ['a number', 7],
    ['true', true],
    ['null', null],
    ['an array of the message', [{ topic: 't', partition: 0, offset: 2, timestamp: 1 }]],
    ['missing', undefined],
  ] as const) {
    add('wrong field types', `${label}: data ${name}`, (topic) =>
      array([
        good(form, message(topic, 1)),
        bad(element(form, message(topic, 2), {}, { data: wrong }), fieldProblem(form, 'data', SAYS.data)),
      ]),
    );
  }
  add('wrong field types', `${label}: data empty`, (topic) =>
    array([good(form, message(topic, 1)), bad(element(form, message(topic, 2), {}, { data: {} }), ...MISSING_FIELDS(form))]),
  );
}
for (const [name, wrong, problem] of [
  ['a string', 'false', SAYS.overflowFlag],
  ['a number', 0, SAYS.overflowFlag],
  ['null', null, SAYS.overflowFlag],
  ['missing', undefined, SAYS.overflowFlag],
] as const) {
  add('wrong field types', `legacy connector record: overflowFlag ${name}`, (topic) =>
    array([
      good('legacy', message(topic, 1)),
      bad(element('legacy', message(topic, 2), { overflowFlag: wrong }), fieldProblem('legacy', 'overflowFlag', problem)),
    ]),
  );
}
for (const [name, wrong, problem] of [
  ['a string', '5', SAYS.valueSizeType],
  ['true', true, SAYS.valueSizeType],
  ['null', null, SAYS.valueSizeType],
  ['negative', -1, SAYS.valueSizeNegative],
  ['fractional', 1.5, SAYS.valueSizeInteger],
  ['beyond 2^53', 2 ** 60, SAYS.valueSizeInteger],
] as const) {
  add('wrong field types', `legacy connector record: valueSize ${name}`, (topic) =>
    array([
      good('legacy', message(topic, 1)),
      bad(element('legacy', message(topic, 2), { valueSize: wrong }), fieldProblem('legacy', 'valueSize', problem)),
    ]),
  );
}
add('wrong field types', 'legacy connector record: a valueSize that does not match is recomputed', (topic) => {
  const m = message(topic, 2, { value: 'four' });
  return array([good('legacy', message(topic, 1)), accepted(element('legacy', m, { valueSize: 999 }), expected('legacy', m))]);
});
add('wrong field types', 'legacy connector record: overflowFlag true keeps the size the connector cut from', (topic) => {
  const m = message(topic, 2, { value: 'cut' });
  return array([
    accepted(element('legacy', m, { overflowFlag: true, valueSize: 272687 }), expected('legacy', m, { truncatedFromBytes: 272687 })),
  ]);
});
add('wrong field types', 'RawData: a valueSize makes it a legacy record without overflowFlag', (topic) =>
  array([bad(element('raw', message(topic, 2), { valueSize: 3 }), fieldProblem('legacy', 'overflowFlag', SAYS.overflowFlag))]),
);
add('wrong field types', 'a value of every JSON type is archived as its JSON text', (topic) =>
  array([{ a: [1, { b: null }] }, [true, false], 42, -1.5, false, true].map((value, i) => good('ce', message(topic, i + 1, { value })))),
);
add('wrong field types', 'headers of unexpected shapes are kept as they came', (topic) =>
  array([
    accepted(element('raw', message(topic, 1), { headers: 'x' }), expected('raw', message(topic, 1), { headers: '"x"' })),
    accepted(element('raw', message(topic, 2), { headers: [{ k: 'v' }] }), expected('raw', message(topic, 2), { headers: '[{"k":"v"}]' })),
    accepted(
      element('raw', message(topic, 3), { headers: { headers: 5 } }),
      expected('raw', message(topic, 3), { headers: '{"headers":5}' }),
    ),
    accepted(element('raw', message(topic, 4), { headers: 12 }), expected('raw', message(topic, 4), { headers: '12' })),
  ]),
);

// offsets beyond 2^53 as numbers (rounded by any JSON parser), and as strings (exact)
for (const [name, digits, rounded] of [
  ['2^53', '9007199254740992', '9007199254740992'],
  ['2^53 + 1', '9007199254740993', '9007199254740992'],
  ['2^63 - 1', '9223372036854775807', '9223372036854776000'],
  ['2^64 - 1', '18446744073709551615', '18446744073709552000'],
  ['1e19', '1e19', '10000000000000000000'],
] as const) {
  for (const form of FORMS) {
    add('offsets beyond 2^53 as numbers', `${name} as a number, ${FORM_NAME[form]}${form === 'ceString' ? ' as a string' : ''}`, (topic) =>
      array([
        good(form, message(topic, 1)),
        bad(element(form, message(topic, 2), { offset: rawJson(digits) }), fieldProblem(form, 'offset', SAYS.offsetRounded(rounded))),
      ]),
    );
  }
}
for (const digits of ['9007199254740993', '9223372036854775807']) {
  add('offsets beyond 2^53 as numbers', `${digits} as a string keeps every digit`, (topic) =>
    array([good('ce', message(topic, digits)), good('legacy', message(topic, BigInt(digits) - 1n))]),
  );
}
for (const digits of ['9223372036854775808', '18446744073709551616', '-1', '+1', ' 1', '1.0', '00000000000000000001']) {
  add('offsets beyond 2^53 as numbers', `the string ${JSON.stringify(digits)} is not an int64 offset`, (topic) =>
    array([bad(element('raw', message(topic, 1), { offset: digits }), fieldProblem('raw', 'offset', SAYS.offsetDigits(digits)))]),
  );
}

// negative, fractional and huge numbers
for (const [field, json, problem] of [
  ['offset', '-1', SAYS.offsetNumber('-1')],
  ['offset', '1.5', SAYS.offsetNumber('1.5')],
  ['offset', '-1.5', SAYS.offsetNumber('-1.5')],
  ['offset', '1e400', SAYS.offsetType],
  ['offset', '-1e400', SAYS.offsetType],
  ['partition', '-1', SAYS.partitionNegative],
  ['partition', '1.5', SAYS.partitionType],
  ['partition', '2147483648', SAYS.partitionInt32],
  ['partition', '1e400', SAYS.partitionType],
  ['partition', '-1e400', SAYS.partitionType],
  ['timestamp', '1.5', SAYS.timestampInteger('1.5')],
  ['timestamp', '9007199254740992', SAYS.timestampInteger('9007199254740992')],
  ['timestamp', '-9007199254740992', SAYS.timestampInteger('-9007199254740992')],
  ['timestamp', '1e400', SAYS.timestampType],
  ['timestamp', '"12.5"', SAYS.timestampInteger('"12.5"')],
] as const) {
  add('negative, fractional and huge numbers', `${field} ${json}`, (topic) =>
    array([
      good('raw', message(topic, 1)),
      bad(element('raw', message(topic, 2), { [field]: rawJson(json) }), fieldProblem('raw', field, problem)),
    ]),
  );
}
for (const [name, patch, changes] of [
  ['offset 1e2 is the integer 100', { offset: rawJson('1e2') }, { offset: 100n }],
  ['offset 7.0 is the integer 7', { offset: rawJson('7.0') }, { offset: 7n }],
  ['partition 2147483647, the largest int32', { partition: 2147483647 }, { partition: 2147483647 }],
  ['timestamp -1, Kafka\'s "no timestamp"', { timestamp: -1 }, { timestamp: -1 }],
  ['timestamp beyond the last Date', { timestamp: 8.64e15 + 1 }, { timestamp: 8.64e15 + 1 }],
  ['timestamp before the first Date', { timestamp: -8.64e15 - 1 }, { timestamp: -8.64e15 - 1 }],
  ['timestamp as a string of digits', { timestamp: '1655952591589' }, { timestamp: 1655952591589 }],
  ['timestamp as a negative string', { timestamp: '-5' }, { timestamp: -5 }],
] as const) {
  add('negative, fractional and huge numbers', name, (topic) => {
    const m = message(topic, 1);
    return array([accepted(element('raw', m, patch), expected('raw', m, changes))]);
  });
}

// __proto__, constructor and prototype keys, at every level
const PROTO = rawJson('{"polluted":true,"topic":"evil","__proto__":{"polluted":true}}');
for (const name of ['__proto__', 'constructor', 'prototype']) {
  add('__proto__, constructor and prototype keys', `${name} in a CloudEvent envelope`, (topic) =>
    array([accepted(element('ce', message(topic, 1), {}, { [name]: PROTO }), expected('ce', message(topic, 1)))]),
  );
  add('__proto__, constructor and prototype keys', `${name} in data`, (topic) =>
    array([accepted(element('ce', message(topic, 1), { [name]: PROTO }), expected('ce', message(topic, 1)))]),
  );
  add('__proto__, constructor and prototype keys', `${name} in a legacy record`, (topic) =>
    array([accepted(element('legacy', message(topic, 1), { [name]: PROTO }), expected('legacy', message(topic, 1)))]),
  );
  add('__proto__, constructor and prototype keys', `${name} inside a value`, (topic) => {
    const m = message(topic, 1);
    const json = `{"${name}":{"polluted":true},"a":{"${name}":{"prototype":{"polluted":true}}}}`;
    return array([accepted(element('raw', m, { value: rawJson(json) }), expected('raw', m, { value: { json } }))]);
  });
  add('__proto__, constructor and prototype keys', `${name} in the headers wrapper and entries`, (topic) => {
    const m = message(topic, 1);
    const entries = `[{"key":"h","${name}":{"polluted":true}}]`;
    const headers = rawJson(`{"${name}":{"polluted":true},"headers":${entries},"isReadOnly":false}`);
    return array([accepted(element('raw', m, { headers }), expected('raw', m, { headers: entries }))]);
  });
  add('__proto__, constructor and prototype keys', `${name} as a topic name`, () => array([good('raw', message(name, 1))]));
  add('__proto__, constructor and prototype keys', `${name} as a key`, (topic) => array([good('ce', message(topic, 1, { key: name }))]));
}
add('__proto__, constructor and prototype keys', '__proto__ instead of the message fields', (topic) =>
  array([bad(`{"__proto__":${element('raw', message(topic, 1)).toString()}}`, ...MISSING_FIELDS('raw'))]),
);
add('__proto__, constructor and prototype keys', '__proto__ holding specversion does not make a CloudEvent', (topic) =>
  array([
    accepted(element('raw', message(topic, 1), { ['__proto__']: rawJson('{"specversion":"1.0"}') }), expected('raw', message(topic, 1))),
  ]),
);

// 100,000-level nesting, in values and in headers
const DEEP = 100_000;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
for (const [name, json] of [
  ['an array value 100,000 levels deep', () => deepArray(DEEP)],
  ['an object value 100,000 levels deep', () => deepObject(DEEP)],
  ['an object value 5,000 levels deep (once a stack overflow)', () => deepObject(5_000)],
] as const) {
  for (const form of ['ce', 'raw', 'legacy', 'ceString'] as const) {
    add('100,000-level nesting', `${name}, ${FORM_NAME[form]}${form === 'ceString' ? ' as a string' : ''}`, (topic) => {
      const m = message(topic, 1);
      const text = json();
      return array([accepted(element(form, m, { value: rawJson(text) }), expected(form, m, { value: { json: text } }))]);
    });
  }
}
add('100,000-level nesting', 'a deep value with whitespace between its brackets', (topic) => {
  const m = message(topic, 1);
  const text = `${'[ '.repeat(DEEP)}${' ]'.repeat(DEEP)}`;
  return array([accepted(element('raw', m, { value: rawJson(text) }), expected('raw', m, { value: { json: deepArray(DEEP) } }))]);
});
add('100,000-level nesting', 'headers 100,000 levels deep in the wrapper', (topic) => {
  const m = message(topic, 1);
  const headers = rawJson(`{"headers":${deepArray(DEEP)},"isReadOnly":false}`);
  return array([accepted(element('ce', m, { headers }), expected('ce', m, { headers: deepArray(DEEP) }))]);
});
add('100,000-level nesting', 'headers 100,000 levels deep, not wrapped', (topic) => {
  const m = message(topic, 1);
  return array([accepted(element('raw', m, { headers: rawJson(deepObject(DEEP)) }), expected('raw', m, { headers: deepObject(DEEP) }))]);
});
add('100,000-level nesting', 'a header entry 100,000 levels deep', (topic) => {
  const m = message(topic, 1);
  const entries = `[{"key":"h","value":${deepArray(DEEP)}}]`;
  return array([accepted(element('raw', m, { headers: rawJson(`{"headers":${entries}}`) }), expected('raw', m, { headers: entries }))]);
});
add('100,000-level nesting', 'an unknown field 100,000 levels deep is ignored', (topic) =>
  array([accepted(element('ce', message(topic, 1), {}, { extension: rawJson(deepArray(DEEP)) }), expected('ce', message(topic, 1)))]),
);
for (const field of ['topic', 'offset', 'key'] as const) {
  add('100,000-level nesting', `a ${field} 100,000 levels deep`, (topic) => {
    const problem = { topic: SAYS.topicType, offset: SAYS.offsetType, key: SAYS.keyType }[field];
    return array([
      good('raw', message(topic, 1)),
      bad(element('raw', message(topic, 2), { [field]: rawJson(deepObject(DEEP)) }), fieldProblem('raw', field, problem)),
    ]);
  });
}
add('100,000-level nesting', 'data 100,000 levels deep', (topic) =>
  array([bad(element('ce', message(topic, 1), {}, { data: rawJson(deepArray(DEEP)) }), fieldProblem('ce', 'data', SAYS.data))]),
);
add('100,000-level nesting', 'an element 100,000 levels deep', () => array([bad(deepObject(DEEP), ...MISSING_FIELDS('raw'))]));
add('100,000-level nesting', 'the event 100,000 levels deep', () => array([bad(deepArray(DEEP - 1), SAYS.mustBeObject('an array'))]));
add('100,000-level nesting', 'a JSON string element 100,000 levels deep', () =>
  array([bad(JSON.stringify(deepArray(DEEP)), SAYS.mustBeObject('an array', ' (a JSON string)'))]),
);
add('100,000-level nesting', '100,000 opening brackets, never closed', () => wholeEvent(`[${'['.repeat(DEEP)}`, SAYS.endsInValue));

// huge strings, tens of MB
const HUGE = 20 * M;
/** Tens of MB where the size only has to be far beyond any limit. */
const LARGE = 12 * M;
add('huge strings', 'a 20 MB text value, cut to MAX_VALUE_BYTES and spilled whole', (topic) =>
  array([good('ce', message(topic, 1, { value: 'v'.repeat(HUGE) }))]),
);
add('huge strings', 'a 21 MB CJK value, cut on a character boundary', (topic) =>
  array([good('raw', message(topic, 1, { value: `a${'数'.repeat(HUGE / 3)}` }))]),
);
add('huge strings', 'a 12 MB key', (topic) => array([good('ce', message(topic, 1, { key: 'k'.repeat(LARGE) }))]));
add('huge strings', 'a 12 MB topic', (topic) =>
  array([good('raw', message(topic, 1)), bad(element('raw', message('t'.repeat(LARGE), 2)), fieldProblem('raw', 'topic', SAYS.topicLong))]),
);
add('huge strings', 'a 12 MB unknown envelope field', (topic) =>
  array([accepted(element('ce', message(topic, 1), {}, { padding: 'p'.repeat(LARGE) }), expected('ce', message(topic, 1)))]),
);
add('huge strings', 'a 12 MB string element that is not JSON', (topic) =>
  array([good('raw', message(topic, 1)), bad(JSON.stringify(`{${'x'.repeat(LARGE)}`), SAYS.notJsonString)]),
);
add('huge strings', 'a 12 MB timestamp string', (topic) =>
  array([
    bad(
      element('raw', message(topic, 1), { timestamp: '9'.repeat(LARGE) }),
      fieldProblem('raw', 'timestamp', SAYS.timestampInteger(`"${'9'.repeat(59)}…`)),
    ),
  ]),
);
add('huge strings', 'a 12 MB value with invalid UTF-8 at its end', (topic) => {
  const b = element('raw', message(topic, 1), { value: rawJson(bytes('"', 'x'.repeat(LARGE), [0xff], '"')) });
  return array([bad(b, SAYS.utf8('ff', b.indexOf(0xff)))]);
});

// topics outside Kafka's alphabet
for (const [name, topic, problem] of [
  ['"."', '.', SAYS.topicName('.')],
  ['".."', '..', SAYS.topicName('..')],
  ['"/"', '/', SAYS.topicName('/')],
  ['a path', 'a/b', SAYS.topicName('a/b')],
  ['a path that climbs', '../../etc', SAYS.topicName('../../etc')],
  ['a backslash', 'a\\b', SAYS.topicName('a\\b')],
  ['a space', 'my topic', SAYS.topicName('my topic')],
  ['a tab', 'a\tb', SAYS.topicName('a\tb')],
  ['a newline', 'a\nb', SAYS.topicName('a\nb')],
  ['a percent sign', 'a%2Fb', SAYS.topicName('a%2Fb')],
  ['a colon', 'a:b', SAYS.topicName('a:b')],
  ['"é"', 'topic-é', SAYS.topicName('topic-é')],
  ['CJK', '数据', SAYS.topicName('数据')],
  ['249 CJK characters', '数'.repeat(249), SAYS.topicName('数'.repeat(249))],
  ['an emoji', 'orders-😀', SAYS.topicName('orders-😀')],
  ['full-width letters', 'ＡＢＣ', SAYS.topicName('ＡＢＣ')],
  ['a right-to-left override', 'abc\u202edef', SAYS.topicName('abc\u202edef')],
  ['a zero-width space', 'ab\u200bc', SAYS.topicName('ab\u200bc')],
  ['250 characters', 'a'.repeat(250), SAYS.topicLong],
  ['250 CJK characters', '数'.repeat(250), SAYS.topicLong],
  ['an empty name', '', SAYS.topicEmpty],
] as const) {
  add('topics outside the Kafka alphabet', name, (own) =>
    array([good('ce', message(own, 1)), bad(element('ce', message(topic, 2)), fieldProblem('ce', 'topic', problem))]),
  );
}
for (const topic of ['a'.repeat(249), '...', '-', '_', 'a.b_c-D9']) {
  add(
    'topics outside the Kafka alphabet',
    `the valid name ${JSON.stringify(topic.length > 20 ? `${topic.slice(0, 10)}… (${topic.length})` : topic)}`,
    () => array([good('ce', message(topic, 1))]),
  );
}

// keys that are not strings
for (const [name, key] of [
  ['a number', rawJson('5')],
  ['zero', rawJson('0')],
  ['1e400', rawJson('1e400')],
  ['true', true],
  ['false', false],
  ['an object', { id: 1 }],
  ['an array of bytes', [107, 101, 121]],
  ['a serialized Buffer', { type: 'Buffer', data: [107, 101, 121] }],
  ['an empty array', []],
] as const) {
  for (const form of ['ce', 'raw', 'legacy'] as const) {
    add('keys that are not strings', `${name}, ${FORM_NAME[form]}`, (topic) =>
      array([good(form, message(topic, 1)), bad(element(form, message(topic, 2), { key }), fieldProblem(form, 'key', SAYS.keyType))]),
    );
  }
}
for (const form of FORMS) {
  for (const [name, key] of [
    ['null', null],
    ['missing', undefined],
  ] as const) {
    add('keys that are not strings', `a ${name} key is no key, ${FORM_NAME[form]}${form === 'ceString' ? ' as a string' : ''}`, (topic) => {
      const m = message(topic, 1);
      return array([accepted(element(form, m, { key }), expected(form, m, { key: null }))]);
    });
  }
}
add('keys that are not strings', 'an empty string key is a key', (topic) => array([good('raw', message(topic, 1, { key: '' }))]));
add('keys that are not strings', 'a key that looks like JSON stays text', (topic) =>
  array([good('raw', message(topic, 1, { key: '{"id":1}' }))]),
);

// duplicate JSON keys
const FIELDS = (topic: string, offset = 1) => `"topic":"${topic}","partition":0,"offset":${offset},"timestamp":${TS}`;
for (const [name, text, field, form] of [
  ['topic', (t: string) => `{"topic":"other",${FIELDS(t)}}`, 'topic', 'raw'],
  ['offset', (t: string) => `{${FIELDS(t)},"offset":2}`, 'offset', 'raw'],
  ['value', (t: string) => `{${FIELDS(t)},"value":"a","value":{"b":1}}`, 'value', 'raw'],
  ['value, spelled with an escape', (t: string) => `{${FIELDS(t)},"value":"a","val\\u0075e":"b"}`, 'value', 'raw'],
  ['key', (t: string) => `{${FIELDS(t)},"key":"a","key":"b"}`, 'key', 'raw'],
  [
    "the headers wrapper's headers",
    (t: string) => `{${FIELDS(t)},"headers":{"headers":[],"headers":[{"key":"h"}]}}`,
    'headers.headers',
    'raw',
  ],
  ['data', (t: string) => `{"specversion":"1.0","data":{${FIELDS(t)}},"data":{${FIELDS(t, 2)}}}`, 'data', 'ce'],
  ['specversion', (t: string) => `{"specversion":"1.0","specversion":"2.0","data":{${FIELDS(t)}}}`, 'specversion', 'ce'],
  ['an envelope extension', (t: string) => `{"specversion":"1.0","id":"a","id":"b","data":{${FIELDS(t)}}}`, 'id', 'ce'],
  ['data.value', (t: string) => `{"specversion":"1.0","data":{${FIELDS(t)},"value":1,"value":2}}`, 'data.value', 'ce'],
  [
    'data.headers.headers',
    (t: string) => `{"specversion":"1.0","data":{${FIELDS(t)},"headers":{"headers":[{"key":"a"}],"headers":[]}}}`,
    'data.headers.headers',
    'ce',
  ],
  [
    "a legacy record's valueSize",
    (t: string) => `{"key":"k","offset":1,"overflowFlag":false,"partition":0,"timestamp":1,"topic":"${t}","valueSize":1,"valueSize":2}`,
    'valueSize',
    'legacy',
  ],
] as const) {
  add('duplicate JSON keys', name, (topic) =>
    array([good('ce', message(topic, 5)), bad(text(topic), problemAt(form, field, SAYS.repeated))]),
  );
}
add('duplicate JSON keys', 'inside a CloudEvent sent as a JSON string', (topic) =>
  array([
    bad(
      JSON.stringify(`{"specversion":"1.0","data":{${FIELDS(topic)},"key":"a","key":"b"}}`),
      fieldProblem('ceString', 'key', SAYS.repeated),
    ),
  ]),
);
add('duplicate JSON keys', 'inside a value, archived as it came', (topic) => {
  const m = message(topic, 1);
  return array([
    accepted(element('raw', m, { value: rawJson('{"a":1,"a":2}') }), expected('raw', m, { value: { json: '{"a":1,"a":2}' } })),
  ]);
});
add('duplicate JSON keys', 'inside a header entry, kept as it came', (topic) => {
  const m = message(topic, 1);
  const entries = '[{"key":"a","key":"b"}]';
  return array([accepted(element('raw', m, { headers: rawJson(`{"headers":${entries}}`) }), expected('raw', m, { headers: entries }))]);
});

// NUL and control characters
for (const [name, value] of [
  ['a NUL', 'a\u0000b'],
  ['every C0 control character', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')],
  ['DEL and C1 controls', '\u007f\u0080\u009f'],
  ['an ANSI escape sequence', '\u001b[31mred\u001b[0m'],
  ['CR LF', 'line1\r\nline2'],
  ['U+2028 and U+2029', 'a\u2028b\u2029c'],
  ['a byte order mark inside', '\ufeffvalue'],
] as const) {
  add('NUL and control characters', `${name} in a value`, (topic) => array([good('ce', message(topic, 1, { value }))]));
  add('NUL and control characters', `${name} in a key`, (topic) => array([good('raw', message(topic, 1, { key: value }))]));
}
add('NUL and control characters', 'a NUL in a topic', (topic) =>
  array([bad(element('raw', message(`${topic}\u0000`, 1)), fieldProblem('raw', 'topic', SAYS.topicName(`${topic}\u0000`)))]),
);
add('NUL and control characters', 'an ANSI escape in a topic', (topic) =>
  array([bad(element('raw', message(`\u001b[2J${topic}`, 1)), fieldProblem('raw', 'topic', SAYS.topicName(`\u001b[2J${topic}`)))]),
);
add('NUL and control characters', 'a raw NUL byte inside a string', (topic) =>
  array([good('raw', message(topic, 1)), bad(element('raw', message(topic, 2), { value: rawJson(bytes('"a', [0], 'b"')) }), SAYS.notJson)]),
);
add('NUL and control characters', 'a raw newline inside a string', (topic) =>
  array([bad(element('raw', message(topic, 1), { key: rawJson('"a\nb"') }), SAYS.notJson), good('raw', message(topic, 2))]),
);
add('NUL and control characters', 'a raw DEL byte inside a string is text', (topic) => {
  const m = message(topic, 1, { value: 'a\u007fb' });
  return array([accepted(element('raw', m, { value: rawJson('"a\u007fb"') }), expected('raw', m))]);
});
add('NUL and control characters', 'a NUL byte between elements', (topic) =>
  wholeEvent(bytes('[', element('raw', message(topic, 1)), [0], ',', element('raw', message(topic, 2)), ']'), SAYS.eventNotJson),
);
add('NUL and control characters', 'a NUL byte after the array', (topic) => wholeEvent(bytes(threeEvents(topic), [0]), SAYS.eventNotJson));

// lone surrogate escapes: no UTF-8 text holds one, so the element is set aside whole
for (const [name, escaped, text, unit, at] of [
  ['a high surrogate', '\\ud800', '\ud800', 'd800', 0],
  ['a low surrogate', '\\udc00', '\udc00', 'dc00', 0],
  ['two high surrogates', '\\ud800\\ud800', '\ud800\ud800', 'd800', 0],
  ['a pair the wrong way round', '\\udc00\\ud800', '\udc00\ud800', 'dc00', 0],
  ['a high surrogate at the end', 'abc\\udbff', 'abc\udbff', 'dbff', 3],
] as const) {
  add('lone surrogate escapes', `${name} in a value`, (topic) =>
    array([
      bad(element('ce', message(topic, 1), { value: rawJson(`"${escaped}"`) }), fieldProblem('ce', 'value', SAYS.loneSurrogate(unit, at))),
      good('ce', message(topic, 2)),
    ]),
  );
  add('lone surrogate escapes', `${name} in a key`, (topic) =>
    array([
      bad(element('raw', message(topic, 1), { key: rawJson(`"${escaped}"`) }), fieldProblem('raw', 'key', SAYS.loneSurrogate(unit, at))),
    ]),
  );
  add('lone surrogate escapes', `${name} in a topic`, (topic) =>
    array([
      bad(
        element('raw', message(topic, 1), { topic: rawJson(`"${topic}${escaped}"`) }),
        fieldProblem('raw', 'topic', SAYS.topicName(`${topic}${text}`)),
      ),
    ]),
  );
}
add('lone surrogate escapes', 'a valid pair is one character', (topic) => {
  const m = message(topic, 1, { value: '😀', key: '😀' });
  return array([accepted(element('raw', m, { value: rawJson('"\\ud83d\\ude00"'), key: rawJson('"\\ud83d\\ude00"') }), expected('raw', m))]);
});
add('lone surrogate escapes', 'an escaped backslash before u is not an escape', (topic) => {
  const m = message(topic, 1);
  const json = '{"s":"\\\\ud800"}';
  return array([accepted(element('raw', m, { value: rawJson(json) }), expected('raw', m, { value: { json } }))]);
});
add('lone surrogate escapes', 'in a JSON value, as an escape', (topic) =>
  array([
    bad(
      element('raw', message(topic, 1), { value: rawJson('{"s":"ok","t":["\\udc00x"]}') }),
      fieldProblem('raw', 'value', SAYS.loneSurrogate('dc00', 16)),
    ),
  ]),
);
add('lone surrogate escapes', 'in a header', (topic) =>
  array([
    bad(
      element('raw', message(topic, 1), { headers: rawJson('{"headers":[{"key":"\\ud800","value":"x"}]}') }),
      fieldProblem('raw', 'headers', SAYS.loneSurrogate('d800', 9)),
    ),
  ]),
);
add('lone surrogate escapes', 'inside a CloudEvent sent as a JSON string', (topic) =>
  array([
    bad(element('ceString', message(topic, 1, { value: 'x\ud800' })), fieldProblem('ceString', 'value', SAYS.loneSurrogate('d800', 1))),
  ]),
);
add('lone surrogate escapes', 'an escaped escape in the JSON value of a CloudEvent sent as a JSON string', (topic) =>
  array([
    bad(
      element('ceString', message(topic, 1, { value: { s: '\ud800' } })),
      fieldProblem('ceString', 'value', SAYS.loneSurrogate('d800', 6)),
    ),
  ]),
);
add('lone surrogate escapes', 'a raw lone surrogate in the JSON value of a CloudEvent sent as a JSON string', (topic) =>
  array([
    bad(
      element('ceString', message(topic, 1), { value: rawJson('{"s":"\ud800"}') }),
      fieldProblem('ceString', 'value', SAYS.loneSurrogate('d800', 6)),
    ),
  ]),
);

// numbers like 1e400 and -0
for (const json of ['1e400', '-1e400', '-0', '0.1e-400', '1E+2', '12345678901234567890123', '[1e400,-0,1.0]', '{"n":-0.0}']) {
  add('numbers like 1e400 and -0', `the value ${json} is archived as written`, (topic) => {
    const m = message(topic, 1);
    return array([accepted(element('raw', m, { value: rawJson(json) }), expected('raw', m, { value: { json } }))]);
  });
}
for (const [field, json, changes] of [
  ['offset', '-0', { offset: 0n }],
  ['partition', '-0', { partition: 0 }],
  ['timestamp', '-0', { timestamp: 0 }],
  ['offset', '0e5', { offset: 0n }],
] as const) {
  add('numbers like 1e400 and -0', `${field} ${json} is zero`, (topic) => {
    const m = message(topic, 1);
    return array([accepted(element('ce', m, { [field]: rawJson(json) }), expected('ce', m, changes))]);
  });
}
add('numbers like 1e400 and -0', 'the key 1e400 is not text', (topic) =>
  array([bad(element('raw', message(topic, 1), { key: rawJson('1e400') }), fieldProblem('raw', 'key', SAYS.keyType))]),
);

// very many elements
const MANY = 100_000;
add('very many elements', '100,000 tiny messages', (topic) =>
  array(
    Array.from({ length: MANY }, (_, offset) =>
      accepted(`{"topic":"${topic}","partition":0,"offset":${offset},"timestamp":1}`, {
        topic,
        partition: 0,
        offset: BigInt(offset),
        timestamp: 1,
        key: null,
        value: null,
        headers: '[]',
      }),
    ),
  ),
);
add('very many elements', '100,000 elements that are numbers', () =>
  array(Array.from({ length: MANY }, (_, i) => bad(String(i), SAYS.mustBeObject('number')))),
);
add('very many elements', '10,000 empty objects, four problems each', () =>
  array(Array.from({ length: 10_000 }, () => bad('{}', ...MISSING_FIELDS('raw')))),
);
add('very many elements', '1,000 messages over 100 partitions', (topic) =>
  array(Array.from({ length: 1_000 }, (_, i) => good('ce', message(topic, i, { partition: i % 100 })))),
);
add('very many elements', '10,000 tiny messages with one bad among them', (topic) =>
  array(
    Array.from({ length: 10_000 }, (_, offset) =>
      offset === 7_777 ? bad('[]', SAYS.mustBeObject('an array')) : good('raw', { topic, partition: 0, offset, timestamp: 1, key: null }),
    ),
  ),
);

// legacy records mixed with CloudEvents
add('legacy records mixed with CloudEvents', 'every form in one batch, one topic-partition', (topic) =>
  array(FORMS.map((form, i) => good(form, message(topic, i + 1)))),
);
add('legacy records mixed with CloudEvents', 'every form on its own partition', (topic) =>
  array(FORMS.map((form, i) => good(form, message(topic, 1, { partition: i })))),
);
add('legacy records mixed with CloudEvents', 'the same offset as a CloudEvent and as a legacy record: the first copy is kept', (topic) => {
  return array([good('ce', message(topic, 1)), good('legacy', message(topic, 1, { value: 'other' }))]);
});
add('legacy records mixed with CloudEvents', 'a legacy record that went through the connector cut, beside CloudEvents', (topic) => {
  const m = message(topic, 2, { value: 'x' });
  return array([
    good('ce', message(topic, 1)),
    accepted(element('legacy', m, { overflowFlag: true, valueSize: 9_999_999 }), expected('legacy', m, { truncatedFromBytes: 9_999_999 })),
    good('ceString', message(topic, 3)),
  ]);
});
add('legacy records mixed with CloudEvents', 'a legacy record with a specversion is read as a CloudEvent', (topic) =>
  array([
    good('legacy', message(topic, 1)),
    bad(element('legacy', message(topic, 2), { specversion: '1.0' }), fieldProblem('ce', 'data', SAYS.data)),
  ]),
);
add('legacy records mixed with CloudEvents', 'a CloudEvent whose data is a legacy record', (topic) => {
  const m = message(topic, 2, { value: 'abc' });
  const record = rawJson(element('legacy', m).toString());
  return array([accepted(element('ce', message(topic, 1), {}, { data: record }), expected('raw', m))]);
});
add('legacy records mixed with CloudEvents', 'a legacy record with CloudEvent headers keeps no headers', (topic) => {
  const m = message(topic, 1);
  return array([accepted(element('legacy', m, { headers: { headers: [{ key: 'h' }], isReadOnly: false } }), expected('legacy', m))]);
});
add('legacy records mixed with CloudEvents', 'bad elements of every form among good ones', (topic) =>
  array([
    good('legacy', message(topic, 1)),
    bad(element('legacy', message(topic, 2), { overflowFlag: 'yes' }), fieldProblem('legacy', 'overflowFlag', SAYS.overflowFlag)),
    good('ce', message(topic, 3)),
    bad(element('ce', message(topic, 4), { partition: -1 }), fieldProblem('ce', 'partition', SAYS.partitionNegative)),
    good('raw', message(topic, 5)),
    bad(element('raw', message(topic, 6), { offset: 'x' }), fieldProblem('raw', 'offset', SAYS.offsetDigits('x'))),
    good('ceString', message(topic, 7)),
    bad(element('ceString', message(topic, 8), { timestamp: null }), fieldProblem('ceString', 'timestamp', SAYS.timestampType)),
  ]),
);

// Binary values (VALUE_DATA_TYPE=Binary): base64 text, standard alphabet, padded
const binary = (topic: string, offset: number, data: Buffer) => {
  const m = message(topic, offset, { value: data.toString('base64') });
  return accepted(element('ce', m), expected('ce', m, { value: { base64: data.toString('base64') } }));
};
addBinary('6 MB of bytes that are not UTF-8 (8 MB of base64: once a regular expression stack overflow)', (topic) =>
  array([binary(topic, 1, Buffer.alloc(6 * M, 0xa5))]),
);
addBinary('bytes that are UTF-8 text', (topic) => array([binary(topic, 1, Buffer.from('数据 and text'))]));
addBinary('bytes that are not UTF-8', (topic) => array([binary(topic, 1, Buffer.from([0xff, 0x00, 0xc0, 0xaf]))]));
addBinary('no bytes', (topic) => array([binary(topic, 1, Buffer.alloc(0))]));
addBinary('a JSON value is archived as its JSON text', (topic) => array([good('raw', message(topic, 1, { value: { a: [1, 2] } }))]));
for (const [name, value] of [
  ['text', 'hello world'],
  ['unpadded base64', 'QUJDRA'],
  ['URL-safe base64', 'A-_B'],
  ['base64 with line breaks', 'QUJD\\nREVG'],
  ['padding in the middle', 'QQ==QUJD'],
  ['three "="', 'Q==='],
] as const) {
  addBinary(`${name} is not base64`, (topic) =>
    array([
      binary(topic, 1, Buffer.from('ok')),
      bad(
        element('raw', message(topic, 2), { value: rawJson(`"${value}"`) }),
        fieldProblem('raw', 'value', 'expected base64 (VALUE_DATA_TYPE is Binary), but the value is not standard padded base64'),
      ),
    ]),
  );
}

export const HOSTILE_CASES: readonly HostileCase[] = cases;
