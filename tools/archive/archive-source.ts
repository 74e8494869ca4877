/**
 * @module Where the archive is, read from the same variables as the function (OSS_BUCKET,
 * OSS_PREFIX, OSS_REGION, OSS_ENDPOINT, OSS_ACCESS_KEY_ID/_SECRET or ALIBABA_CLOUD_*), each
 * overridable, plus what only a reader needs: the compacted zone and the key templates to read
 * keys with. Only these settings are read: a reader has no use for MAX_VALUE_BYTES and the like,
 * and must not fail on them.
 */
import OSS from 'ali-oss';
import { DEFAULT_COMPACTED_KEY_TEMPLATE, DEFAULT_COMPACTED_PREFIX } from '../../lib/config/compaction-settings';
import { ConfigError } from '../../lib/config/config-error';
import { resolveCredentials } from '../../lib/config/credentials';
import { DEFAULT_KEY_TEMPLATE, KEY_TEMPLATE_SETTING, type KeyTemplate, parseKeyTemplate } from '../../lib/objects/key-template';
import { normalizeKeyPrefix } from '../../lib/objects/object-naming';
import type { Env } from '../../lib/platform/fc';
import { BUCKET_NAME, BUCKET_NAME_RULE, ENDPOINT_URL, ENDPOINT_URL_EXAMPLE, parseRegionId, regionEndpoint } from '../../lib/platform/oss';
import { ArchiveStore } from './archive-store';
import { seedValueEncoding, VALUE_DATA_TYPES, type ValueEncoding } from './value-encoding';

export interface ArchiveCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where they came from (an alias, a variable), for messages; never the values. */
  source?: string;
}

/** Each one wins over its variable. `credentials`: e.g. an `s config add` alias the CLI has read. */
export interface ArchiveOverrides {
  bucket?: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  credentials?: ArchiveCredentials;
  /** Bucket-level prefix of the compacted zone (COMPACTED_PREFIX, default `compacted/`). */
  compactedPrefix?: string;
  /** Templates to read keys with, besides the default and OBJECT_KEY_TEMPLATE. */
  keyTemplates?: readonly string[];
  /** VALUE_DATA_TYPE the function ran with: what a seed-format record's value is (Binary: base64 text). */
  valueDataType?: string;
}

export interface ArchiveSource {
  bucket: string;
  /** Empty, or ending in `/`. */
  prefix: string;
  /** Ending in `/`. */
  compactedPrefix: string;
  /** The default template first, then OBJECT_KEY_TEMPLATE and the overrides' (distinct). */
  templates: KeyTemplate[];
  /** The compaction function's: COMPACTED_KEY_TEMPLATE, else its default. */
  compactedTemplates: KeyTemplate[];
  store: ArchiveStore;
  /** What the value of a seed-format record is, which the record does not say. */
  seedValueEncoding: ValueEncoding;
  /** `oss://bucket/prefix at endpoint`, for messages. */
  description: string;
  /** Values that must never be printed. */
  secrets: string[];
}

/** The settings are wrong or missing; every problem is listed. Exit code 2, like any wrong command line. */
export class ArchiveSettingsError extends Error {
  override readonly name = 'ArchiveSettingsError';
  readonly exitCode = 2;
  constructor(readonly problems: string[]) {
    super(`The archive's location is not usable: ${problems.join('; ')}.`);
  }
}

const INTERNAL_ENDPOINT = /^https?:\/\/oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com\/?$/;

