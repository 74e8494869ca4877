/**
 * @module One archived record's JSON text (a `.json` array element or a `.jsonl` line) back to a
 * StoredRecord. JSON.parse turns an offset beyond 2^53 into the nearest double, so the offset's
 * digits are read from the text: the sink writes every record as
 * `{"key":<JSON string or null>,"offset":<digits>,…`, and only that prefix is scanned. The headers
 * come back as the exact JSON text the record holds (the trigger's entries as delivered, numbers
 * and nesting untouched); everything else is what JSON.parse makes of it.
 */
import { isJsonObject } from '../platform/json';
import { compactJson, memberSpan } from '../payload/raw-json';
import { MAX_OFFSET, MAX_PARTITION, parseOffset } from '../platform/kafka';
import { BodyFormatError } from './object-decode-error';
import type { StoredRecord } from './stored-record';

const KEY_MEMBER = '{"key":';
const OFFSET_MEMBER = ',"offset":';
const DIGITS = /\d+/y;

export function parseStoredRecord(text: string): StoredRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BodyFormatError(`it is not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(parsed)) throw new BodyFormatError(`it is ${describe(parsed)}, not a JSON object`);

  const record: StoredRecord = {
    key: nullableString(parsed, 'key'),
    offset: exactOffset(text, parsed.offset),
    overflowFlag: boolean(parsed, 'overflowFlag'),
    partition: integer(parsed, 'partition', 0, MAX_PARTITION),
    timestamp: integer(parsed, 'timestamp', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    topic: string(parsed, 'topic'),
    value: nullableString(parsed, 'value'),
    valueSize: integer(parsed, 'valueSize', 0, Number.MAX_SAFE_INTEGER),
  };
  if (parsed.headers !== undefined) {
    const span = memberSpan(text, 0, 'headers');
    if (span === undefined) throw new BodyFormatError('"headers" could not be read back as written');
    record.headers = compactJson(text, span);
  }
  if ('keyEncoding' in parsed) record.keyEncoding = oneOf(parsed, 'keyEncoding', ['text'] as const);
  if ('valueEncoding' in parsed) record.valueEncoding = oneOf(parsed, 'valueEncoding', ['text', 'base64', 'json'] as const);
  if ('overflowKey' in parsed) record.overflowKey = nullableString(parsed, 'overflowKey');
  return record;
}

function exactOffset(text: string, parsed: unknown): bigint {
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) {
    throw new BodyFormatError(`"offset" is ${describe(parsed)}, not a non-negative integer`);
  }
  const digits = offsetDigits(text);
  if (digits !== undefined && Number(digits) === parsed) {
    const offset = parseOffset(digits);
    if (offset === undefined) throw new BodyFormatError(`"offset" is ${digits}, beyond int64's ${MAX_OFFSET}`);
    return offset;
  }
  if (Number.isSafeInteger(parsed)) return BigInt(parsed);
  throw new BodyFormatError(
    `"offset" is beyond 2^53 and not written right after "key" as the sink writes it, so its exact value is lost (JSON.parse reads ${parsed})`,
  );
}

/** The digits of `"offset"` when the record starts as the sink writes it, else undefined. */
function offsetDigits(text: string): string | undefined {
  if (!text.startsWith(KEY_MEMBER)) return undefined;
  let at = KEY_MEMBER.length;
  if (text.startsWith('null', at)) at += 4;
  else if (text[at] === '"') at = closingQuote(text, at) + 1;
  else return undefined;
  if (at === 0 || !text.startsWith(OFFSET_MEMBER, at)) return undefined;
  DIGITS.lastIndex = at + OFFSET_MEMBER.length;
  return DIGITS.exec(text)?.[0];
}

/** The index of the quote closing the string that opens at `opening`, or -1. */
function closingQuote(text: string, opening: number): number {
  let quote = text.indexOf('"', opening + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

function string(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw new BodyFormatError(`"${field}" is ${describe(value)}, not a string`);
  return value;
}

function nullableString(record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  if (value !== null && typeof value !== 'string') throw new BodyFormatError(`"${field}" is ${describe(value)}, not a string or null`);
  return value;
}

function boolean(record: Record<string, unknown>, field: string): boolean {
  const value = record[field];
  if (typeof value !== 'boolean') throw new BodyFormatError(`"${field}" is ${describe(value)}, not true or false`);
  return value;
}

function integer(record: Record<string, unknown>, field: string, min: number, max: number): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BodyFormatError(`"${field}" is ${describe(value)}, not an integer from ${min} to ${max}`);
  }
  return value;
}

function oneOf<T extends string>(record: Record<string, unknown>, field: string, allowed: readonly T[]): T | null {
  const value = record[field];
  if (value === null || allowed.includes(value as T)) return value as T | null;
  throw new BodyFormatError(`"${field}" is ${describe(value)}, not ${allowed.map((choice) => `"${choice}"`).join(', ')} or null`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
