/**
 * @module The bucket as one invocation reaches it: every request retried on transient failures
 * within the invocation's deadline, and counted, so the summary can say what the archive cost.
 */
import { createHash } from 'node:crypto';
import type OSS from 'ali-oss';
import type { OssFailure } from './oss-failure';
import { type PutOutcome, putOnce } from './put-once';
import { type RetryPolicy, withRetry } from './retry';

export interface BucketRequests {
  put: number;
  list: number;
  get: number;
}

export interface StoreOutcome {
  outcome: PutOutcome;
  md5Hex: string;
  size: number;
}

export class Bucket {
  retries = 0;
  readonly requests: BucketRequests = { put: 0, list: 0, get: 0 };

  constructor(
    private readonly client: OSS,
    private readonly retry: RetryPolicy,
    private readonly onRetry: (what: string, failure: OssFailure, delayMs: number) => void,
  ) {}

  /** Puts `body` under `key` unless the key exists; see putOnce. */
  store(key: string, body: readonly Buffer[], contentType: string): Promise<StoreOutcome> {
    const hash = createHash('md5');
    let size = 0;
    for (const part of body) {
      hash.update(part);
      size += part.length;
    }
    const md5 = hash.digest();
    return this.attempt(`put ${key}`, async ({ timeoutMs }) => {
      this.requests.put++;
      const outcome = await putOnce(this.client, { key, body, size, md5, contentType, timeoutMs });
      return { outcome, md5Hex: md5.toString('hex'), size };
    });
  }

  /** One page of objects after `startAfter` (in OSS's order). */
  list(
    prefix: string,
    startAfter: string | undefined,
    maxKeys: number,
  ): Promise<{ objects: Array<{ key: string; size: number }>; truncated: boolean }> {
    return this.attempt(`list ${prefix}`, async ({ timeoutMs }) => {
      this.requests.list++;
      const query = { prefix, 'max-keys': maxKeys, ...(startAfter === undefined ? {} : { 'start-after': startAfter }) };
      const page = await this.client.listV2(query, { timeout: timeoutMs });
      return {
        objects: (page.objects ?? []).map((object) => ({ key: object.name, size: Number(object.size) })),
        truncated: page.isTruncated,
      };
    });
  }

  get(key: string): Promise<Buffer> {
    return this.attempt(`get ${key}`, async ({ timeoutMs }) => {
      this.requests.get++;
      const result = await this.client.get(key, { timeout: timeoutMs } as OSS.GetObjectOptions);
      return result.content as Buffer;
    });
  }

  private attempt<T>(what: string, operation: (attempt: { timeoutMs: number }) => Promise<T>): Promise<T> {
    return withRetry(operation, this.retry, (failure, delayMs) => {
      this.retries++;
      this.onRetry(what, failure, delayMs);
    });
  }
}
