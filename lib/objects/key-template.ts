/**
 * @module The object key template (setting OBJECT_KEY_TEMPLATE): the part of a key after
 * OSS_PREFIX and before the format's extension, e.g.
 *
 *     dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}
 *
 * Every template keeps the keys' two guarantees: each batch of a topic-partition gets its own key
 * (topic, partition and start offset are always in it, and a key can be read back only one way),
 * and a redelivered batch gets the same key (the time comes from the records, never the clock).
 * Templates that break either, or that spell a date in a way known to go wrong, are refused here,
 * at configuration time, with a sentence naming what to write instead.
 */
import { MAX_PARTITION, MAX_TOPIC_LENGTH, OFFSET_DIGITS } from '../platform/kafka';
import { MAX_OBJECT_KEY_BYTES } from '../platform/oss';

export const KEY_TEMPLATE_SETTING = 'OBJECT_KEY_TEMPLATE';

/** Today's layout: `<topic>/<partition>/<first offset>-<last offset>`. */
export const DEFAULT_KEY_TEMPLATE = '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';

/** Calendar year, month, day of month, hour (00-23) and minute, coarsest first. */
export const TIME_UNITS = ['yyyy', 'MM', 'dd', 'HH', 'mm'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'topic' | 'partition' | 'start_offset' | 'end_offset' }
  | { readonly kind: 'time'; readonly unit: TimeUnit };

export interface KeyTemplate {
  readonly text: string;
  /** Text and variables in order; no two text parts are adjacent and none is empty. */
  readonly parts: readonly TemplatePart[];
  /** The time units the template uses, each once, coarsest first. */
  readonly timeUnits: readonly TimeUnit[];
}

const VARIABLES = '{{topic}}, {{partition}}, {{start_offset}}, {{end_offset}} and {{timestamp:unit=U}}';
const UNITS = 'yyyy (year), MM (month), dd (day of month), HH (hour, 00-23) and mm (minute)';
const SETTING = KEY_TEMPLATE_SETTING;

/** Names people reach for when they want the time of processing, which would give a redelivered batch new keys. */
const WALL_CLOCK_NAMES = new Set([
  'now',
  'wallclock',
  'wall_clock',
  'current_time',
  'current_timestamp',
  'processing_time',
  'utc_date',
  'local_date',
]);
const WALL_CLOCK_SOURCES = new Set(['wallclock', 'wall_clock', 'processing', 'processing_time', 'now']);

/** Units that are valid date patterns elsewhere (Java, ICU, Joda) but would misplace records here. */
const UNIT_HINTS: Record<string, string> = {
  YYYY: 'the week-based year, which puts the last days of December into the next year (and early January into the previous one); write {{timestamp:unit=yyyy}} for the calendar year',
  hh: 'the hour of a 12-hour clock, which puts 1 AM and 1 PM into the same folder; write {{timestamp:unit=HH}} for the hour 00-23',
  DD: 'the day of the year (001-366); write {{timestamp:unit=dd}} for the day of the month',
};
for (const week of ['Y', 'YY', 'YYY']) UNIT_HINTS[week] = UNIT_HINTS['YYYY'] as string;
for (const clock of ['h', 'K', 'KK']) UNIT_HINTS[clock] = UNIT_HINTS['hh'] as string;
for (const ofYear of ['D', 'DDD']) UNIT_HINTS[ofYear] = UNIT_HINTS['DD'] as string;

/** Rendered widths in the worst case; yyyy takes a sign and 6 digits for the extremes of epoch milliseconds. */
const WORST_CASE_BYTES = {
  topic: MAX_TOPIC_LENGTH,
  partition: String(MAX_PARTITION).length,
  start_offset: OFFSET_DIGITS,
  end_offset: OFFSET_DIGITS,
  yyyy: 7,
  other: 2,
};

/** Characters a variable of variable width can end with, so the text after it must not start with one. */
const CONTINUES = {
  topic: {
    pattern: /[A-Za-z0-9._%-]/,
    what: 'a topic can contain',
    instead: 'a character a topic cannot contain ("/", "=", "+", ",", "~")',
  },
  digits: { pattern: /[0-9]/, what: 'is a digit', instead: 'a character that is not a digit' },
};

/** Besides control characters: what Windows and Hadoop file systems refuse in a name, so a copy of the archive works there too. */
const FORBIDDEN_CHARACTERS = '\\:*?"<>|';
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

