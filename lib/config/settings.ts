import * as z from 'zod';
import { normalizeKeyPrefix } from '../objects/object-key';
import { BUCKET_NAME } from '../oss/bucket-name';
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
}

/** The legacy connector's limit for a synchronous invocation: 6 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 6 * 1024 * 1024;
const REGION = /^(?:oss-)?([a-z]{2,}(?:-[a-z0-9]+)+)$/;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be between ${min} and ${max}` });

const settingsSchema = z.object({
  bucket: z
    .string({ error: 'OSS_BUCKET is required: set it to the name of the bucket that receives the archive' })
    .regex(BUCKET_NAME, { error: 'OSS_BUCKET must be 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit' }),
  region: z
    .string({ error: "OSS_REGION is required outside Function Compute: set it to the bucket's region, e.g. cn-hangzhou" })
    .regex(REGION, { error: 'OSS_REGION must be a region id such as cn-hangzhou (or oss-cn-hangzhou)' })
    .transform((value) => REGION.exec(value)?.[1] as string),
  endpoint: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/?$/, {
      error: 'OSS_ENDPOINT must be a URL with scheme and host only, e.g. https://oss-cn-hangzhou-internal.aliyuncs.com or http://127.0.0.1:9000',
    })
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
  maxValueBytes: wholeNumber('MAX_VALUE_BYTES', 1, 1024 * 1024 * 1024).default(DEFAULT_MAX_VALUE_BYTES),
  signatureVersion: z
    .enum(['1', '4'], { error: 'OSS_SIGNATURE_VERSION must be 1 or 4' })
    .default('4')
    .transform((value) => (value === '1' ? 1 : 4) as 1 | 4),
  requestTimeoutMs: wholeNumber('OSS_REQUEST_TIMEOUT_MS', 100, 600_000).default(60_000),
});

/** Reads the settings from environment variables; throws a ConfigError naming every problem. */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const set = (name: string) => (env[name] === '' ? undefined : env[name]);
  const parsed = settingsSchema.safeParse({
    bucket: set('OSS_BUCKET'),
    region: set('OSS_REGION') ?? set('FC_REGION'),
    endpoint: set('OSS_ENDPOINT'),
    prefix: set('OSS_PREFIX'),
    maxValueBytes: set('MAX_VALUE_BYTES'),
    signatureVersion: set('OSS_SIGNATURE_VERSION'),
    requestTimeoutMs: set('OSS_REQUEST_TIMEOUT_MS'),
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const { endpoint, ...settings } = parsed.data;
  return { ...settings, endpoint: endpoint ?? defaultEndpoint(settings.region, set('FC_REGION')) };
}

/** Inside Function Compute, in the bucket's region, the internal endpoint is free of traffic fees. */
function defaultEndpoint(region: string, functionRegion: string | undefined): string {
  return functionRegion === region ? `https://oss-${region}-internal.aliyuncs.com` : `https://oss-${region}.aliyuncs.com`;
}
