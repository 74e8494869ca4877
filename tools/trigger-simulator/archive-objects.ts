/**
 * @module What the archive's objects hold, read back the way any reader would (JSON.parse), not
 * with the function's own code: records objects, `_errors/` objects and the messages inside
 * dead letters, and where a cut value's whole copy is.
 */
import { gunzipSync } from 'node:zlib';
import type { ArchivedRecord } from './expected-record';

export type ObjectKind = 'records' | 'conflicts' | 'overflow' | 'errors' | 'index';

/** What a key after the prefix names (see the README's object layout). */
export function objectKind(key: string): ObjectKind {
  if (key.startsWith('_errors/')) return 'errors';
  if (key.includes('/_overflow/')) return 'overflow';
  if (key.includes('/_index/')) return 'index';
  if (key.includes('/_conflicts/')) return 'conflicts';
  return 'records';
}

/** Where the seed format's cut record has its whole value (the full format names it in overflowKey). */
export function overflowKey(prefix: string, topic: string, partition: number, offset: number): string {
  return `${prefix}${topic}/${partition}/_overflow/${String(offset).padStart(19, '0')}.bin`;
}

/** The records of an archive object, by its key's extension. */
export function archivedRecords(key: string, body: Buffer): ArchivedRecord[] {
  const text = (key.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
  if (/\.json(\.gz)?$/.test(key)) return JSON.parse(text) as ArchivedRecord[];
  if (/\.jsonl(\.gz)?$/.test(key)) {
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as ArchivedRecord);
  }
  throw new Error(`${key}: the ledger reads JSON and JSON lines archives (OUTPUT_FORMAT json or jsonl), not this one`);
}

/** The Kafka identity of each element an `_errors/` object holds. */
export function setAsideElements(body: Buffer): Array<{ topic: unknown; partition: unknown; offset: unknown }> {
  const { elements } = JSON.parse(body.toString('utf8')) as { elements: Array<{ text?: string }> };
  return elements.map((element) => {
    let parsed: unknown;
    try {
      parsed = element.text === undefined ? undefined : JSON.parse(element.text);
    } catch {
      parsed = undefined;
    }
    return kafkaData(parsed) ?? { topic: undefined, partition: undefined, offset: undefined };
  });
}

/** The Kafka message inside an element of any push format (a CloudEvent, as an object or a string, or RawData). */
export function kafkaData(element: unknown): { topic: unknown; partition: unknown; offset: unknown } | undefined {
  let value = element;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const object = value as Record<string, unknown>;
  const data = ('specversion' in object ? object.data : object) as Record<string, unknown> | undefined;
  return data === undefined ? undefined : { topic: data.topic, partition: data.partition, offset: data.offset };
}
