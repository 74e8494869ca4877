import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Responder = (request: RecordedRequest) => Reply;

/**
 * A real HTTP server on 127.0.0.1 standing in for an FC endpoint (2016-08-15 and 2023-03-30 paths):
 * it records every request and answers with the responder's reply, as JSON unless the body is a Buffer.
 */
export class FcStandIn {
  readonly requests: RecordedRequest[] = [];
  responder: Responder = () => ({ status: 500, body: { Code: 'NoResponder', Message: 'the test set no responder' } });
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    const reply = this.responder(recorded);
    const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body === undefined ? '' : JSON.stringify(reply.body));
    response.writeHead(reply.status ?? 200, {
      'content-type': 'application/json',
      'x-fc-request-id': 'req-0001',
      'content-length': String(body.length),
      ...reply.headers,
    });
    response.end(body);
  }
}

/**
 * FC 2.0's signature, computed independently of the SDK:
 * `FC <AK>:base64(hmac-sha256(secret, METHOD\nContent-MD5\nContent-Type\nDate\n<x-fc-* headers>/2016-08-15/path))`.
 */
export function expectedFc2Authorization(request: RecordedRequest, accessKeyId: string, secret: string): string {
  const header = (name: string) => String(request.headers[name] ?? '');
  const fcHeaders = Object.keys(request.headers)
    .filter((name) => name.startsWith('x-fc-'))
    .sort()
    .map((name) => `${name}:${header(name)}\n`)
    .join('');
  const toSign = `${request.method}\n${header('content-md5')}\n${header('content-type')}\n${header('date')}\n${fcHeaders}${request.path}`;
  return `FC ${accessKeyId}:${createHmac('sha256', secret).update(toSign, 'utf8').digest('base64')}`;
}

/**
 * FC 3.0's ACS3-HMAC-SHA256 signature, computed independently of the SDK: HMAC-SHA256 over
 * `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request (method, path, sorted query,
 * signed headers, signed header names, payload hash).
 */
export function expectedFc3Authorization(request: RecordedRequest, accessKeyId: string, secret: string): string {
  const authorization = String(request.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '';
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const query = [...request.query.entries()]
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const canonicalRequest = [request.method, request.path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const toSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
  const signature = createHmac('sha256', secret).update(toSign, 'utf8').digest('hex');
  return `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
