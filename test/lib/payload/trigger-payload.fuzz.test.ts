// Fuzzing the payload reader: arbitrary bytes, valid events in every form and their mutations.
// Whatever comes in, the reader never throws; every element ends in exactly one of onMessage and
// onRejected, in order; a rejected element's bytes are exactly its bytes in the event; a message
// it accepts has a Kafka topic, an int32 partition, an int64 offset and a safe timestamp, and its
// key and value are those of the element. Runs are kept few, so CI spends a few seconds here.
import fc from 'fast-check';
import { TextFromBytes } from '../../../lib/payload/element-bytes';
import type { KafkaMessage } from '../../../lib/payload/kafka-message';
import { readTriggerPayload } from '../../../lib/payload/trigger-payload';
import { plainMessage } from '../../support/plain-message';

type Outcome =
  | { kind: 'message'; message: KafkaMessage }
  | { kind: 'rejected'; index: number | undefined; raw: Buffer; problems: string[] };

function read(event: Buffer | string): Outcome[] {
  const outcomes: Outcome[] = [];
  readTriggerPayload(
    event,
    { valueDataType: 'Text' },
    {
      onMessage: (message) => {
        expectLiteralAsStringified(message);
        outcomes.push({ kind: 'message', message: plainMessage(message) });
      },
      onRejected: ({ index, raw, problems }) => outcomes.push({ kind: 'rejected', index, raw, problems }),
    },
  );
  return outcomes;
}

/**
 * A text value read as bytes keeps its size in bytes and, when it has one, a literal that is byte
 * for byte JSON.stringify's: the object writer copies it in place of the value's JSON.
 */
function expectLiteralAsStringified(message: KafkaMessage): void {
  const { value } = message;
  if (!(value instanceof TextFromBytes)) return;
  expect(Buffer.from(value.bytes, 'latin1').equals(Buffer.from(value.text, 'utf8'))).toBe(true);
  if (value.literal !== undefined)
    expect(Buffer.from(value.literal, 'latin1').equals(Buffer.from(JSON.stringify(value.text), 'utf8'))).toBe(true);
}

/** A few seconds in CI; FUZZ_RUNS=20000 for a longer hunt. */
const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 250) };
const WHITESPACE = /^[ \t\n\r]*$/;
const KAFKA_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const MAX_OFFSET = 2n ** 63n - 1n;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** What holds for any event: one outcome per element, in order, whole-event rejections alone, exact bytes. */
function expectWellFormedOutcomes(event: Buffer, outcomes: Outcome[]): void {
  const whole = outcomes.filter((outcome) => outcome.kind === 'rejected' && outcome.index === undefined);
  if (whole.length > 0) {
    expect(outcomes).toHaveLength(1);
    expect((whole[0] as { raw: Buffer }).raw.equals(event)).toBe(true);
    return;
  }
  let previousEnd = -1;
  let previousIndex = -1;
  outcomes.forEach((outcome, position) => {
    if (outcome.kind === 'message') {
      expectKafkaMessage(outcome.message);
      return;
    }
    expect(outcome.index).toBe(position);
    expect(outcome.problems.length).toBeGreaterThan(0);
    for (const problem of outcome.problems) expect(problem.startsWith(`element ${position} `)).toBe(true);
    // The element's bytes are a piece of the event itself, after the previous element's.
    const start = outcome.raw.byteOffset - event.byteOffset;
    expect(outcome.raw.buffer).toBe(event.buffer);
    expect(start).toBeGreaterThan(previousEnd);
    expect(start + outcome.raw.length).toBeLessThanOrEqual(event.length);
    if (outcome.raw.length > 0) {
      expect(WHITESPACE.test(String.fromCharCode(outcome.raw[0] as number))).toBe(false);
      expect(WHITESPACE.test(String.fromCharCode(outcome.raw.at(-1) as number))).toBe(false);
    }
    const before = event.subarray(Math.max(previousEnd, 0), start).toString('latin1');
    if (position === 0) expect(before).toMatch(/^(\u00ef\u00bb\u00bf)?[ \t\n\r]*\[[ \t\n\r]*$/);
    else if (previousIndex === position - 1) expect(before).toMatch(/^[ \t\n\r]*,[ \t\n\r]*$/);
    if (position === outcomes.length - 1)
      expect(event.subarray(start + outcome.raw.length).toString('latin1')).toMatch(/^[ \t\n\r]*\][ \t\n\r]*$/);
    previousEnd = start + outcome.raw.length;
    previousIndex = position;
  });
}