/** Throws ArchiveSettingsError naming every problem. Builds the client; makes no request. */
export function archiveSource(env: Env, overrides: ArchiveOverrides = {}): ArchiveSource {
  const problems: string[] = [];
  const set = (name: string) => (env[name] === '' ? undefined : env[name]);
  const pick = (override: string | undefined, name: string, option: string) =>
    override !== undefined ? { value: override, from: option } : { value: set(name), from: name };

  const bucket = pick(overrides.bucket, 'OSS_BUCKET', '--bucket');
  if (bucket.value === undefined) problems.push('the bucket is not known: set OSS_BUCKET or pass --bucket');
  else if (!BUCKET_NAME.test(bucket.value)) problems.push(`${bucket.from} ${JSON.stringify(bucket.value)} must be ${BUCKET_NAME_RULE}`);

  const endpoint = pick(overrides.endpoint, 'OSS_ENDPOINT', '--oss-endpoint');
  if (endpoint.value !== undefined && !ENDPOINT_URL.test(endpoint.value)) {
    problems.push(
      `${endpoint.from} ${JSON.stringify(endpoint.value)} must be a URL with scheme and host only, e.g. ${ENDPOINT_URL_EXAMPLE}`,
    );
  }
  const region = pick(overrides.region, 'OSS_REGION', '--region');
  const regionText = region.value ?? set('FC_REGION') ?? INTERNAL_ENDPOINT.exec(endpoint.value ?? '')?.[1];
  const regionId = regionText === undefined ? undefined : parseRegionId(regionText);
  if (regionText === undefined) problems.push("the bucket's region is not known: set OSS_REGION (e.g. cn-hangzhou) or pass --region");
  else if (regionId === undefined) problems.push(`${region.from} ${JSON.stringify(regionText)} must be a region id such as cn-hangzhou`);

  const prefix = normalized(pick(overrides.prefix, 'OSS_PREFIX', '--prefix'), '', problems);
  const compacted = pick(overrides.compactedPrefix, 'COMPACTED_PREFIX', '--compacted-prefix');
  const compactedPrefix = normalized(
    { ...compacted, value: compacted.value ?? DEFAULT_COMPACTED_PREFIX },
    DEFAULT_COMPACTED_PREFIX,
    problems,
  );
  if (compactedPrefix === '') problems.push(`${compacted.from} must not be empty: the compacted zone needs a folder of its own`);
  else if (prefix.startsWith(compactedPrefix)) {
    const named = compacted.value === undefined ? 'the compacted zone' : compacted.from;
    problems.push(
      `${named} ${JSON.stringify(compactedPrefix)} contains the archive's prefix ${JSON.stringify(prefix)}: give each zone its own folder (--compacted-prefix, COMPACTED_PREFIX)`,
    );
  }

  const valueDataType = pick(overrides.valueDataType, 'VALUE_DATA_TYPE', '--value-data-type');
  if (valueDataType.value !== undefined && !(VALUE_DATA_TYPES as readonly string[]).includes(valueDataType.value)) {
    problems.push(`${valueDataType.from} ${JSON.stringify(valueDataType.value)} must be one of ${VALUE_DATA_TYPES.join(', ')}`);
  }
  const templates = keyTemplates([DEFAULT_KEY_TEMPLATE, set(KEY_TEMPLATE_SETTING), ...(overrides.keyTemplates ?? [])], problems);
  const compactedTemplates = keyTemplates([set('COMPACTED_KEY_TEMPLATE') ?? DEFAULT_COMPACTED_KEY_TEMPLATE], problems);
  const credentials = credentialsFrom(env, overrides.credentials, problems);
  if (problems.length > 0 || bucket.value === undefined || regionId === undefined || credentials === undefined) {
    throw new ArchiveSettingsError(problems);
  }

  const url = (endpoint.value ?? regionEndpoint(regionId, 'public')).replace(/\/$/, '');
  const timeoutMs = Number(set('OSS_REQUEST_TIMEOUT_MS') ?? 60_000) || 60_000;
  const client = new OSS({
    bucket: bucket.value,
    region: `oss-${regionId}`,
    endpoint: url,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken ? { stsToken: credentials.securityToken, refreshSTSTokenInterval: 3_600_000 } : {}),
    authorizationV4: set('OSS_SIGNATURE_VERSION') !== '1',
    timeout: timeoutMs,
    secure: url.startsWith('https:'),
  } as OSS.Options);
  return {
    bucket: bucket.value,
    prefix,
    compactedPrefix,
    templates,
    compactedTemplates,
    store: new ArchiveStore(client, timeoutMs),
    seedValueEncoding: seedValueEncoding(valueDataType.value),
    description: `oss://${bucket.value}/${prefix} at ${url}`,
    secrets: [credentials.accessKeySecret, credentials.securityToken ?? ''].filter((secret) => secret !== ''),
  };
}

function normalized(setting: { value: string | undefined; from: string }, fallback: string, problems: string[]): string {
  const result = normalizeKeyPrefix(setting.value ?? fallback);
  if ('prefix' in result) return result.prefix;
  problems.push(`${setting.from} ${JSON.stringify(setting.value)} ${result.problem}`);
  return fallback;
}

function keyTemplates(texts: Array<string | undefined>, problems: string[]): KeyTemplate[] {
  const templates: KeyTemplate[] = [];
  for (const text of new Set(texts)) {
    if (text === undefined) continue;
    const parsed = parseKeyTemplate(text);
    if ('template' in parsed) templates.push(parsed.template);
    else problems.push(...parsed.problems.map((problem) => `key template ${JSON.stringify(text)}: ${problem}`));
  }
  return templates;
}

function credentialsFrom(env: Env, given: ArchiveCredentials | undefined, problems: string[]): ArchiveCredentials | undefined {
  if (given !== undefined) {
    if (given.accessKeyId && given.accessKeySecret) return given;
    problems.push(`the credentials from ${given.source ?? 'the command line'} lack an AccessKey id or secret`);
    return undefined;
  }
  try {
    // Without a function context, the function's own order: OSS_ACCESS_KEY_*, then ALIBABA_CLOUD_*.
    const { accessKeyId, accessKeySecret, securityToken, source } = resolveCredentials(env, undefined);
    return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}), source };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const halfPair = env.OSS_ACCESS_KEY_ID || env.OSS_ACCESS_KEY_SECRET;
    problems.push(halfPair ? (error.problems[0] ?? '').replace(", or neither to use the function's role", '') : NO_CREDENTIALS);
    return undefined;
  }
}

const NO_CREDENTIALS =
  'no credentials: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_ID, _SECRET and _SECURITY_TOKEN), ' +
  "or name an alias saved with 's config add'";
