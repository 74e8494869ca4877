import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUCKET_NAME, BUCKET_NAME_RULE, objectKeyProblem, parseRegionId } from '../../lib/platform/oss';
import { FileObjectStore } from './file-object-store';
import { MemoryObjectStore } from './memory-object-store';
import type { ObjectStore } from './object-store';
import { checkCredentials, isAllowed, LOCAL_DEV_CREDENTIAL, type LocalCredential } from './oss-credentials';
import { errorCenterCode, errorXml, OssError } from './oss-error';
import { defaultErrorCode, FaultList, type Fault, type FaultRules } from './oss-faults';
import { MultipartUploads } from './multipart-uploads';
import { normalObjectMetadata } from './object-operations';
import { objectHost, type OperationContext, type OperationRequest, type OssResponse } from './operation';
import type { OperationName } from './operation-names';
import { routeRequest } from './oss-operations';
import { authenticate, signatureVersionOf, type SignatureVersion } from './oss-signature';
import { resolveTarget } from './request-target';

export const DEFAULT_BUCKET = 'local-bucket';
export const DEFAULT_REGION = 'cn-hangzhou';
export const DEFAULT_DIR = '.oss-local';

export interface LocalOssServerOptions {
  /** Where objects are kept as files (default .oss-local in the working directory); null keeps them in memory. */
  dir?: string | null;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Buckets served; the first is the bucket of cname-style requests. Default ['local-bucket']. */
  buckets?: string[];
  /** Region id, bare (cn-hangzhou) or prefixed (oss-cn-hangzhou). Default cn-hangzhou. */
  region?: string;
  /** Keys accepted. Default [LOCAL_DEV_CREDENTIAL]. */
  credentials?: LocalCredential[];
  /** Called after each request is answered (or dropped), e.g. to print an access log. */
  onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  requestId: string;
  method: string;
  /** Undefined when the request path could not be read. */
  bucket: string | undefined;
  key: string | undefined;
  /** The OSS operation asked for (e.g. 'UploadPart'); undefined when the request names none the server offers. */
  operation: OperationName | undefined;
  query: Record<string, string>;
  /** HTTP status answered; null when no answer reached the connection (a reset fault, or the client had gone). */
  status: number | null;
  /** The OSS error code answered, if any. */
  errorCode: string | undefined;
  /** The signature version the Authorization header claims (verified or not); null when unsigned. */
  signatureVersion: SignatureVersion | null;
  securityTokenPresent: boolean;
  /** Content-*, Transfer-Encoding, Host and x-oss-* headers; never Authorization or the security token. */
  headers: Record<string, string>;
  bodyBytes: number;
  /** The injected fault that applied, if any. */
  fault: Fault | undefined;
}

export interface LocalOssServer {
  /** 'http://127.0.0.1:<port>': the ali-oss endpoint. */
  readonly endpoint: string;
  readonly port: number;
  /** Bare region id, e.g. cn-hangzhou. */
  readonly region: string;
  readonly buckets: readonly string[];
  /** Absolute object directory, or null in memory mode. */
  readonly dir: string | null;
  readonly faults: FaultRules;
  /** The most recent requests, oldest first (at most MAX_RECORDED_REQUESTS); `requests.length = 0` clears it. */
  readonly requests: RecordedRequest[];
  /** An object's bytes, read directly from the store (no request is made or recorded). */
  getObject(bucket: string, key: string): Promise<Buffer | undefined>;
  /**
   * Stores an object directly (no request is made or recorded), as PutObject without headers would: for
   * tests that need many objects in place quickly.
   */
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /**
   * Stops listening, drops open connections, cancels injected delays, waits for requests in progress, then
   * removes the temp files they left (a request cut short half-way).
   */
  close(): Promise<void>;
}

export const MAX_RECORDED_REQUESTS = 10_000;

// Objects are buffered whole; a local server has no business holding more than this per request.
const MAX_BODY_BYTES = 512 * 1024 * 1024;
const RECORDED_HEADERS = /^(content-|transfer-encoding$|host$|x-oss-)/;

export async function startLocalOssServer(options: LocalOssServerOptions = {}): Promise<LocalOssServer> {
  const settings = checkOptions(options);
  // dir null keeps objects in memory; a path stores them as files that outlive the process.
  const store: ObjectStore =
    settings.dir === null ? new MemoryObjectStore(settings.buckets) : await FileObjectStore.open(settings.dir, settings.buckets);
  const server = new OssHttpServer(settings, store);
  await server.listen(settings.port);
  return server;
}

interface Settings {
  dir: string | null;
  port: number;
  buckets: string[];
  region: string;
  credentials: LocalCredential[];
  onRequest: ((request: RecordedRequest) => void) | undefined;
}