function expectKafkaMessage(message: KafkaMessage): void {
  expect(KAFKA_TOPIC.test(message.topic) && message.topic !== '.' && message.topic !== '..').toBe(true);
  expect(Number.isInteger(message.partition) && message.partition >= 0 && message.partition <= 2 ** 31 - 1).toBe(true);
  expect(typeof message.offset === 'bigint' && message.offset >= 0n && message.offset <= MAX_OFFSET).toBe(true);
  expect(Number.isSafeInteger(message.timestamp)).toBe(true);
  expect(message.key === null || typeof message.key === 'string').toBe(true);
  if (message.value?.kind === 'json') expect(() => JSON.parse((message.value as { json: string }).json)).not.toThrow();
  expect(() => JSON.parse(message.headers)).not.toThrow();
  const json = message.value?.kind === 'json' ? JSON.parse(message.value.json) : undefined;
  const text = message.value?.kind === 'text' ? message.value.text : undefined;
  expect(holdsLoneSurrogate([message.key, text, json, JSON.parse(message.headers)])).toBe(false);
}

/** Whether a string anywhere in `value` (member names too) has an unpaired UTF-16 surrogate. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !value.isWellFormed();
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([name, member]) => holdsLoneSurrogate([name, member]));
  return false;
}

/** Whether the unmutated message can be archived: its key, value and headers are text UTF-8 can hold. */
function archivable(m: Message, f: Form): boolean {
  return !holdsLoneSurrogate([m.key, m.value, f === 'legacy' ? [] : m.headers]);
}

// ---------------------------------------------------------------------------------------------
// Valid events in every form, with whitespace anywhere JSON allows it

/** JSON text standing for itself (a number beyond 2^53, 1e400, a lone surrogate escape…). */
class Verbatim {
  constructor(readonly text: string) {}
}

function jsonText(value: unknown, space: () => string): string {
  if (value instanceof Verbatim) return value.text;
  const around = (open: string, items: string[], close: string) =>
    items.length === 0 ? `${open}${space()}${close}` : `${open}${space()}${items.join(`${space()},${space()}`)}${space()}${close}`;
  if (Array.isArray(value))
    return around(
      '[',
      value.map((item) => jsonText(item, space)),
      ']',
    );
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    return around(
      '{',
      members.map(([name, member]) => `${JSON.stringify(name)}${space()}:${space()}${jsonText(member, space)}`),
      '}',
    );
  }
  return JSON.stringify(value);
}

const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 12 });
const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), utf16);
const topic = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019._-'), minLength: 1, maxLength: 40 })
  .filter((name) => name !== '.' && name !== '..');

interface Message {
  topic: string;
  partition: number;
  offset: bigint;
  /** The offset as JSON: a number when exact, else a string of digits. */
  offsetAsString: boolean;
  timestamp: number;
  key: string | null | undefined;
  value: unknown;
  headers: Array<{ key: string; value: string | null }>;
}

const message: fc.Arbitrary<Message> = fc.record({
  topic: fc.oneof({ weight: 9, arbitrary: topic }, { weight: 1, arbitrary: fc.constant('t'.repeat(249)) }),
  partition: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 2 ** 31 - 1)),
  offset: fc.oneof(fc.bigInt({ min: 0n, max: MAX_OFFSET }), fc.constantFrom(0n, 2n ** 53n, MAX_OFFSET)),
  offsetAsString: fc.boolean(),
  timestamp: fc.oneof(fc.maxSafeInteger(), fc.constantFrom(-1, 0, 1_700_000_000_000)),
  key: fc.oneof(anyText, fc.constantFrom(null, undefined)),
  value: fc.oneof(anyText, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, undefined)),
  headers: fc.array(fc.record({ key: anyText, value: fc.option(anyText) }), { maxLength: 3 }),
});

type Form = 'ce' | 'ceString' | 'raw' | 'legacy';
const form = fc.constantFrom<Form>('ce', 'ceString', 'raw', 'legacy');

/** The fields of `m` as its form carries them: the CloudEvent's data, or the legacy record. */
function fieldsOf(m: Message, f: Form): Record<string, unknown> {
  const offset = m.offsetAsString || m.offset > BigInt(Number.MAX_SAFE_INTEGER) ? m.offset.toString() : Number(m.offset);
  if (f === 'legacy') {
    const value = m.value === null || m.value === undefined ? undefined : m.value;
    const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    return {
      key: m.key ?? undefined,
      offset,
      overflowFlag: false,
      partition: m.partition,
      timestamp: m.timestamp,
      topic: m.topic,
      value,
      valueSize: Buffer.byteLength(text),
    };
  }
  return {
    topic: m.topic,
    partition: m.partition,
    offset,
    timestamp: m.timestamp,
    headers: { headers: m.headers, isReadOnly: false },
    key: m.key,
    value: m.value,
  };
}

