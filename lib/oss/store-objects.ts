import { createHash } from 'node:crypto';
import type OSS from 'ali-oss';
import type { ArchiveObject } from '../objects/object-assembler';
import { conflictKey } from '../objects/object-key';
import type { RecordFormat } from '../objects/record-format';
import type { OssFailure } from './oss-failure';
import { putOnce, type PutOutcome } from './put-once';
import { RetryExhausted, withRetry, type RetryPolicy } from './retry';

export interface StoredObject {
  key: string;
  records: number;
  bytes: number;
  /** `created` by this call, or `already-stored` by an earlier delivery of the batch. */
  outcome: 'created' | 'already-stored';
  /** Set when the key held other bytes: this batch's bytes were kept here instead. */
  conflictKey?: string;
}

export interface FailedObject {
  key: string;
  records: number;
  failure: OssFailure;
  attempts: number;
}

export interface StoreReport {
  stored: StoredObject[];
  failed: FailedObject[];
  retries: number;
}

export interface StoreOptions {
  client: OSS;
  format: RecordFormat;
  retry: RetryPolicy;
  concurrency: number;
  onRetry?: (key: string, failure: OssFailure, delayMs: number) => void;
  onConflict?: (conflict: { key: string; conflictKey: string; existingMd5: string; md5: string }) => void;
}

/** Puts every object, a bounded number at a time. */
export async function storeObjects(objects: readonly ArchiveObject[], options: StoreOptions): Promise<StoreReport> {
  const report: StoreReport = { stored: [], failed: [], retries: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const object = objects[next++] as ArchiveObject;
      await storeOne(object, options, report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, objects.length) }, worker));
  return report;
}

async function storeOne(object: ArchiveObject, options: StoreOptions, report: StoreReport): Promise<void> {
  const { body, size } = object;
  const hash = createHash('md5');
  for (const part of body) hash.update(part);
  const md5 = hash.digest();
  const put = (key: string): Promise<PutOutcome> =>
    withRetry(
      ({ timeoutMs }) => putOnce(options.client, { key, body, size, md5, contentType: options.format.contentType, timeoutMs }),
      options.retry,
      (failure, delayMs) => {
        report.retries++;
        options.onRetry?.(key, failure, delayMs);
      },
    );

  try {
    let outcome = await put(object.key);
    let keptAt: string | undefined;
    if (outcome.kind === 'conflict') {
      keptAt = conflictKey(object.key, md5.toString('hex'), options.format.extension);
      options.onConflict?.({ key: object.key, conflictKey: keptAt, existingMd5: outcome.existingMd5, md5: md5.toString('hex') });
      outcome = await put(keptAt);
      if (outcome.kind === 'conflict') throw new Error(`${keptAt} holds other bytes than its MD5 name says`);
    }
    report.stored.push({
      key: object.key,
      records: object.records,
      bytes: size,
      outcome: outcome.kind,
      ...(keptAt ? { conflictKey: keptAt } : {}),
    });
  } catch (error) {
    const exhausted = error instanceof RetryExhausted ? error : undefined;
    report.failed.push({
      key: object.key,
      records: object.records,
      failure: exhausted?.failure ?? { transient: false, code: 'Error', message: (error as Error).message },
      attempts: exhausted?.attempts ?? 1,
    });
  }
}
