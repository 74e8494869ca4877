/**
 * @module The messages the simulated topics hold. Each is a pure function of the run's seed, its
 * topic, partition, position and offset, so a redelivery rebuilds the very same message and the
 * ledger can check the archive against it without keeping a copy. The mix covers what the
 * archive must keep exactly: multi-byte text (4-byte characters, combining marks, joiners), JSON
 * values, binary bytes that are not UTF-8, empty values beside tombstones, null and empty keys,
 * header entries of undocumented shapes, and values over MAX_VALUE_BYTES.
 */
import { Random } from './random';

/** How the trigger's Kafka source decodes values: as text, as parsed JSON, or as base64 of the bytes. */
export const VALUE_DATA_TYPES = ['Text', 'Json', 'Binary'] as const;
export type ValueDataType = (typeof VALUE_DATA_TYPES)[number];

export interface MessageMix {
  valueDataType: ValueDataType;
  /** The function's MAX_VALUE_BYTES: values over it are made now and then. */
  maxValueBytes: number;
  /** One message in this many (by position) has a value over maxValueBytes; 0 for none. */
  oversizeEvery: number;
  /** One message in this many has a value of 64 KiB to 1 MiB; 0 for none. */
  largeEvery: number;
  /** One message in this many is delivered as an element the sink cannot read (a poison element); 0 for none. */
  poisonEvery: number;
}

export interface SyntheticMessage {
  topic: string;
  partition: number;
  /** Position in the partition's log (offsets have gaps, positions do not). */
  index: number;
  offset: number;
  /** Epoch milliseconds; not monotonic, as producer-set timestamps are not. */
  timestamp: number;
  key: string | null;
  /** The value's bytes as Kafka holds them; null for a tombstone. */
  value: Buffer | null;
  /** The value as the trigger delivers it: a string, a parsed JSON value, base64 text, or null. */
  delivered: unknown;
  /** Whether `delivered` is a parsed JSON value (the Json value data type), not a string. */
  json: boolean;
  /** Header entries as the trigger delivers them (inside `{headers, isReadOnly}`). */
  headers: unknown[];
  /** Delivered as an element the sink must set aside (its timestamp as a date string). */
  poison: boolean;
}

/** 2026-11-23T20:00:00Z: four hours before midnight, so time-bucketed keys change day early in a run. */
const EPOCH = Date.UTC(2026, 10, 23, 20, 0, 0);
/** About 100 messages an hour per partition: a batch usually spans two hour buckets. */
const SPACING_MS = 37_000;

export function syntheticMessage(
  seed: string,
  topic: string,
  partition: number,
  index: number,
  offset: number,
  mix: MessageMix,
): SyntheticMessage {
  const random = new Random(seed, 'message', topic, partition, offset);
  // Rare kinds by position: the first one early in partition 0 (a short run meets it), later in the others.
  const rare = (every: number, phase: number) => every > 0 && index % every === (partition * 211 + phase) % every;
  const size: Size = rare(mix.oversizeEvery, 17) ? 'oversize' : rare(mix.largeEvery, 5) ? 'large' : 'usual';
  const value = makeValue(random, mix, size);
  return {
    topic,
    partition,
    index,
    offset,
    timestamp: EPOCH + index * SPACING_MS + partition * 1000 + random.int(-3000, 3000),
    key: makeKey(random, index),
    ...value,
    headers: makeHeaders(random),
    poison: size === 'usual' && rare(mix.poisonEvery, 3),
  };
}

type Size = 'usual' | 'large' | 'oversize';
type Value = Pick<SyntheticMessage, 'value' | 'delivered' | 'json'>;

function makeValue(random: Random, mix: MessageMix, size: Size): Value {
  const bytesOf = size === 'oversize' ? mix.maxValueBytes + random.int(1, 65_536) : size === 'large' ? random.int(65_536, 1 << 20) : 0;
  switch (mix.valueDataType) {
    case 'Text':
      return textValue(random, bytesOf);
    case 'Json':
      return jsonValue(random, bytesOf);
    case 'Binary':
      return binaryValue(random, bytesOf);
  }
}

function text(value: string): Value {
  return { value: Buffer.from(value, 'utf8'), delivered: value, json: false };
}

const TOMBSTONE: Value = { value: null, delivered: null, json: false };

function textValue(random: Random, bytes: number): Value {
  if (bytes > 0) return text(multiByteText(random, bytes));
  const kind = random.weighted([
    ['ascii', 30],
    ['multi-byte', 22],
    ['json-text', 15],
    ['medium', 10],
    ['controls', 6],
    ['empty', 4],
    ['tombstone', 5],
  ] as const);
  switch (kind) {
    case 'ascii':
      return text(`order ${random.int(1, 1e9)} ${words(random, random.int(1, 30))}`);
    case 'multi-byte':
      return text(phrase(random, random.int(1, 80)));
    case 'json-text':
      return text(JSON.stringify(jsonDocument(random, 3)));
    case 'medium':
      return text(multiByteText(random, random.int(2048, 65_536)));
    case 'controls':
      return text(`line one\nline two\ttab "quoted" \\ back\u0000nul\u001f\u2028${phrase(random, 3)}`);
    case 'empty':
      return text('');
    case 'tombstone':
      return TOMBSTONE;
  }
}