interface SourcePart {
  /** A variable that could not be read stays in place as `invalid`, so the checks around it see the template's shape. */
  part: TemplatePart | { kind: 'invalid' };
  /** Where the part starts and ends in the template text. */
  at: number;
  end: number;
}

/** Parses OBJECT_KEY_TEMPLATE, or lists every problem found, each a sentence for the operator. */
export function parseKeyTemplate(text: string): { template: KeyTemplate } | { problems: string[] } {
  if (text === '') {
    return { problems: [`${SETTING} is empty: leave it unset for the default ${DEFAULT_KEY_TEMPLATE}, or write one with ${VARIABLES}`] };
  }
  const problems: string[] = [];
  const lexed = lex(text, problems);
  const sourceParts = lexed.parts;
  checkCharacters(sourceParts, problems);
  checkSegments(sourceParts, problems);
  if (!lexed.broken) checkRequired(sourceParts, problems);
  checkSeparation(text, sourceParts, problems);
  checkMinuteAndMonth(sourceParts, problems);

  const parts = sourceParts.flatMap(({ part }) => (part.kind === 'invalid' ? [] : [part]));
  const bytes = worstCaseBytes(parts);
  if (bytes > MAX_OBJECT_KEY_BYTES) {
    problems.push(
      `${SETTING} can make keys of up to ${bytes} bytes (with a ${MAX_TOPIC_LENGTH}-character topic, partition ${MAX_PARTITION} and ` +
        `${OFFSET_DIGITS}-digit offsets), over OSS's limit of ${MAX_OBJECT_KEY_BYTES}: shorten its text`,
    );
  }
  if (problems.length > 0) return { problems: [...new Set(problems)] };

  const used = new Set(parts.flatMap((part) => (part.kind === 'time' ? [part.unit] : [])));
  return { template: { text, parts, timeUnits: TIME_UNITS.filter((unit) => used.has(unit)) } };
}

/**
 * The longest key the template can render (UTF-8 bytes, without prefix and extension): a
 * 249-character topic, partition 2147483647, 19-digit offsets, a 7-character year. Topics outside
 * Kafka's alphabet are percent-encoded and can be longer; the key's length is checked again when
 * it is made.
 */
export function maxRenderedBytes(template: KeyTemplate): number {
  return worstCaseBytes(template.parts);
}

function worstCaseBytes(parts: readonly TemplatePart[]): number {
  let bytes = 0;
  for (const part of parts) {
    if (part.kind === 'text') bytes += Buffer.byteLength(part.text, 'utf8');
    else if (part.kind === 'time') bytes += part.unit === 'yyyy' ? WORST_CASE_BYTES.yyyy : WORST_CASE_BYTES.other;
    else bytes += WORST_CASE_BYTES[part.kind];
  }
  return bytes;
}

function lex(text: string, problems: string[]): { parts: SourcePart[]; broken: boolean } {
  const parts: SourcePart[] = [];
  let broken = false;
  let textStart = 0;
  const endText = (end: number) => {
    if (end > textStart) parts.push({ part: { kind: 'text', text: text.slice(textStart, end) }, at: textStart, end });
  };
  const unbalanced = (at: number, end: number, excerpt: string) => {
    broken = true;
    parts.push({ part: { kind: 'invalid' }, at, end });
    problems.push(
      `${SETTING} has unbalanced braces at character ${at + 1} (${JSON.stringify(excerpt)}): ` +
        'variables are written {{name}}, and "{" and "}" appear nowhere else',
    );
  };

  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{', i)) {
      endText(i);
      const close = text.indexOf('}}', i + 2);
      if (close < 0) {
        unbalanced(i, text.length, text.slice(i, i + 40));
        return { parts, broken };
      }
      const body = text.slice(i + 2, close);
      if (/[{}]/.test(body)) unbalanced(i, close + 2, text.slice(i, close + 2));
      else {
        const part = variable(text.slice(i, close + 2), body, problems);
        if (!part) broken = true;
        parts.push({ part: part ?? { kind: 'invalid' }, at: i, end: close + 2 });
      }
      i = close + 2;
      textStart = i;
    } else if (text[i] === '{' || text[i] === '}') {
      endText(i);
      let end = i + 1;
      while (text[i] === '}' && text[end] === '}') end += 1;
      unbalanced(i, end, text.slice(Math.max(0, i - 10), end + 10));
      i = end;
      textStart = i;
    } else {
      i += 1;
    }
  }
  endText(text.length);
  return { parts: mergeText(parts), broken };
}