function elementText(fields: Record<string, unknown>, f: Form, space: () => string, envelope: Record<string, unknown> = {}): string {
  if (f === 'raw' || f === 'legacy') return jsonText(fields, space);
  const event = { specversion: '1.0', id: 'id', source: 'acs:alikafka', type: 'alikafka:Topic:Message', data: fields, ...envelope };
  const text = jsonText(event, space);
  return f === 'ce' ? text : JSON.stringify(text);
}

const spaces = fc.array(fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  '), { minLength: 1, maxLength: 8 });
const cycle = (list: string[]) => {
  let i = 0;
  return () => list[i++ % list.length] as string;
};

/** An event from element texts: optional BOM, whitespace around the separators. */
function eventOf(elements: string[], space: () => string, bom: boolean): Buffer {
  const body = `${space()}[${space()}${elements.join(`${space()},${space()}`)}${space()}]${space()}`;
  return Buffer.concat([bom ? BOM : Buffer.alloc(0), Buffer.from(body, 'utf8')]);
}

// ---------------------------------------------------------------------------------------------
// Mutations that keep each element one JSON value (so its bytes stay its own)

const strange = fc.constantFrom(
  new Verbatim('1e400'),
  new Verbatim('-1e400'),
  new Verbatim('-0'),
  new Verbatim('1.5'),
  new Verbatim('-1'),
  new Verbatim('9007199254740993'),
  new Verbatim('18446744073709551615'),
  new Verbatim('"\\ud800"'),
  new Verbatim('"a/b"'),
  new Verbatim('"."'),
  new Verbatim(`"${'x'.repeat(250)}"`),
  new Verbatim(`${'['.repeat(2000)}${']'.repeat(2000)}`),
  new Verbatim('{"__proto__":{"polluted":true}}'),
  '9223372036854775808',
  '00000000000000000001',
  '',
  '12',
);
const FIELDS = ['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers', 'overflowFlag', 'valueSize', 'specversion', 'data'];

interface Mutation {
  field: string;
  /** Undefined removes the field. */
  value: unknown;
  /** Into the CloudEvent envelope rather than the message fields. */
  envelope: boolean;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  field: fc.constantFrom(...FIELDS),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), strange, fc.constant(undefined)),
  envelope: fc.boolean(),
});

interface Element {
  message: Message;
  form: Form;
  mutation: Mutation | undefined;
  /** An arbitrary JSON value instead of an element. */
  replacement: unknown;
  /** A member put in front of the element's own, perhaps under a name it already has. */
  repeated: string | undefined;
}
const element: fc.Arbitrary<Element> = fc.record({
  message,
  form,
  mutation: fc.option(mutation, { freq: 3, nil: undefined }),
  replacement: fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 8, nil: undefined }),
  repeated: fc.option(fc.constantFrom(...FIELDS), { freq: 5, nil: undefined }),
});

function textOf(e: Element, space: () => string): string {
  if (e.replacement !== undefined) return jsonText(e.replacement, space);
  const fields = fieldsOf(e.message, e.form);
  const envelope: Record<string, unknown> = {};
  if (e.mutation) {
    const { field, value } = e.mutation;
    if (e.mutation.envelope && (e.form === 'ce' || e.form === 'ceString')) envelope[field] = value;
    else fields[field] = value;
  }
  const text = elementText(fields, e.form, space, envelope);
  return e.repeated === undefined || e.form === 'ceString' ? text : `{"${e.repeated}":0,${text.slice(1)}`;
}

/** Whether the element names one of its own members twice. */
function repeatsAMember(e: Element, text: string): boolean {
  if (e.repeated === undefined || e.form === 'ceString' || e.replacement !== undefined) return false;
  return Object.hasOwn(JSON.parse(`{${text.slice(text.indexOf(',') + 1)}`), e.repeated);
}

/** The element parsed by JSON.parse, as the reference for what an accepted message must hold. */
function reference(text: string): Record<string, unknown> {
  let parsed = JSON.parse(text) as unknown;
  if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  const object = parsed as Record<string, unknown>;
  return 'specversion' in object ? (object.data as Record<string, unknown>) : object;
}

