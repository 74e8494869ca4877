import * as z from 'zod';
import { COMPRESSIONS, type CompressionName, OUTPUT_FORMATS, type OutputFormatName } from '../objects/object-extension';
import { DEFAULT_KEY_TEMPLATE, type KeyTemplate, maxRenderedBytes, parseKeyTemplate } from '../objects/key-template';
import { checkTimeZone, DEFAULT_TIME_ZONE } from '../objects/key-template-time';
import { normalizeKeyPrefix } from '../objects/object-naming';
import { VALUE_DATA_TYPES, type ValueDataType } from '../payload/kafka-message';
import type { OverflowPolicy, RecordFormatName } from '../records/archive-record';
import type { Env } from '../platform/fc';
import {
  BUCKET_NAME,
  BUCKET_NAME_RULE,
  ENDPOINT_URL,
  ENDPOINT_URL_EXAMPLE,
  MAX_OBJECT_KEY_BYTES,
  parseRegionId,
  regionEndpoint,
} from '../platform/oss';
import { ConfigError } from './config-error';

/** Validated configuration, read once per instance from the function's environment variables. */
export interface Settings {
  bucket: string;
  /** Bare region id, e.g. `cn-hangzhou`. */
  region: string;
  endpoint: string;
  /** Empty, or ending in `/`. */
  prefix: string;
  maxValueBytes: number;
  signatureVersion: 1 | 4;
  requestTimeoutMs: number;
  /** `continue`: elements that are not Kafka messages are set aside in `_errors/`; `stop`: the batch is refused. */
  failurePolicy: 'continue' | 'stop';
  overflow: OverflowPolicy;
  recordFormat: RecordFormatName;
  valueDataType: ValueDataType;
  outputFormat: OutputFormatName;
  compression: CompressionName;
  /** OBJECT_KEY_TEMPLATE: where each records object goes, after the prefix. */
  keyTemplate: KeyTemplate;
  /** TIMEZONE: an IANA name, in which the template's time variables are read from record timestamps. */
  timeZone: string;
}

/** The legacy connector's limit for a synchronous invocation: 6 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 6 * 1024 * 1024;
export const MAX_VALUE_BYTES_RANGE = { min: 1, max: 1024 * 1024 * 1024 } as const;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be between ${min} and ${max}` });

/** One of `values`, spelled exactly; the message lists them. */
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T, fallback: T[number], meaning = '') =>
  z
    .enum(values, { error: (issue) => `${name} must be one of ${values.join(', ')}${meaning}, got ${JSON.stringify(issue.input)}` })
    .default(fallback);

