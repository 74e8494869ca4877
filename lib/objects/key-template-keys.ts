/**
 * @module Keys made from a key template, and read back from a listing. A key here is what follows
 * OSS_PREFIX and precedes the format's extension.
 */
import { MAX_PARTITION, padOffset, parseOffset } from '../platform/kafka';
import type { KeyTemplate, TemplatePart, TimeUnit } from './key-template';
import { bucketFields, formatYear } from './key-template-time';
import { topicSegment } from './topic-segment';

export interface KeyFields {
  topic: string;
  partition: number;
  startOffset: bigint;
  endOffset: bigint;
  /** From the template's TimeBucketer: the bucket all of the object's records fall into. */
  bucket: string;
}

export function renderKey(template: KeyTemplate, fields: KeyFields): string {
  const time = bucketFields(fields.bucket);
  let key = '';
  for (const part of template.parts) {
    if (part.kind === 'time') {
      const value = time[part.unit];
      if (value === undefined) {
        throw new RangeError(`bucket ${JSON.stringify(fields.bucket)} has no ${part.unit}: it must come from this template's TimeBucketer`);
      }
      key += value;
    } else key += renderFixed(part, fields);
  }
  return key;
}

function renderFixed(part: Exclude<TemplatePart, { kind: 'time' }>, fields: Omit<KeyFields, 'bucket'>): string {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'topic':
      return topicSegment(fields.topic);
    case 'partition':
      return String(fields.partition);
    case 'start_offset':
      return padOffset(fields.startOffset);
    case 'end_offset':
      return padOffset(fields.endOffset);
  }
}

/**
 * The key prefix all objects of one topic-partition share, when the template puts only text,
 * `{{topic}}` and `{{partition}}` before `{{start_offset}}` and text right before it: a LIST of
 * that prefix then returns the partition's objects in start-offset order (and nothing of other
 * partitions, since a key reads only one way). Undefined for other templates, e.g. time first.
 */
export function partitionListingPrefix(template: KeyTemplate, topic: string, partition: number): string | undefined {
  const start = template.parts.findIndex((part) => part.kind === 'start_offset');
  const before = template.parts.slice(0, start);
  const kinds = new Set(before.map((part) => part.kind));
  if (!kinds.has('topic') || !kinds.has('partition') || before[before.length - 1]?.kind !== 'text') return undefined;
  if (before.some((part) => part.kind !== 'text' && part.kind !== 'topic' && part.kind !== 'partition')) return undefined;
  const fields = { topic, partition, startOffset: 0n, endOffset: 0n };
  return before.map((part) => renderFixed(part as Exclude<TemplatePart, { kind: 'time' }>, fields)).join('');
}

/**
 * For a template whose time folders come before the offsets (`dt=…/hour=…/{{topic}}/{{partition}}/…`):
 * the text before the start offset of one topic-partition's keys in one time bucket, under which
 * those keys, and only those, sort by start offset (a key reads only one way, and text comes right
 * before the start offset); undefined for any other template. The template must also name the end
 * offset, so that a listed key says its whole range.
 */
export function bucketListingPrefix(template: KeyTemplate, topic: string, partition: number, bucket: string): string | undefined {
  const before = bucketFolderParts(template);
  if (before === undefined) return undefined;
  const time = bucketFields(bucket);
  const fields = { topic, partition, startOffset: 0n, endOffset: 0n };
  let prefix = '';
  for (const part of before) {
    if (part.kind !== 'time') prefix += renderFixed(part, fields);
    else {
      const value = time[part.unit];
      if (value === undefined) return undefined;
      prefix += value;
    }
  }
  return prefix;
}

/** The parts before the start offset, when they make a folder of one topic-partition's keys in one time bucket (see bucketListingPrefix). */
export function bucketFolderParts(template: KeyTemplate): TemplatePart[] | undefined {
  const start = template.parts.findIndex((part) => part.kind === 'start_offset');
  const before = template.parts.slice(0, start);
  const kinds = new Set(before.map((part) => part.kind));
  if (!kinds.has('topic') || !kinds.has('partition') || !kinds.has('time')) return undefined;
  if (!template.parts.some((part) => part.kind === 'end_offset')) return undefined;
  if (before[before.length - 1]?.kind !== 'text' || kinds.has('end_offset')) return undefined;
  return before;
}

export interface RenderedKeyFields {
  topic: string;
  partition: number;
  startOffset: bigint;
  /** Absent when the template has no `{{end_offset}}`. */
  endOffset?: bigint;
  /** The time fields the template uses, as numbers (month 1-12). */
  timeFields: Partial<Record<TimeUnit, number>>;
}

const PATTERNS: Record<Exclude<TemplatePart['kind'], 'text' | 'time'> | TimeUnit, string> = {
  topic: '[A-Za-z0-9._%-]+',
  partition: '0|[1-9][0-9]{0,9}',
  start_offset: '[0-9]{19}',
  end_offset: '[0-9]{19}',
  yyyy: '-?[0-9]{4,6}',
  MM: '0[1-9]|1[0-2]',
  dd: '0[1-9]|[12][0-9]|3[01]',
  HH: '[01][0-9]|2[0-3]',
  mm: '[0-5][0-9]',
};

const patterns = new WeakMap<KeyTemplate, RegExp>();

/**
 * The fields of a key this template rendered (without prefix and extension), or undefined for any
 * other key, such as a `_conflicts/` copy: readers of a listing learn an object's offsets without
 * opening it.
 */
export function parseRenderedKey(template: KeyTemplate, key: string): RenderedKeyFields | undefined {
  const match = pattern(template).exec(key);
  if (!match) return undefined;
  const values = new Map<string, string>();
  let group = 1;
  for (const part of template.parts) {
    if (part.kind === 'text') continue;
    const name = part.kind === 'time' ? part.unit : part.kind;
    const value = match[group++] as string;
    if (values.has(name) && values.get(name) !== value) return undefined; // a variable used twice must say the same twice
    values.set(name, value);
  }

  const topic = decodeTopic(values.get('topic') as string);
  const partition = Number(values.get('partition'));
  const startOffset = parseOffset(values.get('start_offset') as string);
  const end = values.get('end_offset');
  const endOffset = end === undefined ? undefined : parseOffset(end);
  if (topic === undefined || partition > MAX_PARTITION || startOffset === undefined) return undefined;
  if (end !== undefined && (endOffset === undefined || endOffset < startOffset)) return undefined;

  const timeFields: RenderedKeyFields['timeFields'] = {};
  for (const unit of template.timeUnits) {
    const text = values.get(unit) as string;
    timeFields[unit] = Number(text);
    if (unit === 'yyyy' && formatYear(Number(text)) !== text) return undefined;
  }
  return endOffset === undefined ? { topic, partition, startOffset, timeFields } : { topic, partition, startOffset, endOffset, timeFields };
}

function pattern(template: KeyTemplate): RegExp {
  let regExp = patterns.get(template);
  if (!regExp) {
    const source = template.parts
      .map((part) => {
        if (part.kind === 'text') return part.text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
        return `(${PATTERNS[part.kind === 'time' ? part.unit : part.kind]})`;
      })
      .join('');
    regExp = new RegExp(`^${source}$`);
    patterns.set(template, regExp);
  }
  return regExp;
}

/** The topic of a topic segment, if the segment is exactly what topicSegment makes of it. */
function decodeTopic(segment: string): string | undefined {
  try {
    const topic = decodeURIComponent(segment);
    return topicSegment(topic) === segment ? topic : undefined;
  } catch {
    return undefined;
  }
}
