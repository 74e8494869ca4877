import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFcInstance, type FcCredentials, type FcInstance, type Invocation } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, startLocalOssServer, type LocalCredential, type LocalOssServer } from '../../tools/oss-emulator/oss-server';

export const BUNDLE = resolve(__dirname, '..', '..', 'dist', 'oss-sink', 'index.js');
export const BUCKET = 'sink-test-bucket';

/** A local OSS server in a temp dir, removed again by `close`. */
export async function startOss(credentials: LocalCredential[] = [LOCAL_DEV_CREDENTIAL]): Promise<{ server: LocalOssServer; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'oss-sink-test-'));
  const server = await startLocalOssServer({ dir, buckets: [BUCKET], credentials });
  return {
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The built function, as an FC instance writing to `server`. */
export function sinkInstance(
  server: LocalOssServer,
  options: { env?: Record<string, string>; credentials?: FcCredentials; timeoutSeconds?: number } = {},
): FcInstance {
  return startFcInstance({
    bundle: BUNDLE,
    env: { OSS_BUCKET: BUCKET, OSS_REGION: server.region, OSS_ENDPOINT: server.endpoint, OSS_PREFIX: 'archive', ...options.env },
    credentials: options.credentials ?? LOCAL_DEV_CREDENTIAL,
    timeoutSeconds: options.timeoutSeconds ?? 30,
  });
}

export interface Summary {
  records: number;
  objects: number;
  created: number;
  alreadyStored: number;
  conflicts: number;
  truncatedValues: number;
  retries: number;
  written: Array<{ key: string; records: number; bytes: number; outcome: string; conflictKey?: string }>;
}

export function summaryOf(invocation: Invocation): Summary {
  if (!invocation.ok) throw new Error(`the invocation failed: ${invocation.error.message}\n${invocation.logs.join('\n')}`);
  return JSON.parse(String(invocation.result)) as Summary;
}

export function errorOf(invocation: Invocation): Error {
  if (invocation.ok) throw new Error(`the invocation succeeded: ${String(invocation.result)}`);
  return invocation.error;
}

export function cloudEvents(messages: Array<{ topic?: string; partition: number; offset: number | string; key?: string | null; value: unknown }>): Buffer {
  return Buffer.from(
    JSON.stringify(
      messages.map((message, index) => ({
        specversion: '1.0',
        id: `id-${index}`,
        source: 'acs:alikafka',
        type: 'alikafka:Topic:Message',
        data: { topic: 'orders', timestamp: 1700000000000 + index, key: `k${index}`, headers: { headers: [], isReadOnly: false }, ...message },
      })),
    ),
  );
}
