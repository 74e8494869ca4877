/**
 * @module The bucket as the archive's readers use it: listing in key order, whole objects, and
 * object streams, each request retried a few times on the failures that pass (5xx, 429, network
 * errors, timeouts), and counted so the summaries can say what a run read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type OSS from 'ali-oss';

export interface ListedObject {
  key: string;
  size: number;
}

const ATTEMPTS = 4;
const FIRST_DELAY_MS = 200;
const PAGE_KEYS = 1000;

export class ArchiveStore {
  readonly requests = { list: 0, get: 0 };
  bytesRead = 0;

  constructor(
    private readonly client: OSS,
    private readonly timeoutMs: number,
  ) {}

  /** Every object under `prefix`, in key order, one page at a time. */
  async *list(prefix: string): AsyncGenerator<ListedObject> {
    let token: string | undefined;
    do {
      const page = await this.attempt(`list ${prefix}`, () => {
        this.requests.list++;
        const query = { prefix, 'max-keys': PAGE_KEYS, ...(token === undefined ? {} : { 'continuation-token': token }) };
        return this.client.listV2(query, { timeout: this.timeoutMs });
      });
      for (const object of page.objects ?? []) yield { key: object.name, size: Number(object.size) };
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
  }

  /** The object's bytes, or undefined when there is no such object. */
  async get(key: string): Promise<Buffer | undefined> {
    try {
      const result = await this.attempt(`get ${key}`, () => {
        this.requests.get++;
        return this.client.get(key, { timeout: this.timeoutMs } as OSS.GetObjectOptions);
      });
      const body = result.content as Buffer;
      this.bytesRead += body.length;
      return body;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The object's bytes as they arrive, or undefined when there is no such object. */
  async stream(key: string): Promise<AsyncIterable<Buffer> | undefined> {
    try {
      const { stream } = await this.attempt(`get ${key}`, () => {
        this.requests.get++;
        return this.client.getStream(key, { timeout: this.timeoutMs } as OSS.GetStreamOptions);
      });
      return this.counted(stream as AsyncIterable<Buffer>);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private async *counted(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      this.bytesRead += chunk.length;
      yield chunk;
    }
  }

  private async attempt<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (attempt >= ATTEMPTS || !isTransient(error)) throw new ArchiveRequestError(what, error);
        await sleep(FIRST_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      }
    }
  }
}

/** An OSS request that failed for good; says which request, the OSS code and the request id. */
export class ArchiveRequestError extends Error {
  override readonly name = 'ArchiveRequestError';
  readonly status: number | undefined;
  readonly code: string | undefined;
  constructor(what: string, cause: unknown) {
    const { status, code, requestId, message } = cause as { status?: number; code?: string; requestId?: string; message?: string };
    const detail = [status === undefined || status < 0 ? undefined : `HTTP ${status}`, code, requestId && `request id ${requestId}`]
      .filter(Boolean)
      .join(', ');
    super(`OSS ${what} failed: ${detail || message || String(cause)}${hint(status, code)}`, { cause });
    this.status = status;
    this.code = code;
  }
}

function hint(status: number | undefined, code: string | undefined): string {
  if (status === 403) return ' (the credentials need oss:ListObjects and oss:GetObject on the archive)';
  if (code === 'NoSuchBucket') return ' (check OSS_BUCKET and OSS_REGION)';
  return '';
}

function isMissing(error: unknown): boolean {
  const status = error instanceof ArchiveRequestError ? error.status : undefined;
  const code = error instanceof ArchiveRequestError ? error.code : undefined;
  return status === 404 && code !== 'NoSuchBucket';
}

function isTransient(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return false;
  const { status, name } = error as { status?: number; name?: string };
  if (typeof status === 'number' && status > 0) return status >= 500 || status === 429;
  return name !== 'AbortError';
}
