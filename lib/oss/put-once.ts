import { Readable } from 'node:stream';
import type OSS from 'ali-oss';

export type PutOutcome =
  /** This call created the object. */
  | { kind: 'created'; requestId?: string }
  /** An earlier delivery of the same batch already stored these exact bytes. */
  | { kind: 'already-stored'; requestId?: string }
  /** The key holds different bytes; nothing was written. */
  | { kind: 'conflict'; existingMd5: string };

export interface PutRequest {
  key: string;
  /** The object's bytes in order; sent as they are, never joined into one copy. */
  body: readonly Buffer[];
  size: number;
  md5: Buffer;
  contentType: string;
  timeoutMs: number;
}

/**
 * Stores `body` under `key` unless the key exists, and tells apart the two reasons it may exist.
 * `x-oss-forbid-overwrite` makes the put fail with 409 instead of replacing an object; comparing
 * the MD5 then shows whether it is our own earlier write (a redelivered batch, or a response lost
 * after the store) or someone else's bytes. Content-MD5 makes OSS reject a body damaged in transit.
 */
export async function putOnce(client: OSS, request: PutRequest): Promise<PutOutcome> {
  const { md5 } = request;
  try {
    const result = await client.putStream(request.key, Readable.from(request.body, { objectMode: false }), {
      contentLength: request.size,
      headers: {
        'Content-MD5': md5.toString('base64'),
        'Content-Type': request.contentType,
        'x-oss-forbid-overwrite': 'true',
      },
      timeout: request.timeoutMs,
    } as OSS.PutStreamOptions);
    return { kind: 'created', requestId: requestIdOf(result.res) };
  } catch (error) {
    if ((error as { status?: number }).status !== 409 || (error as { code?: string }).code !== 'FileAlreadyExists') throw error;
  }

  const existing = await client.head(request.key, { timeout: request.timeoutMs } as OSS.HeadObjectOptions);
  const existingMd5 = storedMd5(existing.res.headers as Record<string, string | undefined>);
  if (existingMd5 === md5.toString('hex')) return { kind: 'already-stored', requestId: requestIdOf(existing.res) };
  return { kind: 'conflict', existingMd5: existingMd5 ?? 'unknown' };
}

/**
 * OSS gives the MD5 of a simply uploaded object as its ETag (quoted upper-case hex) and in
 * Content-MD5 (base64). A multipart ETag is not an MD5, so it never matches ours: correct, since
 * the sink never writes multipart objects.
 */
function storedMd5(headers: Record<string, string | undefined>): string | undefined {
  const contentMd5 = headers['content-md5'];
  if (contentMd5) return Buffer.from(contentMd5, 'base64').toString('hex');
  const etag = headers.etag?.replace(/"/g, '');
  return etag && /^[0-9A-Fa-f]{32}$/.test(etag) ? etag.toLowerCase() : undefined;
}

function requestIdOf(res: { headers?: unknown }): string | undefined {
  return (res.headers as Record<string, string | undefined> | undefined)?.['x-oss-request-id'];
}
