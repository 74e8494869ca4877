/**
 * @module The bucket as compaction reaches it: listings, reads, the checkpoint's writes, multipart
 * uploads and batch deletes, each request retried on transient failures within the invocation's
 * deadline (lib/oss/retry.ts, as the sink's are) and counted for the summary.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type OSS from 'ali-oss';
import type { OssFailure } from '../oss/oss-failure';
import { RetryExhausted, type RetryPolicy, withRetry } from '../oss/retry';

export interface ListedObject {
  key: string;
  size: number;
  /** Epoch ms. */
  lastModified: number;
}

export interface ListPage {
  objects: ListedObject[];
  /** Common prefixes, with a delimiter. */
  prefixes: string[];
  /** Undefined on the last page. */
  nextToken: string | undefined;
}

export interface ListQuery {
  prefix: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  maxKeys?: number;
}

export interface HeadResult {
  size: number;
  /** x-oss-meta-* headers, names without the prefix. */
  meta: Record<string, string>;
}

export interface CompactionRequests {
  list: number;
  get: number;
  head: number;
  put: number;
  /** InitiateMultipartUpload, UploadPart, CompleteMultipartUpload and AbortMultipartUpload. */
  multipart: number;
  delete: number;
}

/** What OSS said to an upload that would replace an object. */
export type CompleteOutcome = 'created' | 'exists' | 'no-such-upload';

const PAGE_KEYS = 1000;

export class CompactionBucket {
  retries = 0;
  readonly requests: CompactionRequests = { list: 0, get: 0, head: 0, put: 0, multipart: 0, delete: 0 };

  constructor(
    private readonly client: OSS,
    private readonly retry: RetryPolicy,
    /** For aborts, which are worth trying even after the deadline of new work has passed. */
    private readonly cleanupRetry: RetryPolicy,
    private readonly onRetry: (what: string, failure: OssFailure, delayMs: number) => void = () => {},
  ) {}

