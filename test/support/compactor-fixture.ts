import { resolve } from 'node:path';
import type { CompactionSummary } from '../../lib/compactor/compaction-report';
import { decodeObject } from '../../lib/objects/object-decoder';
import type { StoredRecord } from '../../lib/objects/stored-record';
import { type FcCredentials, type FcInstance, type InvocationOutcome, startFcInstance } from '../../tools/fc-runner/fc-instance';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer } from '../../tools/oss-emulator';
import { BUCKET } from './sink-fixture';

export const COMPACTOR_BUNDLE = resolve(__dirname, '..', '..', 'dist', 'oss-compactor', 'index.js');

/** What FC's timer trigger passes. */
export const TIMER_EVENT = Buffer.from(JSON.stringify({ triggerTime: '2023-12-26T07:49:00Z', triggerName: 'compact', payload: '' }));

/** The built compaction function, as an FC instance reading the sink's objects under `archive/` on `server`. */
export function compactorInstance(
  server: LocalOssServer,
  options: { env?: Record<string, string>; credentials?: FcCredentials; timeoutSeconds?: number } = {},
): FcInstance {
  return startFcInstance({
    bundle: COMPACTOR_BUNDLE,
    functionName: 'kafka-oss-compactor',
    env: {
      OSS_BUCKET: BUCKET,
      OSS_REGION: server.region,
      OSS_ENDPOINT: server.endpoint,
      OSS_PREFIX: 'archive',
      COMPACT_MIN_AGE_SECONDS: '0',
      ...options.env,
    },
    credentials: options.credentials ?? LOCAL_DEV_CREDENTIAL,
    timeoutSeconds: options.timeoutSeconds ?? 30,
  });
}

export function compactionOf(invocation: InvocationOutcome): CompactionSummary {
  if (!invocation.ok) throw new Error(`the compaction failed: ${invocation.error.message}\n${invocation.logs.join('\n')}`);
  return JSON.parse(String(invocation.result)) as CompactionSummary;
}

/** Every object under `prefix`, key → bytes: to compare two states of the bucket exactly. */
export async function snapshot(server: LocalOssServer, prefix: string): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for (const key of await server.listKeys(BUCKET, prefix)) objects.set(key, (await server.getObject(BUCKET, key)) as Buffer);
  return objects;
}

/** The records of the compacted objects under `prefix` (checkpoints aside), in key order. */
export async function compactedRecords(server: LocalOssServer, prefix = 'compacted/'): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for (const key of await server.listKeys(BUCKET, prefix)) {
    if (key.startsWith(`${prefix}_checkpoints/`)) continue;
    records.push(...(await decodeObject(key, (await server.getObject(BUCKET, key)) as Buffer)));
  }
  return records;
}
