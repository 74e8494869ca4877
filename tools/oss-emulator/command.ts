import { parseArgs } from 'node:util';
import {
  DEFAULT_BUCKET,
  DEFAULT_DIR,
  DEFAULT_REGION,
  LOCAL_DEV_CREDENTIAL,
  startLocalOssServer,
  type LocalOssServerOptions,
  type RecordedRequest,
} from './index';
import { INTERNAL_DIR } from './object-file-layout';

export const DEFAULT_CLI_PORT = 9000;

const USAGE = `Usage: npm run oss-server -- [--port N] [--dir PATH] [--bucket NAME[,NAME...]] [--region ID]

Serves the OSS object API on 127.0.0.1 for local development, storing each object as the file
<dir>/<bucket>/<key> (metadata, uploads in progress and keys that cannot be paths: <dir>/<bucket>/${INTERNAL_DIR}/).
  --port    port on 127.0.0.1 (env OSS_LOCAL_PORT, default ${DEFAULT_CLI_PORT}; 0 picks a free port)
  --dir     directory for objects (env OSS_LOCAL_DIR, default ${DEFAULT_DIR})
  --bucket  bucket name(s), comma-separated (env OSS_LOCAL_BUCKET, default ${DEFAULT_BUCKET})
  --region  region id (env OSS_LOCAL_REGION, default ${DEFAULT_REGION})`;

/** Server options from command-line flags, falling back to OSS_LOCAL_* environment variables. */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): { help: boolean; options: LocalOssServerOptions } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      dir: { type: 'string' },
      bucket: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const portText = values.port ?? env['OSS_LOCAL_PORT'] ?? String(DEFAULT_CLI_PORT);
  if (!/^\d+$/.test(portText)) {
    throw new Error(`--port (or OSS_LOCAL_PORT) must be a port number from 0 to 65535; got "${portText}".`);
  }
  const buckets = (values.bucket ?? env['OSS_LOCAL_BUCKET'] ?? DEFAULT_BUCKET)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    help: values.help ?? false,
    options: {
      port: Number(portText),
      dir: values.dir ?? env['OSS_LOCAL_DIR'] ?? DEFAULT_DIR,
      buckets,
      region: values.region ?? env['OSS_LOCAL_REGION'] ?? DEFAULT_REGION,
    },
  };
}

function accessLine(request: RecordedRequest): string {
  const operation = request.operation === undefined ? '' : ` (${request.operation})`;
  const target = `${request.bucket === undefined ? '?' : `${request.bucket}/${request.key ?? ''}`}${operation}`;
  const outcome = request.status === null ? 'connection dropped' : `${request.status}${request.errorCode ? ` ${request.errorCode}` : ''}`;
  const fault = request.fault ? ` [injected ${JSON.stringify(request.fault)}]` : '';
  return `${request.method} ${target} -> ${outcome}${fault} (request id ${request.requestId})`;
}

/** `npm run oss-emulator`: serves until Ctrl-C or SIGTERM, then closes and exits 0. */
export async function runOssEmulator(args: string[], signal: AbortSignal): Promise<number> {
  let parsed: ReturnType<typeof parseCliOptions>;
  try {
    parsed = parseCliOptions(args, process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const server = await startLocalOssServer({ ...parsed.options, onRequest: (request) => console.log(accessLine(request)) });
  const bucket = server.buckets[0];
  console.log(
    [
      'Local OSS server (local development only) is listening.',
      `  endpoint   ${server.endpoint}`,
      `  region     ${server.region}`,
      `  buckets    ${server.buckets.join(', ')}`,
      `  directory  ${server.dir}`,
      `  AccessKey  id ${LOCAL_DEV_CREDENTIAL.accessKeyId}, secret ${LOCAL_DEV_CREDENTIAL.accessKeySecret}`,
      '             (a fixed key pair that only this local server accepts; it grants nothing on Alibaba Cloud)',
      `  ali-oss    new OSS({ endpoint: '${server.endpoint}', bucket: '${bucket}', region: 'oss-${server.region}', accessKeyId: '${LOCAL_DEV_CREDENTIAL.accessKeyId}', accessKeySecret: '${LOCAL_DEV_CREDENTIAL.accessKeySecret}' })`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  await new Promise((resolveStop) => signal.addEventListener('abort', resolveStop, { once: true }));
  console.log('Stopping the local OSS server.');
  await server.close();
  return 0;
}
