// What each failure means, read from the errors the real ali-oss raises (against the local OSS
// server, a closed port and failing DNS), not from errors made up to look like them.
import OSS from 'ali-oss';
import { describeOssFailure, formatOssFailure, type OssFailure } from '../../../lib/oss/oss-failure';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer, startLocalOssServer } from '../../../tools/oss-emulator';
import { failingDns } from '../../support/dns-failures';

const BUCKET = 'failure-bucket';
let server: LocalOssServer;
let dns: ReturnType<typeof failingDns>;
beforeAll(async () => {
  server = await startLocalOssServer({ dir: null, buckets: [BUCKET] });
  dns = failingDns();
});
afterAll(async () => {
  dns.restore();
  await server.close();
});

/** What the real client throws for a PUT (or HEAD) of a small Buffer to `endpoint`. */
async function failureOf(endpoint: string, request: 'put' | 'head' = 'put', timeout = 2000): Promise<OssFailure> {
  const client = new OSS({
    bucket: BUCKET,
    region: 'oss-cn-hangzhou',
    endpoint,
    accessKeyId: LOCAL_DEV_CREDENTIAL.accessKeyId,
    accessKeySecret: LOCAL_DEV_CREDENTIAL.accessKeySecret,
    authorizationV4: true,
    timeout,
  } as OSS.Options);
  try {
    await (request === 'put' ? client.put('k.json', Buffer.from('[]'), { timeout } as OSS.PutObjectOptions) : client.head('k.json'));
  } catch (error) {
    return describeOssFailure(error);
  }
  throw new Error(`the ${request} succeeded`);
}

describe('failures without a response: ali-oss says RequestError, status -1, the rest is read from the message', () => {
  it('a refused connection: the endpoint is out of reach, worth one more try', async () => {
    const failure = await failureOf('http://127.0.0.1:1');
    expect(failure).toEqual({
      transient: true,
      code: 'ECONNREFUSED',
      kind: 'unreachable',
      endpoint: 'http://127.0.0.1:1',
      message: 'http://127.0.0.1:1 refused the connection',
    });
    expect(formatOssFailure(failure)).toBe('ECONNREFUSED: http://127.0.0.1:1 refused the connection');
  });

  it('a host name that does not exist: permanent, naming the host', async () => {
    expect(await failureOf('http://oss.example.invalid')).toEqual({
      transient: false,
      code: 'ENOTFOUND',
      kind: 'unresolved',
      endpoint: 'http://failure-bucket.oss.example.invalid',
      message: 'the host name failure-bucket.oss.example.invalid does not resolve (DNS: ENOTFOUND)',
    });
    expect(dns.asked).toContain('failure-bucket.oss.example.invalid');
  });

  it('a DNS lookup that fails for now: transient', async () => {
    expect(await failureOf('http://oss.example.dns-again', 'head')).toMatchObject({
      transient: true,
      code: 'EAI_AGAIN',
      kind: 'dns-temporary',
      message: 'the DNS lookup of failure-bucket.oss.example.dns-again failed for now (EAI_AGAIN)',
    });
  });

  it('a connection dropped before the answer (a stale keep-alive socket looks the same): transient, without the dumps', async () => {
    server.faults.add({ method: 'PUT', times: 1, fault: { reset: 'before-store' } });
    const failure = await failureOf(server.endpoint);
    expect(failure).toMatchObject({ transient: true, kind: 'interrupted', endpoint: server.endpoint });
    expect(failure.message).toBe(`socket hang up (${server.endpoint})`);
  });

  it('no answer in time: transient, without the advice ali-oss appends', async () => {
    server.faults.add({ method: 'PUT', times: 1, fault: { delayMs: 1000 } });
    expect(await failureOf(server.endpoint, 'put', 200)).toEqual({
      transient: true,
      code: 'ResponseTimeoutError',
      kind: 'timeout',
      message: 'Response timeout for 200ms',
    });
  });

  it('keeps every message to one line without agent status or headers', async () => {
    for (const failure of [await failureOf('http://127.0.0.1:1'), await failureOf('http://x.invalid', 'head')]) {
      expect(failure.message).not.toMatch(/\n|agent status|headers:|socketHandled/);
    }
  });
});

describe('failures with a response', () => {
  it('a 503 without a body (no code): transient, named by the client error', async () => {
    server.faults.add({ method: 'PUT', times: 1, fault: { status: 503, emptyBody: true } });
    expect(await failureOf(server.endpoint)).toMatchObject({ transient: true, status: 503, code: 'UnknownError', kind: 'http' });
  });

  it('a 429: transient', async () => {
    server.faults.add({ method: 'PUT', times: 1, fault: { status: 429 } });
    expect(await failureOf(server.endpoint)).toMatchObject({ transient: true, status: 429, code: 'TooManyRequests' });
  });

  it('a 403 keeps the OSS code and request id, permanent, formatted for people', async () => {
    server.faults.add({
      method: 'PUT',
      times: 1,
      fault: { status: 403, code: 'AccessDenied', message: 'You have no right to access this object.' },
    });
    const failure = await failureOf(server.endpoint);
    expect(failure).toMatchObject({ transient: false, status: 403, code: 'AccessDenied', kind: 'http', requestId: expect.any(String) });
    expect(formatOssFailure(failure)).toBe(
      `HTTP 403 AccessDenied, request id ${failure.requestId}: You have no right to access this object.`,
    );
  });
});

it('treats a programming error as permanent', () => {
  expect(describeOssFailure(new TypeError('x is not a function'))).toMatchObject({ transient: false, code: 'TypeError', kind: 'other' });
});