/** Text around a broken variable is left as two text parts; join them so later checks see whole segments. */
function mergeText(parts: SourcePart[]): SourcePart[] {
  const merged: SourcePart[] = [];
  for (const sourcePart of parts) {
    const last = merged[merged.length - 1];
    if (last && last.part.kind === 'text' && sourcePart.part.kind === 'text') {
      merged[merged.length - 1] = { part: { kind: 'text', text: last.part.text + sourcePart.part.text }, at: last.at, end: sourcePart.end };
    } else merged.push(sourcePart);
  }
  return merged;
}

function variable(source: string, body: string, problems: string[]): TemplatePart | undefined {
  const colon = body.indexOf(':');
  const name = (colon < 0 ? body : body.slice(0, colon)).trim();
  const parameter = colon < 0 ? undefined : body.slice(colon + 1).trim();

  if (name === 'topic' || name === 'partition' || name === 'start_offset' || name === 'end_offset') {
    if (parameter === undefined) return { kind: name };
    problems.push(
      `${SETTING}: ${source} takes no parameters; write {{${name}}} ` +
        `(offsets are always zero-padded to ${OFFSET_DIGITS} digits, so that keys sort in offset order, and partitions never are)`,
    );
    return undefined;
  }
  if (WALL_CLOCK_NAMES.has(name.toLowerCase())) {
    problems.push(wallClockProblem(source));
    return undefined;
  }
  if (name !== 'timestamp') {
    problems.push(`${SETTING} has an unknown variable ${source}: the variables are ${VARIABLES}, with U one of ${UNITS}`);
    return undefined;
  }

  const equals = parameter?.indexOf('=') ?? -1;
  const key = parameter === undefined || equals < 0 ? parameter : parameter.slice(0, equals).trim();
  const value = parameter === undefined || equals < 0 ? '' : parameter.slice(equals + 1).trim();
  if (key === 'source' && WALL_CLOCK_SOURCES.has(value.toLowerCase())) {
    problems.push(wallClockProblem(source));
    return undefined;
  }
  if (key !== 'unit' || value === '') {
    problems.push(`${SETTING}: ${source} needs a unit, e.g. {{timestamp:unit=yyyy}}; the units are ${UNITS}`);
    return undefined;
  }
  if ((TIME_UNITS as readonly string[]).includes(value)) return { kind: 'time', unit: value as TimeUnit };
  const hint = UNIT_HINTS[value];
  problems.push(hint ? `${SETTING} uses ${source}, ${hint}` : `${SETTING} has an unknown unit in ${source}: the units are ${UNITS}`);
  return undefined;
}

function wallClockProblem(source: string): string {
  return (
    `${SETTING} cannot use ${source}: the time a batch is processed changes when the batch is delivered again, ` +
    "so its objects would get new keys and be stored twice; use the records' own time, {{timestamp:unit=U}} with U one of " +
    UNITS
  );
}

function checkCharacters(parts: SourcePart[], problems: string[]): void {
  for (const { part, at } of parts) {
    if (part.kind !== 'text') continue;
    for (let i = 0; i < part.text.length; i += 1) {
      const char = part.text[i] as string;
      const code = part.text.charCodeAt(i);
      const where = `at character ${at + i + 1}`;
      if (code >= 0xd800 && code <= 0xdfff) {
        const pair = code <= 0xdbff && /[\udc00-\udfff]/.test(part.text[i + 1] ?? '');
        if (pair) i += 1;
        else problems.push(`${SETTING} has an unpaired UTF-16 surrogate ${where}, which UTF-8 cannot encode: remove it`);
      } else if (isControl(code) || FORBIDDEN_CHARACTERS.includes(char)) {
        const shown = isControl(code) ? `the control character U+${hex4(code)}` : char === '"' ? `'"'` : `"${char}"`;
        problems.push(
          `${SETTING} contains ${shown} ${where}, which OSS tools or file systems cannot handle in a key: ` +
            'control characters and \\ : * ? " < > | are not allowed',
        );
      }
    }
  }
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** Path segments are what lies between "/": each must render to a name tools can list and open. */
function checkSegments(parts: SourcePart[], problems: string[]): void {
  const segments: Array<Array<SourcePart['part']>> = [[]];
  for (const { part } of parts) {
    if (part.kind !== 'text') {
      (segments[segments.length - 1] as Array<SourcePart['part']>).push(part);
      continue;
    }
    part.text.split('/').forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece !== '') (segments[segments.length - 1] as Array<SourcePart['part']>).push({ kind: 'text', text: piece });
    });
  }
  if (segments.length > 1 && (segments[0] as Array<SourcePart['part']>).length === 0) {
    problems.push(`${SETTING} must not start with "/": the key follows OSS_PREFIX, which already ends with "/"`);
    segments.shift();
  }
  for (const segment of segments) {
    const fixed = segment.every((part) => part.kind === 'text')
      ? segment.map((part) => (part.kind === 'text' ? part.text : '')).join('')
      : undefined;
    if (segment.length === 0) {
      problems.push(`${SETTING} has an empty path segment ("//", or "/" at its end): every "/" must stand between two names`);
    } else if (fixed === '.' || fixed === '..') {
      problems.push(`${SETTING} has the path segment "${fixed}", which file systems and many tools read as a relative path: rename it`);
    } else if (fixed === '_conflicts') {
      problems.push(
        `${SETTING} has the path segment "_conflicts", the folder where the sink keeps batches whose key already held other data: rename it`,
      );
    }
  }
}

