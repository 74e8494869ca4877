// `npm run invoke -- --event-file events/<file>.json`: what `s local invoke` does, without Docker.
// Against the embedded OSS server, as `npm start`; against real OSS only when OSS_ENDPOINT and credentials are both set.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFcInstance } from './fc-instance';
import { LOCAL_PREFIX, SINK_BUNDLE } from './local-defaults';
import { DEFAULT_BUCKET, DEFAULT_DIR, LOCAL_DEV_CREDENTIAL, startLocalOssServer, type LocalOssServer } from '../oss-emulator';

const USAGE =
  "usage: npm run invoke -- (--event-file <file.json> | <file.json> | --event '<json>') [--function <name> | --bundle <index.js>] [--timeout <seconds>]";

const HELP = `${USAGE}

Runs a built function (by default the sink, ${SINK_BUNDLE}) once with the event, as Function Compute
would, and prints what it returns; the function's log lines go to stderr.

  -f, --event-file <file>   the event, read from a file (also accepted as the only argument)
  -e, --event <json>        the event itself, as JSON text
  --function <name>         the function built into dist/<name>/: oss-sink (default) or oss-compactor
  --bundle <file>           the built function's file, instead of --function
  --timeout <seconds>       the invocation's time limit (default: 60)
  -h, --help                this help

The compaction function, as its timer runs it (batch objects are compacted at once here; deployed, only
those older than COMPACT_MIN_AGE_SECONDS are):
  npm run invoke -- --function oss-compactor --event-file events/timer/compact.json

Where objects go: the embedded OSS server, as with npm start (bucket ${DEFAULT_BUCKET} or OSS_BUCKET, prefix
${LOCAL_PREFIX} or OSS_PREFIX, files under ${DEFAULT_DIR}/ or OSS_LOCAL_DIR). Real OSS only when OSS_ENDPOINT and
credentials (OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or ALIBABA_CLOUD_ACCESS_KEY_ID and
ALIBABA_CLOUD_ACCESS_KEY_SECRET) are both set; the other settings (OSS_BUCKET, OSS_REGION, OSS_PREFIX, …)
are then read from the environment as the deployed function reads them.

Exit codes: 0 the function succeeded, 1 it failed, 2 wrong command line.
`;

