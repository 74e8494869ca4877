/**
 * @module The compaction function's settings: the sink's own (where and how the batch objects
 * are, read by loadSettings exactly as the sink reads them) and the compacted zone's. Every
 * problem in either is listed in one ConfigError.
 */
import * as z from 'zod';
import { CHECKPOINTS_FOLDER } from '../objects/compaction-checkpoint';
import { RECORD_FIELDS } from '../records/archive-record';
import { KEY_TEMPLATE_SETTING, type KeyTemplate, maxRenderedBytes, parseKeyTemplate } from '../objects/key-template';
import { COMPRESSIONS, type CompressionName, OUTPUT_FORMATS, type OutputFormatName } from '../objects/object-extension';
import { ObjectNaming, normalizeKeyPrefix } from '../objects/object-naming';
import type { Env } from '../platform/fc';
import { MAX_OBJECT_KEY_BYTES } from '../platform/oss';
import { ConfigError } from './config-error';
import { loadSettings, type Settings } from './settings';

export interface CompactionSettings {
  /** COMPACTED_PREFIX: the compacted zone, outside OSS_PREFIX; ends in `/`. */
  prefix: string;
  format: OutputFormatName;
  /** Whole-body compression of the JSON formats, or Parquet's column codec. */
  compression: CompressionName;
  /** COMPACTED_KEY_TEMPLATE: where each compacted object goes, after the prefix. */
  keyTemplate: KeyTemplate;
  /** COMPACT_TARGET_BYTES: the size compacted objects are aimed at. */
  targetBytes: number;
  /** COMPACT_MIN_AGE_SECONDS: batch objects younger than this are left for a later run. */
  minAgeSeconds: number;
  /** DELETE_COMPACTED_SOURCES: delete batch objects once the compacted objects holding them are verified. */
  deleteSources: boolean;
}

export interface CompactorSettings {
  /** The sink's settings: the bucket, and where and how it writes the batch objects. */
  sink: Settings;
  compaction: CompactionSettings;
}

export const DEFAULT_COMPACTED_PREFIX = 'compacted/';
/** One object per topic, hour (of the records' own time, in TIMEZONE), partition and compaction step; Hive-style folders. */
export const DEFAULT_COMPACTED_KEY_TEMPLATE =
  '{{topic}}/dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{partition}}-{{start_offset}}-{{end_offset}}';
export const DEFAULT_TARGET_BYTES = 128 * 1024 * 1024;
export const TARGET_BYTES_RANGE = { min: 1024, max: 5 * 1024 * 1024 * 1024 } as const;
export const DEFAULT_MIN_AGE_SECONDS = 300;
export const MIN_AGE_SECONDS_RANGE = { min: 0, max: 7 * 24 * 3600 } as const;

const TEMPLATE_SETTING = 'COMPACTED_KEY_TEMPLATE';
/** Longest extension a compacted object gets (`.jsonl.zst`). */
const LONGEST_EXTENSION_BYTES = 10;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be between ${min} and ${max}` });

/** One schema per setting, each checked on its own, so that one bad setting does not hide the problems of another. */
const compactionSchema = {
  prefix: z
    .string()
    .default(DEFAULT_COMPACTED_PREFIX)
    .transform((value, ctx) => {
      const normalized = normalizeKeyPrefix(value);
      if ('prefix' in normalized) return normalized.prefix;
      ctx.addIssue({ code: 'custom', message: `COMPACTED_PREFIX ${JSON.stringify(value)} ${normalized.problem}` });
      return z.NEVER;
    }),
  format: z
    .enum(OUTPUT_FORMATS, {
      error: (issue) => `COMPACTED_FORMAT must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .default('jsonl'),
  compression: z
    .enum(COMPRESSIONS, {
      error: (issue) => `COMPACTED_COMPRESSION must be one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  keyTemplate: z
    .string()
    .default(DEFAULT_COMPACTED_KEY_TEMPLATE)
    .transform((value, ctx) => {
      const parsed = parseKeyTemplate(value);
      if ('template' in parsed) {
        for (const message of compactedTemplateProblems(parsed.template)) ctx.addIssue({ code: 'custom', message });
        return parsed.template;
      }
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message: asCompactedTemplateProblem(message) });
      return z.NEVER;
    }),
  targetBytes: wholeNumber('COMPACT_TARGET_BYTES', TARGET_BYTES_RANGE.min, TARGET_BYTES_RANGE.max).default(DEFAULT_TARGET_BYTES),
  minAgeSeconds: wholeNumber('COMPACT_MIN_AGE_SECONDS', MIN_AGE_SECONDS_RANGE.min, MIN_AGE_SECONDS_RANGE.max).default(
    DEFAULT_MIN_AGE_SECONDS,
  ),
  deleteSources: z
    .enum(['true', 'false'], { error: (issue) => `DELETE_COMPACTED_SOURCES must be true or false, got ${JSON.stringify(issue.input)}` })
    .default('false')
    .transform((value) => value === 'true'),
};

type Schema = typeof compactionSchema;
type Parsed = { [K in keyof Schema]?: z.output<Schema[K]> };

/** Reads the sink's settings and the compaction settings; throws one ConfigError naming every problem in both. */
export function loadCompactorSettings(env: Env): CompactorSettings {
  const set = (name: string) => (env[name] === '' ? undefined : env[name]);
  const problems: string[] = [];
  let sink: Settings | undefined;
  try {
    sink = loadSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const input: Record<keyof Schema, string | undefined> = {
    prefix: env.COMPACTED_PREFIX,
    format: set('COMPACTED_FORMAT'),
    compression: set('COMPACTED_COMPRESSION'),
    keyTemplate: env.COMPACTED_KEY_TEMPLATE,
    targetBytes: set('COMPACT_TARGET_BYTES'),
    minAgeSeconds: set('COMPACT_MIN_AGE_SECONDS'),
    deleteSources: set('DELETE_COMPACTED_SOURCES'),
  };
  const parsed: Parsed = {};
  for (const name of Object.keys(compactionSchema) as Array<keyof Schema>) {
    const result = compactionSchema[name].safeParse(input[name]);
    if (result.success) (parsed as Record<string, unknown>)[name] = result.data;
    else problems.push(...result.error.issues.map((issue) => issue.message));
  }
  if (sink !== undefined) problems.push(...sourceLayoutProblems(sink));
  const sinkPrefix = sink?.prefix ?? prefixOf(env.OSS_PREFIX);
  problems.push(...zoneProblems(parsed, sinkPrefix));
  const compaction = complete(parsed);
  if (problems.length > 0 || sink === undefined || compaction === undefined) throw new ConfigError(problems);
  return { sink, compaction };
}

function complete(parsed: Parsed): CompactionSettings | undefined {
  const { prefix, format, compression, keyTemplate, targetBytes, minAgeSeconds, deleteSources } = parsed;
  if (prefix === undefined || format === undefined || keyTemplate === undefined) return undefined;
  if (targetBytes === undefined || minAgeSeconds === undefined || deleteSources === undefined) return undefined;
  // gzip is what every reader of JSON lines takes; Parquet compresses column by column, and zstd is what query engines read fastest.
  const codec = compression ?? (format === 'parquet' ? 'zstd' : 'gzip');
  return { prefix, format, compression: codec, keyTemplate, targetBytes, minAgeSeconds, deleteSources };
}

function prefixOf(value: string | undefined): string | undefined {
  const normalized = normalizeKeyPrefix(value ?? '');
  return 'prefix' in normalized ? normalized.prefix : undefined;
}

/** The compactor learns each batch object's offsets from its key, and finds partitions by their folders `<topic>/<partition>/`. */
function sourceLayoutProblems(sink: Settings): string[] {
  const problems: string[] = [];
  if (!sink.keyTemplate.parts.some((part) => part.kind === 'end_offset')) {
    problems.push(
      `${KEY_TEMPLATE_SETTING} has no {{end_offset}}: compaction reads each batch object's offsets from its key, so the sink's template must name both offsets`,
    );
  }
  const naming = new ObjectNaming(sink.prefix, sink.keyTemplate, '');
  const listing = naming.rangeListing('topic', 0);
  if (!listing.indexed && !listing.prefix.startsWith(naming.home('topic', 0))) {
    problems.push(
      `${KEY_TEMPLATE_SETTING} puts a partition's objects outside its folder <topic>/<partition>/, where compaction looks for partitions: ` +
        'start the template with {{topic}}/{{partition}}/, or put a time folder first (the sink then keeps an _index/ in that folder)',
    );
  }
  return problems;
}

