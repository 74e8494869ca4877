// `npm run invoke -- --event-file events/<file>.json`: what `s local invoke` does, without Docker.
// Against the embedded OSS server by default; against real OSS when OSS_ENDPOINT and credentials are set.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFcInstance } from './fc-instance';
import { DEFAULT_BUCKET, DEFAULT_DIR, LOCAL_DEV_CREDENTIAL, startLocalOssServer, type LocalOssServer } from '../oss-emulator';

const USAGE = 'usage: npm run invoke -- --event-file <file.json> [--bundle dist/oss-sink/index.js] [--timeout <seconds>]';

export async function runInvoke(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'event-file': { type: 'string', short: 'f' },
      bundle: { type: 'string', default: 'dist/oss-sink/index.js' },
      timeout: { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values['event-file']) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    console.error(`--timeout must be a whole number of seconds, got ${JSON.stringify(values.timeout)}\n${USAGE}`);
    return 2;
  }
  let event: Buffer;
  try {
    event = readFileSync(resolve(values['event-file']));
  } catch (error) {
    console.error(`cannot read the event file ${values['event-file']}: ${(error as Error).message}`);
    return 2;
  }

  const env = process.env;
  const realOss = Boolean(env.OSS_ENDPOINT) && Boolean(env.OSS_ACCESS_KEY_ID || env.ALIBABA_CLOUD_ACCESS_KEY_ID);
  let server: LocalOssServer | undefined;
  try {
    let functionEnv: Record<string, string | undefined> = { ...env };
    if (!realOss) {
      server = await startLocalOssServer({ dir: resolve(env.OSS_LOCAL_DIR ?? DEFAULT_DIR), buckets: [env.OSS_BUCKET ?? DEFAULT_BUCKET] });
      functionEnv = {
        ...env,
        OSS_BUCKET: env.OSS_BUCKET ?? DEFAULT_BUCKET,
        OSS_REGION: server.region,
        OSS_ENDPOINT: server.endpoint,
      };
      console.error(`Using the embedded OSS server at ${server.endpoint} (set OSS_ENDPOINT and credentials to write to real OSS).`);
    }
    const instance = startFcInstance({
      bundle: values.bundle,
      env: functionEnv,
      credentials: server ? LOCAL_DEV_CREDENTIAL : undefined,
      timeoutSeconds,
      onLog: (line) => console.error(line),
    });
    const invocation = await instance.invoke(event);
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