function expectSameMessage(message: KafkaMessage, text: string): void {
  const data = reference(text);
  expect(message.topic).toBe(data.topic);
  expect(message.partition === data.partition).toBe(true); // -0 is partition 0
  expect(message.offset).toBe(BigInt(data.offset as number | string));
  expect(message.key).toBe(data.key ?? null);
  const value = data.value;
  if (value === undefined || value === null) expect(message.value).toBeNull();
  else if (typeof value === 'string') expect(message.value).toEqual({ kind: 'text', text: value });
  else {
    expect(message.value?.kind).toBe('json');
    expect(JSON.parse((message.value as { json: string }).json)).toEqual(value);
  }
}

describe('readTriggerPayload, fuzzed', () => {
  it('takes arbitrary bytes without throwing, and accounts for every element', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array)),
      fc.string({ unit: fc.constantFrom(...'[]{},:"\\ \n01e-.atrunlf', '\u00e9'), maxLength: 60 }).map((text) => Buffer.from(text)),
      fc.string({ unit: 'binary', maxLength: 60 }).map((text) => Buffer.from(`[${text}]`)),
    );
    fc.assert(
      fc.property(bytes, (event) => expectWellFormedOutcomes(event, read(event))),
      RUNS,
    );
  });

  it('reads valid events in every form exactly, and mutated ones into a message or a rejection of exactly their bytes', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), spaces, fc.boolean(), (elements, whitespace, bom) => {
        const space = cycle(whitespace);
        const texts = elements.map((e) => textOf(e, space));
        const event = eventOf(texts, space, bom);
        const outcomes = read(event);
        expectWellFormedOutcomes(event, outcomes);
        expect(outcomes).toHaveLength(elements.length);
        outcomes.forEach((outcome, i) => {
          const e = elements[i] as Element;
          const text = texts[i] as string;
          const unchanged = e.mutation === undefined && e.replacement === undefined && e.repeated === undefined;
          if (outcome.kind === 'rejected') {
            expect(outcome.raw.equals(Buffer.from(text, 'utf8'))).toBe(true);
            expect(unchanged && archivable(e.message, e.form)).toBe(false);
            return;
          }
          expect(repeatsAMember(e, text)).toBe(false);
          expectSameMessage(outcome.message, text);
          if (unchanged) expectExactly(outcome.message, e.message, e.form);
        });
      }),
      RUNS,
    );
  });

  it('survives valid events with bytes inserted, removed or replaced', () => {
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc
        .uint8Array({ maxLength: 3 })
        .chain((noise) =>
          fc.constantFrom(
            Buffer.from(noise),
            Buffer.from(','),
            Buffer.from('"'),
            Buffer.from(']'),
            Buffer.from('{'),
            Buffer.from([0xff]),
            Buffer.from('\\'),
          ),
        ),
    });
    fc.assert(
      fc.property(
        fc.array(element, { minLength: 1, maxLength: 4 }),
        spaces,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (elements, whitespace, edits) => {
          const space = cycle(whitespace);
          let event = eventOf(
            elements.map((e) => textOf(e, space)),
            space,
            false,
          );
          for (const { at, remove, insert } of edits) {
            const position = at % (event.length + 1);
            event = Buffer.concat([event.subarray(0, position), insert, event.subarray(position + remove)]);
          }
          expectWellFormedOutcomes(event, read(event));
        },
      ),
      RUNS,
    );
  });

  it('reads a string event as it reads its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 4 }), spaces, (elements, whitespace) => {
        const space = cycle(whitespace);
        const text = eventOf(
          elements.map((e) => textOf(e, space)),
          space,
          false,
        ).toString('utf8');
        const strip = (outcomes: Outcome[]) => outcomes.map((o) => (o.kind === 'rejected' ? { ...o, raw: o.raw.toString('base64') } : o));
        expect(strip(read(text))).toEqual(strip(read(Buffer.from(text, 'utf8'))));
      }),
      RUNS,
    );
  });
});

/** An unmutated element's message is the generated one: key and value round-trip exactly, headers too. */
function expectExactly(actual: KafkaMessage, m: Message, f: Form): void {
  const value =
    m.value === null || m.value === undefined
      ? null
      : typeof m.value === 'string'
        ? { kind: 'text', text: m.value }
        : { kind: 'json', json: JSON.stringify(m.value) };
  expect(actual).toEqual({
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key ?? null,
    value,
    headers: f === 'legacy' || m.headers.length === 0 ? '[]' : JSON.stringify(m.headers),
  });
}
