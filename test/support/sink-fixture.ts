import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BatchSummary } from '../../lib/sink/batch-summary';
import { cloudEventBatch } from '../../tools/trigger-events';
import { startFcInstance, type FcCredentials, type FcInstance, type InvocationOutcome } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, startLocalOssServer, type LocalCredential, type LocalOssServer } from '../../tools/oss-emulator';

export const BUNDLE = resolve(__dirname, '..', '..', 'dist', 'oss-sink', 'index.js');
export const BUCKET = 'sink-test-bucket';

/** A local OSS server in a temp dir, removed again by `close`. */
export async function startOss(
  credentials: LocalCredential[] = [LOCAL_DEV_CREDENTIAL],
): Promise<{ server: LocalOssServer; close(): Promise<void> }> {
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

/**
 * A fresh local OSS server for each test of the calling file, closed after it. `restart` swaps it
 * for one that accepts other credentials.
 */
export function ossPerTest(): { readonly server: LocalOssServer; restart(credentials: LocalCredential[]): Promise<void> } {
  let current: Awaited<ReturnType<typeof startOss>> | undefined;
  beforeEach(async () => {
    current = await startOss();
  });
  afterEach(async () => {
    await current?.close();
  });
  return {
    get server() {
      if (current === undefined) throw new Error('the OSS server runs only inside a test');
      return current.server;
    },
    async restart(credentials) {
      await current?.close();
      current = await startOss(credentials);
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

export function summaryOf(invocation: InvocationOutcome): BatchSummary {
  if (!invocation.ok) throw new Error(`the invocation failed: ${invocation.error.message}\n${invocation.logs.join('\n')}`);
  return JSON.parse(String(invocation.result)) as BatchSummary;
}

export function errorOf(invocation: InvocationOutcome): Error {
  if (invocation.ok) throw new Error(`the invocation succeeded: ${String(invocation.result)}`);
  return invocation.error;
}

/** A CloudEvents batch of orders messages; each field not given gets a fixed value from the message's index. */
export function cloudEvents(
  messages: Array<{ topic?: string; partition: number; offset: number | string; key?: string | null; value: unknown }>,
): Buffer {
  return cloudEventBatch(
    messages.map((message, index) => ({ topic: 'orders', timestamp: 1700000000000 + index, key: `k${index}`, ...message })),
    { ids: (index) => `id-${index}` },
  );
}