function zoneProblems({ prefix, keyTemplate }: Parsed, sinkPrefix: string | undefined): string[] {
  const problems: string[] = [];
  if (prefix !== undefined && sinkPrefix !== undefined && (prefix.startsWith(sinkPrefix) || sinkPrefix.startsWith(prefix))) {
    const shown = (text: string) => (text === '' ? 'the bucket root' : JSON.stringify(text));
    problems.push(
      `COMPACTED_PREFIX ${shown(prefix)} and OSS_PREFIX ${shown(sinkPrefix)} overlap: the compacted zone must lie outside the ` +
        "sink's prefix and not contain it (e.g. OSS_PREFIX=kafka/ and COMPACTED_PREFIX=compacted/), so that neither is ever read as the other",
    );
  }
  if (prefix !== undefined && keyTemplate !== undefined) {
    const longest = Buffer.byteLength(prefix) + maxRenderedBytes(keyTemplate) + LONGEST_EXTENSION_BYTES;
    if (longest > MAX_OBJECT_KEY_BYTES) {
      problems.push(
        `COMPACTED_PREFIX and ${TEMPLATE_SETTING} together can make keys of up to ${longest} bytes, over OSS's limit of ${MAX_OBJECT_KEY_BYTES}: shorten one of them`,
      );
    }
  }
  return problems;
}

/** What a compacted key template must not do beyond what every key template must not. */
function compactedTemplateProblems(template: KeyTemplate): string[] {
  const problems: string[] = [];
  const first = template.parts[0];
  if (first?.kind === 'text' && (first.text === CHECKPOINTS_FOLDER || first.text.startsWith(`${CHECKPOINTS_FOLDER}/`))) {
    problems.push(`${TEMPLATE_SETTING} starts with "${CHECKPOINTS_FOLDER}", the folder where compaction keeps its checkpoints: rename it`);
  }
  for (const part of template.parts) {
    if (part.kind !== 'text') continue;
    for (const match of part.text.matchAll(/(?:^|\/)([^/=]+)=/g)) {
      const name = match[1] as string;
      const field = RECORD_FIELDS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      if (field !== undefined) {
        problems.push(
          `${TEMPLATE_SETTING} has the Hive folder "${name}=", named like the records' field "${field}": query engines that read Hive ` +
            'folders (DuckDB, Spark, MaxCompute) would show the folder value instead of each record\'s own; name it differently, e.g. "dt=" or "hour="',
        );
      }
    }
  }
  return problems;
}

/** parseKeyTemplate speaks of the sink's template; these problems are about the compacted one. */
function asCompactedTemplateProblem(problem: string): string {
  return problem.replaceAll(KEY_TEMPLATE_SETTING, TEMPLATE_SETTING).replaceAll('OSS_PREFIX', 'COMPACTED_PREFIX');
}