function checkRequired(parts: SourcePart[], problems: string[]): void {
  const present = new Set(parts.map(({ part }) => part.kind));
  const missing = (['topic', 'partition', 'start_offset'] as const).filter((kind) => !present.has(kind));
  if (missing.length === 0) return;
  problems.push(
    `${SETTING} must contain {{topic}}, {{partition}} and {{start_offset}}, so that every batch gets a key of its own ` +
      `and a redelivered batch the same one; it lacks ${listed(missing.map((kind) => `{{${kind}}}`))}`,
  );
}

function listed(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const VARIABLE_WIDTH = (part: SourcePart['part']) =>
  part.kind === 'topic' || part.kind === 'partition' || (part.kind === 'time' && part.unit === 'yyyy');

/**
 * A key must be readable only one way, or two topic-partitions could share a key. Variables of
 * variable width (topic, partition, year) are therefore never adjacent, and the text after one
 * starts with a character it cannot contain; variables of fixed width may touch them.
 */
function checkSeparation(text: string, parts: SourcePart[], problems: string[]): void {
  let i = 0;
  while (i < parts.length) {
    if ((parts[i] as SourcePart).part.kind === 'text') {
      i += 1;
      continue;
    }
    const start = i;
    while (i < parts.length && (parts[i] as SourcePart).part.kind !== 'text') i += 1;
    const run = parts.slice(start, i);
    const wide = run.filter(({ part }) => VARIABLE_WIDTH(part));
    const source = text.slice((run[0] as SourcePart).at, (run[run.length - 1] as SourcePart).end);
    if (wide.length > 1) {
      const names = wide.map(({ at, end }) => text.slice(at, end));
      problems.push(
        `${SETTING} has ${listed(names)} with no text between them (${source}), so a key could be read as ` +
          'more than one topic, partition or year: put a separator such as "/" between them',
      );
      continue;
    }
    const next = parts[i];
    if (wide.length === 0 || next === undefined || next.part.kind !== 'text') continue;
    const first = next.part.text[0] as string;
    const continues = (wide[0] as SourcePart).part.kind === 'topic' ? CONTINUES.topic : CONTINUES.digits;
    if (continues.pattern.test(first)) {
      problems.push(
        `${SETTING} has ${source} followed by ${JSON.stringify(first)}, which ${continues.what}, so a key could be read in ` +
          `more than one way: follow it with ${continues.instead}, or end the template with it`,
      );
    }
  }
}

/** `mm` is the minute and `MM` the month; where the template's other units say the other was meant, ask. */
function checkMinuteAndMonth(parts: SourcePart[], problems: string[]): void {
  const units = parts.flatMap(({ part }) => (part.kind === 'time' ? [part.unit] : []));
  const hour = units.indexOf('HH');
  if (units.includes('mm') && hour < 0) {
    problems.push(
      `${SETTING} uses {{timestamp:unit=mm}}, the minute, without the hour: for the month write {{timestamp:unit=MM}}; ` +
        'for minutes add {{timestamp:unit=HH}} before it',
    );
  }
  if (hour >= 0 && units.lastIndexOf('MM') > hour && !units.includes('mm')) {
    problems.push(
      `${SETTING} uses {{timestamp:unit=MM}}, the month, after the hour and has no minute: for the minute write ` +
        '{{timestamp:unit=mm}}; for the month put it before {{timestamp:unit=HH}}',
    );
  }
}