const OPTIONS = {
  'event-file': { type: 'string', short: 'f' },
  event: { type: 'string', short: 'e' },
  function: { type: 'string' },
  bundle: { type: 'string' },
  timeout: { type: 'string', default: '60' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The credentials the function would use against real OSS; never handed to the embedded server. */
const CREDENTIAL_PAIRS = [
  ['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET'],
  ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
] as const;
const CREDENTIAL_VARIABLES = [...CREDENTIAL_PAIRS.flat(), 'ALIBABA_CLOUD_SECURITY_TOKEN'];

class UsageError extends Error {}

export async function runInvoke(args: string[]): Promise<number> {
  let request: InvokeRequest | 'help';
  try {
    request = parseRequest(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`invoke: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (request === 'help') {
    process.stdout.write(HELP);
    return 0;
  }

  const env = process.env;
  const target = ossTarget(env);
  if (target.note !== undefined) console.error(target.note);
  let server: LocalOssServer | undefined;
  try {
    let functionEnv: Record<string, string | undefined> = { ...env };
    if (target.embedded) {
      const bucket = env.OSS_BUCKET || DEFAULT_BUCKET;
      const prefix = env.OSS_PREFIX || LOCAL_PREFIX;
      server = await startLocalOssServer({ dir: resolve(env.OSS_LOCAL_DIR || DEFAULT_DIR), buckets: [bucket] });
      functionEnv = {
        // On one's own machine there is no reason to wait for a batch object to age before compacting it.
        COMPACT_MIN_AGE_SECONDS: '0',
        ...withoutCredentials(env),
        OSS_BUCKET: bucket,
        OSS_REGION: server.region,
        OSS_ENDPOINT: server.endpoint,
        OSS_PREFIX: prefix,
      };
      const fromHere = relative(process.cwd(), server.dir ?? '');
      const files = fromHere === '' ? '.' : fromHere.startsWith('..') ? (server.dir ?? '') : fromHere;
      console.error(
        `Using the embedded OSS server at ${server.endpoint}: objects go to oss://${bucket}/${prefix} (files under ${files}/${bucket}/).`,
      );
    } else {
      console.error(`Writing to real OSS at ${env.OSS_ENDPOINT}, with the settings and credentials of the environment.`);
    }
    const instance = startFcInstance({
      bundle: request.bundle,
      env: functionEnv,
      credentials: server ? LOCAL_DEV_CREDENTIAL : undefined,
      timeoutSeconds: request.timeoutSeconds,
      onLog: (line) => console.error(line),
    });
    const invocation = await instance.invoke(request.event);
    if (!invocation.ok) {
      console.error(`Invocation failed: ${invocation.error.message}`);
      return 1;
    }
    console.log(String(invocation.result));
    return 0;
  } finally {
    await server?.close();
  }
}

interface InvokeRequest {
  event: Buffer;
  bundle: string;
  timeoutSeconds: number;
}

function parseRequest(args: string[]): InvokeRequest | 'help' {
  let parsed: ReturnType<typeof parseWithNode>;
  try {
    parsed = parseWithNode(args);
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  if (positionals.length > 1) throw new UsageError(`one event at a time: got ${positionals.length} files (${positionals.join(', ')}).`);
  const sources = [values['event-file'] && '--event-file', values.event !== undefined && '--event', positionals[0] && positionals[0]];
  if (sources.filter(Boolean).length > 1)
    throw new UsageError(`give the event once: ${sources.filter(Boolean).join(' and ')} both give one.`);
  const file = values['event-file'] ?? positionals[0];

  if (values.function !== undefined && values.bundle !== undefined) {
    throw new UsageError('give the function once: --function names a built function, --bundle its file.');
  }
  if (values.function !== undefined && !/^[a-z0-9-]+$/.test(values.function)) {
    throw new UsageError(
      `--function takes a function's folder name under dist/, e.g. oss-compactor; got ${JSON.stringify(values.function)}.`,
    );
  }
  const bundle = values.bundle ?? (values.function === undefined ? SINK_BUNDLE : `dist/${values.function}/index.js`);
  if (values.function !== undefined && !existsSync(resolve(bundle))) {
    const built = readdirSync(resolve('dist'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(resolve('dist', entry.name, 'index.js')))
      .map((entry) => entry.name);
    throw new UsageError(
      `there is no built function ${values.function}: the build writes ${built.join(', ') || 'none yet (run npm run build)'}.`,
    );
  }
  const timeoutSeconds = Number(values.timeout);
  if (!/^\d+$/.test(values.timeout) || timeoutSeconds < 1) {
    throw new UsageError(`--timeout must be a whole number of seconds, got ${JSON.stringify(values.timeout)}.`);
  }
  if (values.event !== undefined) {
    try {
      JSON.parse(values.event);
    } catch {
      throw new UsageError(
        `--event takes the event itself as JSON text, and ${JSON.stringify(values.event)} is not JSON. To read it from a file: --event-file ${values.event}`,
      );
    }
    return { event: Buffer.from(values.event), bundle, timeoutSeconds };
  }
  if (file === undefined || file === '')
    throw new UsageError('no event given: pass --event-file <file.json>, e.g. --event-file events/rawdata.json.');
  try {
    return { event: readFileSync(resolve(file)), bundle, timeoutSeconds };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UsageError(`cannot read the event file ${file}: ${why}.`);
  }
}

function parseWithNode(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

/** node:util's messages speak of its own API; say it in the command's terms, with the option that was probably meant. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[\w-]+(=\S*)?/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closestOption(option);
    return `unknown option ${option}.${near === undefined ? '' : ` Did you mean ${near}?`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `${option} needs a value.`;
    if (message.includes('ambiguous')) return `${option} needs a value; for one that starts with '-', write ${option}=<value>.`;
    return `${option} takes no value.`;
  }
  return message;
}

function closestOption(given: string): string | undefined {
  const name = given.replace(/^-+/, '').split('=')[0] ?? '';
  const candidates = Object.keys(OPTIONS).map((option) => ({ option, distance: editDistance(name, option) }));
  const best = candidates.sort((a, b) => a.distance - b.distance)[0];
  const prefixed = Object.keys(OPTIONS).find((option) => name.length >= 3 && (option.startsWith(name) || name.startsWith(option)));
  if (prefixed !== undefined) return `--${prefixed}`;
  return best !== undefined && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? `--${best.option}` : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

interface OssTarget {
  embedded: boolean;
  /** Said when a setting the user made is ignored, and why. */
  note?: string;
}

/** Real OSS needs both an endpoint and credentials; with only one of them, say which is ignored. */
function ossTarget(env: NodeJS.ProcessEnv): OssTarget {
  const endpoint = Boolean(env.OSS_ENDPOINT);
  const pair = CREDENTIAL_PAIRS.find(([id, secret]) => env[id] && env[secret]);
  const setCredentials = CREDENTIAL_VARIABLES.filter((name) => env[name]);
  if (endpoint && pair !== undefined) return { embedded: false };
  if (endpoint) {
    const have = setCredentials.length === 0 ? 'no credentials are set' : `only ${setCredentials.join(', ')} is set, not a whole pair`;
    return {
      embedded: true,
      note:
        `OSS_ENDPOINT is ignored: real OSS needs credentials too, and ${have} ` +
        '(OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET).',
    };
  }
  if (setCredentials.length > 0) {
    return {
      embedded: true,
      note:
        `${setCredentials.join(', ')} ${setCredentials.length === 1 ? 'is' : 'are'} ignored: OSS_ENDPOINT is not set, so the embedded OSS server ` +
        'is used, and it is never sent your keys. Set OSS_ENDPOINT (e.g. https://oss-cn-hangzhou.aliyuncs.com) to write to real OSS with them.',
    };
  }
  return { embedded: true };
}

function withoutCredentials(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const rest: Record<string, string | undefined> = { ...env };
  for (const name of CREDENTIAL_VARIABLES) delete rest[name];
  return rest;
}