function checkOptions(options: LocalOssServerOptions): Settings {
  const buckets = options.buckets ?? [DEFAULT_BUCKET];
  if (buckets.length === 0) throw new Error('Local OSS server: `buckets` is empty; name at least one bucket to serve.');
  for (const bucket of buckets) {
    if (!BUCKET_NAME.test(bucket)) {
      throw new Error(`Local OSS server: "${bucket}" is not a valid bucket name: use ${BUCKET_NAME_RULE}.`);
    }
  }
  if (new Set(buckets).size !== buckets.length)
    throw new Error(`Local OSS server: \`buckets\` lists a bucket twice: ${buckets.join(', ')}.`);
  const region = parseRegionId(options.region ?? DEFAULT_REGION);
  if (region === undefined) {
    throw new Error(`Local OSS server: "${options.region}" is not a region id; use one like cn-hangzhou (or oss-cn-hangzhou).`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Local OSS server: port must be an integer from 0 to 65535 (0 picks a free port); got ${String(options.port)}.`);
  }
  const credentials = options.credentials ?? [LOCAL_DEV_CREDENTIAL];
  checkCredentials(credentials);
  const dir = options.dir === undefined ? DEFAULT_DIR : options.dir;
  return { dir: dir === null ? null : resolve(dir), port, buckets, region, credentials, onRequest: options.onRequest };
}

class OssHttpServer implements LocalOssServer {
  readonly faults = new FaultList();
  readonly requests: RecordedRequest[] = [];
  private readonly http = createServer((req, res) => {
    // serve() answers every failure it can; anything that still escapes leaves no answer worth sending.
    this.track(this.serve(req, res).catch(() => void req.socket.destroy()));
  });
  private readonly inFlight = new Set<Promise<void>>();
  private readonly closing = new AbortController();
  private readonly bucketSet: ReadonlySet<string>;
  private readonly context: OperationContext;
  private boundPort = 0;

  constructor(
    private readonly settings: Settings,
    private readonly store: ObjectStore,
  ) {
    this.bucketSet = new Set(settings.buckets);
    this.context = { store, uploads: new MultipartUploads(store), region: settings.region };
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  get region(): string {
    return this.settings.region;
  }

  get buckets(): readonly string[] {
    return this.settings.buckets;
  }

  get dir(): string | null {
    return this.settings.dir;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolveListen, reject) => {
      this.http.once('error', (error: NodeJS.ErrnoException) => {
        const hint = error.code === 'EADDRINUSE' ? ': the port is in use; choose another port, or 0 for any free port' : '';
        reject(new Error(`Local OSS server: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})${hint}.`));
      });
      this.http.listen(port, '127.0.0.1', () => {
        const address = this.http.address();
        this.boundPort = typeof address === 'object' && address !== null ? address.port : port;
        resolveListen();
      });
    });
  }

  async getObject(bucket: string, key: string): Promise<Buffer | undefined> {
    this.checkBucket(bucket);
    return (await this.store.get(bucket, key))?.body;
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    this.checkBucket(bucket);
    const problem = objectKeyProblem(key);
    if (problem !== undefined) throw new Error(`Local OSS server: the object key "${key}" is invalid: it ${problem}.`);
    await this.store.put(bucket, key, body, normalObjectMetadata(body, 'application/octet-stream', {}), false);
  }

  async listKeys(bucket: string, prefix = ''): Promise<string[]> {
    this.checkBucket(bucket);
    return this.store.listKeys(bucket, prefix);
  }

  async close(): Promise<void> {
    this.closing.abort();
    const closed = new Promise<void>((resolveClose) => this.http.close(() => resolveClose()));
    this.http.closeAllConnections();
    await closed;
    await Promise.allSettled([...this.inFlight]);
    await this.store.close();
  }

  private checkBucket(bucket: string): void {
    if (!this.bucketSet.has(bucket)) {
      throw new Error(`Local OSS server: bucket "${bucket}" is not served; the buckets are ${this.settings.buckets.join(', ')}.`);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const query = new URLSearchParams(rawQuery);
    const record: RecordedRequest = {
      requestId: randomBytes(12).toString('hex').toUpperCase(),
      method,
      bucket: undefined,
      key: undefined,
      operation: undefined,
      query: Object.fromEntries(query),
      status: null,
      errorCode: undefined,
      signatureVersion: signatureVersionOf(headerText(req.headers, 'authorization')),
      securityTokenPresent: req.headers['x-oss-security-token'] !== undefined,
      headers: recordedHeaders(req.headers),
      bodyBytes: 0,
      fault: undefined,
    };
    let response: OssResponse | undefined;
    try {
      const body = await readBody(req);
      record.bodyBytes = body.length;
      const target = resolveTarget(headerText(req.headers, 'host'), rawPath, this.bucketSet, this.settings.buckets[0] ?? DEFAULT_BUCKET);
      record.bucket = target.bucket;
      record.key = target.key;
      const routed = routeRequest(method, target.key, query, req.headers);
      record.operation = routed instanceof OssError ? undefined : routed.name;
      const fault = this.faults.take({ method, bucket: target.bucket, key: target.key, operation: record.operation });
      record.fault = fault;
      if (fault !== undefined && 'delayMs' in fault) await sleep(fault.delayMs, undefined, { signal: this.closing.signal });
      if (fault !== undefined && 'status' in fault) {
        response = this.faultResponse(fault, method, record);
      } else if (fault === undefined || !('reset' in fault) || fault.reset === 'after-store') {
        const request: OperationRequest = { method, bucket: target.bucket, key: target.key, query, headers: req.headers, body };
        response = await this.operate(request, routed).catch((error: unknown) => {
          if (error instanceof OssError) return this.errorResponse(error.status, error.code, error.message, method, record);
          throw error;
        });
        if (fault !== undefined && 'reset' in fault) response = undefined;
      }
    } catch (error) {
      if (error instanceof OssError) {
        response = this.errorResponse(error.status, error.code, error.message, method, record);
      } else if (!this.closing.signal.aborted && !req.destroyed) {
        const reason = error instanceof Error ? error.message : String(error);
        response = this.errorResponse(
          500,
          'InternalError',
          `The local OSS server failed to handle ${method} ${record.bucket ?? ''}/${record.key ?? ''}: ${reason}`,
          method,
          record,
        );
      }
    }
    if (response === undefined || req.socket.destroyed) {
      req.socket.destroy();
    } else {
      record.status = response.status;
      this.send(res, response, record.requestId);
    }
    this.record(record);
  }

  private async operate(request: OperationRequest, routed: ReturnType<typeof routeRequest>): Promise<OssResponse> {
    const { method, bucket, key, query, headers } = request;
    if (!this.bucketSet.has(bucket)) {
      throw new OssError(
        404,
        'NoSuchBucket',
        `The bucket "${bucket}" does not exist on this server; it serves ${this.settings.buckets.join(', ')}.`,
      );
    }
    const credential = authenticate({ method, headers, bucket, key, query: [...query] }, this.settings.credentials, this.settings.region);
    if (routed instanceof OssError) throw routed;
    const operation = routed;
    if (!isAllowed(credential, operation.action)) {
      throw new OssError(
        403,
        'AccessDenied',
        `AccessKey id "${credential.accessKeyId}" is not allowed ${operation.action} (${operation.name} on ${bucket}/${key}); grant that action to use it.`,
      );
    }
    return operation.run(this.context, request);
  }

  private faultResponse(fault: Extract<Fault, { status: number }>, method: string, record: RecordedRequest): OssResponse {
    if (fault.emptyBody) {
      return { status: fault.status, headers: { 'content-length': '0' } };
    }
    const code = fault.code ?? defaultErrorCode(fault.status);
    return this.errorResponse(fault.status, code, fault.message ?? `Injected fault: HTTP ${fault.status} ${code}.`, method, record);
  }

  private errorResponse(status: number, code: string, message: string, method: string, record: RecordedRequest): OssResponse {
    record.errorCode = code;
    const xml = errorXml(status, code, message, record.requestId, objectHost(record.bucket ?? DEFAULT_BUCKET, this.settings.region));
    const headers: Record<string, string> = { 'content-type': 'application/xml', 'x-oss-ec': errorCenterCode(status) };
    // A HEAD answer has no body, so OSS carries the error document in x-oss-err; ali-oss reads its code from there.
    if (method === 'HEAD') return { status, headers: { ...headers, 'x-oss-err': Buffer.from(xml).toString('base64') } };
    return { status, headers, body: xml };
  }

  private send(res: ServerResponse, response: OssResponse, requestId: string): void {
    const body = response.body === undefined ? undefined : Buffer.from(response.body);
    const headers: Record<string, string> = {
      server: 'AliyunOSS',
      date: new Date().toUTCString(),
      'x-oss-request-id': requestId,
      ...response.headers,
    };
    if (body !== undefined) headers['content-length'] = String(body.length);
    else if (headers['content-length'] === undefined && response.status !== 204) headers['content-length'] = '0';
    res.writeHead(response.status, headers);
    res.end(body);
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > MAX_RECORDED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_RECORDED_REQUESTS);
    this.settings.onRequest?.(request);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(
          new OssError(
            400,
            'EntityTooLarge',
            `The request body exceeds ${MAX_BODY_BYTES} bytes, the most the local OSS server accepts in one request.`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (RECORDED_HEADERS.test(name) && name !== 'x-oss-security-token') recorded[name] = headerText(headers, name) ?? '';
  }
  return recorded;
}