function jsonValue(random: Random, bytes: number): Value {
  if (bytes > 0) {
    const document = { blob: multiByteText(random, bytes), n: random.int(0, 1e6) };
    return { value: Buffer.from(JSON.stringify(document), 'utf8'), delivered: document, json: true };
  }
  const kind = random.weighted([
    ['object', 45],
    ['array', 15],
    ['number', 10],
    ['boolean', 4],
    ['not-json', 10],
    ['medium', 8],
    ['tombstone', 5],
  ] as const);
  let document: unknown;
  switch (kind) {
    case 'object':
      document = jsonDocument(random, 4);
      break;
    case 'array':
      document = Array.from({ length: random.int(0, 8) }, () => jsonScalar(random));
      break;
    case 'number':
      document = random.pick([random.int(-1e12, 1e12), random.int(0, 1e6) / 64, 0]);
      break;
    case 'boolean':
      document = random.chance(0.5);
      break;
    case 'not-json':
      // Bytes that do not parse as JSON reach the function as a string.
      return text(`plain ${phrase(random, random.int(1, 20))} {`);
    case 'medium': {
      const item = jsonDocument(random, 2);
      document = { items: Array.from({ length: random.int(50, 800) }, (_, i) => ({ i, item })) };
      break;
    }
    case 'tombstone':
      return TOMBSTONE;
  }
  return { value: Buffer.from(JSON.stringify(document), 'utf8'), delivered: document, json: true };
}

function binaryValue(random: Random, bytes: number): Value {
  const binary = (value: Buffer): Value => ({ value, delivered: value.toString('base64'), json: false });
  if (bytes > 0) return binary(random.bytes(bytes));
  const kind = random.weighted([
    ['random', 35],
    ['utf8', 28],
    ['json', 10],
    ['medium', 14],
    ['empty', 5],
    ['tombstone', 5],
  ] as const);
  switch (kind) {
    case 'random':
      return binary(random.bytes(random.int(1, 2048)));
    case 'utf8':
      return binary(Buffer.from(phrase(random, random.int(1, 60)), 'utf8'));
    case 'json':
      return binary(Buffer.from(JSON.stringify(jsonDocument(random, 3)), 'utf8'));
    case 'medium':
      return binary(random.bytes(random.int(2048, 65_536)));
    case 'empty':
      return binary(Buffer.alloc(0));
    case 'tombstone':
      return TOMBSTONE;
  }
}

function makeKey(random: Random, index: number): string | null {
  return random.weighted<() => string | null>([
    [() => null, 10],
    [() => '', 4],
    [() => `order-${index}`, 50],
    [() => `客户-${random.int(1, 99_999)}-ü`, 24],
    [() => `{"id":${random.int(1, 1e6)},"tag":"🚀"}`, 6],
    [() => 'k'.repeat(random.int(200, 600)), 6],
  ])();
}

/** Header entries: the trigger's shape for them is not documented, so several are made. */
function makeHeaders(random: Random): unknown[] {
  if (random.chance(0.5)) return [];
  return Array.from({ length: random.int(1, 3) }, () =>
    random.weighted<() => unknown>([
      [() => ({ key: 'trace-id', value: random.bytes(8).toString('base64') }), 4],
      [() => ({ key: 'content-type', value: 'application/json' }), 2],
      [() => ({ key: 'bytes', value: [104, 105, -1, random.int(-128, 127)] }), 2],
      [() => ({ name: 'ünïcode-头', value: phrase(random, 2) }), 2],
      [() => ({ key: 'empty', value: null }), 1],
      [() => ({ odd: { nested: [1, 2.5, true, null, random.int(0, 1e9)] } }), 1],
    ])(),
  );
}

const PIECES = ['数据', '归档', 'Straße', 'naïve', 'e\u0301', '👩‍💻', '🚀', '𝄞', '𠜎', 'שלום', 'مرحبا', 'Ωμέγα', ' ', '\u00a0', 'ok'];
const WORDS = ['kafka', 'batch', 'offset', 'archive', 'partition', 'order', 'ship', 'paid', 'retry', 'value'];

function phrase(random: Random, pieces: number): string {
  let out = '';
  for (let i = 0; i < pieces; i++) out += random.pick(PIECES);
  return out;
}

function words(random: Random, count: number): string {
  return Array.from({ length: count }, () => random.pick(WORDS)).join(' ');
}

/** About `bytes` bytes of UTF-8 text of 1- to 4-byte characters, cheap to make at megabytes. */
function multiByteText(random: Random, bytes: number): string {
  const unit = `${phrase(random, 40)} ${random.int(0, 1e9)} `;
  const unitBytes = Buffer.byteLength(unit);
  return `${unit.repeat(Math.ceil(bytes / unitBytes))}end`;
}

function jsonScalar(random: Random): unknown {
  return random.pick<() => unknown>([
    () => random.int(-1e6, 1e6),
    () => phrase(random, random.int(0, 6)),
    () => random.chance(0.5),
    () => null,
    () => 'quote " backslash \\ newline \n',
  ])();
}

function jsonDocument(random: Random, depth: number): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (let i = random.int(1, 5); i > 0; i--) {
    const name = random.pick(['id', 'name', '名前', 'items', 'meta', 'amount', 'ok', 'ü']);
    document[name] = depth > 1 && random.chance(0.3) ? jsonDocument(random, depth - 1) : jsonScalar(random);
  }
  return document;
}