  list(query: ListQuery): Promise<ListPage> {
    return this.attempt(`list ${query.prefix}`, async ({ timeoutMs }) => {
      this.requests.list++;
      const page = await this.client.listV2(
        {
          prefix: query.prefix,
          'max-keys': String(query.maxKeys ?? PAGE_KEYS),
          ...(query.delimiter === undefined ? {} : { delimiter: query.delimiter }),
          ...(query.startAfter === undefined ? {} : { 'start-after': query.startAfter }),
          ...(query.continuationToken === undefined ? {} : { 'continuation-token': query.continuationToken }),
        },
        { timeout: timeoutMs },
      );
      return {
        objects: (page.objects ?? []).map((object) => ({
          key: object.name,
          size: Number(object.size),
          lastModified: Date.parse(object.lastModified),
        })),
        prefixes: page.prefixes ?? [],
        nextToken: page.isTruncated ? (page.nextContinuationToken ?? undefined) : undefined,
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

  /** The object's bytes, or undefined when there is no such object. */
  async getIfExists(key: string): Promise<Buffer | undefined> {
    try {
      return await this.get(key);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The object's size and user metadata, or undefined when there is no such object. */
  async head(key: string): Promise<HeadResult | undefined> {
    try {
      return await this.attempt(`head ${key}`, async ({ timeoutMs }) => {
        this.requests.head++;
        const result = await this.client.head(key, { timeout: timeoutMs } as OSS.HeadObjectOptions);
        const headers = result.res.headers as Record<string, string | undefined>;
        return { size: Number(headers['content-length'] ?? Number.NaN), meta: (result.meta ?? {}) as Record<string, string> };
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Puts `body` under `key`, replacing what is there (the checkpoint); Content-MD5 makes OSS reject damaged bytes. */
  put(key: string, body: Buffer, contentType: string): Promise<void> {
    const md5 = createHash('md5').update(body).digest('base64');
    return this.attempt(`put ${key}`, async ({ timeoutMs }) => {
      this.requests.put++;
      await this.client.putStream(key, Readable.from([body], { objectMode: false }), {
        contentLength: body.length,
        headers: { 'Content-MD5': md5, 'Content-Type': contentType },
        timeout: timeoutMs,
      } as OSS.PutStreamOptions);
    });
  }

  /** Starts an upload that may not replace an object: undefined when `key` already exists. */
  initiate(key: string, contentType: string, meta: Record<string, string>): Promise<string | undefined> {
    return this.attempt(`initiate upload of ${key}`, async ({ timeoutMs }) => {
      this.requests.multipart++;
      try {
        const result = await this.client.initMultipartUpload(key, {
          mime: contentType,
          meta: meta as unknown as OSS.UserMeta,
          headers: { 'x-oss-forbid-overwrite': 'true' },
          timeout: timeoutMs,
        } as OSS.InitMultipartUploadOptions);
        return result.uploadId;
      } catch (error) {
        if (isAlreadyExists(error)) return undefined;
        throw error;
      }
    });
  }

  /** Uploads one part (again, if a response was lost: the part is replaced); resolves with its ETag. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
    const md5 = createHash('md5').update(body).digest('base64');
    return this.attempt(`upload part ${partNumber} of ${key}`, async ({ timeoutMs }) => {
      this.requests.multipart++;
      const result = await this.client.uploadPart(key, uploadId, partNumber, body, 0, body.length, {
        headers: { 'Content-MD5': md5 },
        timeout: timeoutMs,
      } as OSS.RequestOptions);
      return result.etag;
    });
  }

  /**
   * Completes the upload unless `key` exists by then: `exists` when it does (409), `no-such-upload`
   * when the upload is gone — completed by an earlier attempt whose response was lost, or aborted.
   */
  complete(key: string, uploadId: string, etags: readonly string[]): Promise<CompleteOutcome> {
    const parts = etags.map((etag, index) => ({ number: index + 1, etag }));
    return this.attempt(`complete upload of ${key}`, async ({ timeoutMs }) => {
      this.requests.multipart++;
      try {
        await this.client.completeMultipartUpload(key, uploadId, parts, {
          headers: { 'x-oss-forbid-overwrite': 'true' },
          timeout: timeoutMs,
        } as OSS.CompleteMultipartUploadOptions);
        return 'created';
      } catch (error) {
        if (isAlreadyExists(error)) return 'exists';
        if ((error as { status?: number; code?: string }).code === 'NoSuchUpload') return 'no-such-upload';
        throw error;
      }
    });
  }

  /** Ends an upload that will not be completed, so its parts stop being stored. */
  abort(key: string, uploadId: string): Promise<void> {
    return withRetry(
      async ({ timeoutMs }) => {
        this.requests.multipart++;
        try {
          await this.client.abortMultipartUpload(key, uploadId, { timeout: timeoutMs } as OSS.RequestOptions);
        } catch (error) {
          if ((error as { code?: string }).code !== 'NoSuchUpload') throw error;
        }
      },
      this.cleanupRetry,
      () => this.retries++,
    );
  }

  /** Deletes up to 1000 keys in one DeleteMultipleObjects request; resolves with the keys OSS reports deleted. */
  deleteMany(keys: readonly string[]): Promise<string[]> {
    return this.attempt(`delete ${keys.length} objects`, async ({ timeoutMs }) => {
      this.requests.delete++;
      const result = await this.client.deleteMulti([...keys], { quiet: false, timeout: timeoutMs } as OSS.DeleteMultiOptions);
      return (result.deleted ?? []).map((deleted) => (typeof deleted === 'string' ? deleted : (deleted as { Key: string }).Key));
    });
  }

  private attempt<T>(what: string, operation: (attempt: { timeoutMs: number }) => Promise<T>): Promise<T> {
    return withRetry(operation, this.retry, (failure, delayMs) => {
      this.retries++;
      this.onRetry(what, failure, delayMs);
    });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof RetryExhausted && error.failure.status === 404 && error.failure.code !== 'NoSuchBucket';
}

function isAlreadyExists(error: unknown): boolean {
  const { status, code } = error as { status?: number; code?: string };
  return status === 409 && code === 'FileAlreadyExists';
}