const settingsSchema = z.object({
  bucket: z
    .string({ error: 'OSS_BUCKET is required: set it to the name of the bucket that receives the archive' })
    .regex(BUCKET_NAME, { error: `OSS_BUCKET must be ${BUCKET_NAME_RULE}` }),
  region: z
    .string({ error: "OSS_REGION is required outside Function Compute: set it to the bucket's region, e.g. cn-hangzhou" })
    .transform((value, ctx) => {
      const region = parseRegionId(value);
      if (region !== undefined) return region;
      ctx.addIssue({ code: 'custom', message: 'OSS_REGION must be a region id such as cn-hangzhou (or oss-cn-hangzhou)' });
      return z.NEVER;
    }),
  endpoint: z
    .string()
    .regex(ENDPOINT_URL, { error: `OSS_ENDPOINT must be a URL with scheme and host only, e.g. ${ENDPOINT_URL_EXAMPLE}` })
    .transform((value) => value.replace(/\/$/, ''))
    .optional(),
  prefix: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const normalized = normalizeKeyPrefix(value);
      if ('prefix' in normalized) return normalized.prefix;
      ctx.addIssue({ code: 'custom', message: `OSS_PREFIX ${JSON.stringify(value)} ${normalized.problem}` });
      return z.NEVER;
    }),
  maxValueBytes: wholeNumber('MAX_VALUE_BYTES', MAX_VALUE_BYTES_RANGE.min, MAX_VALUE_BYTES_RANGE.max).default(DEFAULT_MAX_VALUE_BYTES),
  signatureVersion: z
    .enum(['1', '4'], { error: 'OSS_SIGNATURE_VERSION must be 1 or 4' })
    .default('4')
    .transform((value) => (value === '1' ? 1 : 4) as 1 | 4),
  requestTimeoutMs: wholeNumber('OSS_REQUEST_TIMEOUT_MS', 100, 600_000).default(60_000),
  failurePolicy: oneOf('FAILURE_POLICY', ['continue', 'stop'], 'continue'),
  overflow: oneOf('OVERFLOW', ['spill', 'truncate'], 'spill'),
  recordFormat: oneOf('RECORD_FORMAT', ['seed', 'full'], 'seed'),
  valueDataType: oneOf('VALUE_DATA_TYPE', VALUE_DATA_TYPES, 'Text', " (the trigger's value data type)"),
  outputFormat: oneOf('OUTPUT_FORMAT', OUTPUT_FORMATS, 'json'),
  compression: z
    .enum(COMPRESSIONS, { error: (issue) => `COMPRESSION must be one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(issue.input)}` })
    .optional(),
  keyTemplate: z
    .string()
    .default(DEFAULT_KEY_TEMPLATE)
    .transform((value, ctx) => {
      const parsed = parseKeyTemplate(value);
      if ('template' in parsed) return parsed.template;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  timeZone: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .check((ctx) => {
      const problem = checkTimeZone(ctx.value);
      if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
});

/** Longest extension a records object gets (`.jsonl.zst`); the `_conflicts/` name adds its MD5. */
const LONGEST_EXTENSION_BYTES = 10;

/** Reads the settings from environment variables; throws a ConfigError naming every problem. */
export function loadSettings(env: Env): Settings {
  const set = (name: string) => (env[name] === '' ? undefined : env[name]);
  const parsed = settingsSchema.safeParse({
    bucket: set('OSS_BUCKET'),
    region: set('OSS_REGION') ?? set('FC_REGION'),
    endpoint: set('OSS_ENDPOINT'),
    prefix: set('OSS_PREFIX'),
    maxValueBytes: set('MAX_VALUE_BYTES'),
    signatureVersion: set('OSS_SIGNATURE_VERSION'),
    requestTimeoutMs: set('OSS_REQUEST_TIMEOUT_MS'),
    failurePolicy: set('FAILURE_POLICY'),
    overflow: set('OVERFLOW'),
    recordFormat: set('RECORD_FORMAT'),
    valueDataType: set('VALUE_DATA_TYPE'),
    outputFormat: set('OUTPUT_FORMAT'),
    compression: set('COMPRESSION'),
    keyTemplate: env.OBJECT_KEY_TEMPLATE,
    timeZone: env.TIMEZONE,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const { endpoint, compression, ...settings } = parsed.data;
  const longestKey = Buffer.byteLength(settings.prefix) + maxRenderedBytes(settings.keyTemplate) + LONGEST_EXTENSION_BYTES;
  if (longestKey > MAX_OBJECT_KEY_BYTES) {
    throw new ConfigError([
      `OSS_PREFIX and OBJECT_KEY_TEMPLATE together can make keys of up to ${longestKey} bytes, over OSS's limit of ${MAX_OBJECT_KEY_BYTES}: shorten one of them`,
    ]);
  }
  // Inside Function Compute, in the bucket's region, the internal endpoint is free of traffic fees.
  const network = set('FC_REGION') === settings.region ? 'internal' : 'public';
  return {
    ...settings,
    endpoint: endpoint ?? regionEndpoint(settings.region, network),
    // Parquet compresses each column itself; zstd is what query engines read fastest.
    compression: compression ?? (settings.outputFormat === 'parquet' ? 'zstd' : 'none'),
  };
}
