import OSS from 'ali-oss';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
// ali-oss's signing helpers: an implementation independent of the server's, used to sign raw requests.
const signUtils = require('ali-oss/lib/common/signUtils') as {
  buildCanonicalString(method: string, resource: string, request: { headers: Record<string, string>; parameters: object }): string;
  authorization(accessKeyId: string, accessKeySecret: string, canonicalString: string): string;
};
import { LOCAL_DEV_CREDENTIAL, type LocalCredential, type LocalOssServer } from '../../../tools/oss-emulator';

/** Options ali-oss 6.23 honours that @types/ali-oss does not declare. */
export interface ClientOptions extends Partial<OSS.Options> {
  sldEnable?: boolean;
  retryMax?: number;
}

/** The real ali-oss client pointed at the local server, signed with the given credential. */
export function ossClient(server: LocalOssServer, options: ClientOptions = {}, credential: LocalCredential = LOCAL_DEV_CREDENTIAL): OSS {
  return new OSS({
    endpoint: server.endpoint,
    bucket: 'local-bucket',
    region: `oss-${server.region}`,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken === undefined ? {} : { stsToken: credential.securityToken, refreshSTSTokenInterval: 3_600_000 }),
    ...options,
  } as OSS.Options);
}

/** The error fields ali-oss sets on a failed request. */
export interface OssClientError extends Error {
  status?: number;
  code?: string;
  requestId?: string;
}

export async function rejection(promise: Promise<unknown>): Promise<OssClientError> {
  try {
    await promise;
  } catch (error) {
    return error as OssClientError;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'oss-local-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Waits (without asserting on time) until the server has recorded n requests. */
export async function recordedCount(server: LocalOssServer, n: number): Promise<void> {
  for (let attempt = 0; attempt < 500 && server.requests.length < n; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequestOptions {
  /** Sub-resources, signed and sent in the query; null sends the bare name (?uploads). */
  subresources?: Record<string, string | null>;
  headers?: Record<string, string>;
}

/**
 * A V1-signed request sent exactly as given, signed by ali-oss's own signing code: for requests ali-oss cannot
 * send itself (its HTTP client normalizes "." and ".." path segments; it sorts and dedupes a part list).
 */
export function signedRequest(
  server: LocalOssServer,
  method: string,
  rawPath: string,
  key: string,
  body: Buffer,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'x-oss-date': new Date().toUTCString(),
    'content-type': 'application/octet-stream',
    'content-length': String(body.length),
    host: `local-bucket.oss-${server.region}.aliyuncs.com`,
    ...options.headers,
  };
  const subresources = options.subresources ?? {};
  const canonical = signUtils.buildCanonicalString(method, `/local-bucket/${key}`, { headers, parameters: subresources }) as string;
  headers['authorization'] = signUtils.authorization(
    LOCAL_DEV_CREDENTIAL.accessKeyId,
    LOCAL_DEV_CREDENTIAL.accessKeySecret,
    canonical,
  ) as string;
  const query = Object.entries(subresources)
    .map(([name, value]) => (value === null ? name : `${name}=${encodeURIComponent(value)}`))
    .join('&');
  const path = query === '' ? rawPath : `${rawPath}?${query}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
