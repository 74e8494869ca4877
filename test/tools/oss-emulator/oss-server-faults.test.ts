import { startLocalOssServer, type LocalOssServer } from '../../../tools/oss-emulator';
import { ossClient, recordedCount, rejection } from './oss-server-fixture';

let server: LocalOssServer;

beforeAll(async () => {
  server = await startLocalOssServer({ dir: null });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.faults.clear();
  server.requests.length = 0;
});

test('a status fault answers with that error and code, stores nothing, and is used up after `times`', async () => {
  server.faults.add({
    method: 'PUT',
    key: 'f/503',
    times: 2,
    fault: { status: 503, code: 'ServiceUnavailable', message: 'Please retry.' },
  });
  const client = ossClient(server);
  for (let attempt = 0; attempt < 2; attempt++) {
    const error = await rejection(client.put('f/503', Buffer.from('x')));
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable', message: 'Please retry.' });
    expect(error.requestId).toBe(server.requests.at(-1)?.requestId);
  }
  expect(await server.getObject('local-bucket', 'f/503')).toBeUndefined();
  expect(server.faults.pending).toBe(0);
  await client.put('f/503', Buffer.from('x'));
  expect(server.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  expect(server.requests[0]?.fault).toEqual({ status: 503, code: 'ServiceUnavailable', message: 'Please retry.' });
});

test('a status fault without a code gets the usual OSS code for the status', async () => {
  server.faults.add({ times: 1, fault: { status: 500 } });
  expect(await rejection(ossClient(server).get('f/any'))).toMatchObject({ status: 500, code: 'InternalError' });
});

test('a status fault on HEAD reaches ali-oss through x-oss-err', async () => {
  server.faults.add({ method: 'HEAD', times: 1, fault: { status: 429, code: 'QpsLimitExceeded' } });
  expect(await rejection(ossClient(server).head('f/head'))).toMatchObject({ status: 429, code: 'QpsLimitExceeded' });
});

test('a 503 with an empty body reaches ali-oss with the status and request id but no code', async () => {
  server.faults.add({ times: 1, fault: { status: 503, emptyBody: true } });
  const error = await rejection(ossClient(server).put('f/empty', Buffer.from('x')));
  expect(error.status).toBe(503);
  expect(error.code).toBeUndefined();
  expect(error.requestId).toBe(server.requests.at(-1)?.requestId);
  expect(await server.getObject('local-bucket', 'f/empty')).toBeUndefined();
});

test('faults match by method and key (string or pattern), first added first', async () => {
  server.faults.add({ method: 'GET', times: 1, fault: { status: 500 } });
  server.faults.add({ key: /^f\/match-/, times: 1, fault: { status: 502 } });
  server.faults.add({ key: 'f/match-b', times: 1, fault: { status: 504 } });
  const client = ossClient(server);
  expect(await rejection(client.put('f/match-b', Buffer.from('x')))).toMatchObject({ status: 502 });
  expect(await rejection(client.put('f/match-b', Buffer.from('x')))).toMatchObject({ status: 504 });
  await client.put('f/match-b', Buffer.from('x'));
  expect(await rejection(client.get('f/match-b'))).toMatchObject({ status: 500 });
  expect(server.faults.pending).toBe(0);
});

test('a reset before the store drops the connection (ali-oss status -1) and stores nothing', async () => {
  server.faults.add({ method: 'PUT', times: 1, fault: { reset: 'before-store' } });
  const error = await rejection(ossClient(server).put('f/reset-before', Buffer.from('x')));
  expect(error).toMatchObject({ status: -1, code: 'ResponseError' });
  expect(await server.getObject('local-bucket', 'f/reset-before')).toBeUndefined();
  expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', status: null, fault: { reset: 'before-store' } });
});

test('a reset after the store stores the object, yet the client only sees a dropped connection', async () => {
  server.faults.add({ method: 'PUT', times: 1, fault: { reset: 'after-store' } });
  const error = await rejection(ossClient(server).put('f/reset-after', Buffer.from('stored anyway')));
  expect(error).toMatchObject({ status: -1, code: 'ResponseError' });
  expect((await server.getObject('local-bucket', 'f/reset-after'))?.toString()).toBe('stored anyway');
  expect(server.requests.at(-1)).toMatchObject({ status: null, fault: { reset: 'after-store' } });
});

test('a response lost after DeleteMultipleObjects: the keys are gone, and the retry succeeds', async () => {
  const client = ossClient(server);
  for (const key of ['f/batch-1', 'f/batch-2']) await client.put(key, Buffer.from(key));
  server.faults.add({ operation: 'DeleteMultipleObjects', key: '', times: 1, fault: { reset: 'after-store' } });
  expect(await rejection(client.deleteMulti(['f/batch-1', 'f/batch-2']))).toMatchObject({ status: -1 });
  expect(await server.listKeys('local-bucket', 'f/batch-')).toEqual([]);
  expect((await client.deleteMulti(['f/batch-1', 'f/batch-2'])).res.status).toBe(200);
  expect(server.requests.map((r) => [r.operation, r.status])).toEqual([
    ['PutObject', 200],
    ['PutObject', 200],
    ['DeleteMultipleObjects', null],
    ['DeleteMultipleObjects', 200],
  ]);
});

test('a delay longer than the client timeout is a ResponseTimeoutError; the request is then handled anyway', async () => {
  server.faults.add({ method: 'PUT', times: 1, fault: { delayMs: 300 } });
  const error = await rejection(ossClient(server, { timeout: 50 }).put('f/slow', Buffer.from('late')));
  expect(error.name).toBe('ResponseTimeoutError');
  expect(error.status).toBeUndefined();
  await recordedCount(server, 1);
  expect(server.requests[0]).toMatchObject({ method: 'PUT', key: 'f/slow', status: null, fault: { delayMs: 300 } });
  expect((await server.getObject('local-bucket', 'f/slow'))?.toString()).toBe('late');
});

test('a short delay only slows the request down', async () => {
  server.faults.add({ times: 1, fault: { delayMs: 20 } });
  await ossClient(server).put('f/delayed', Buffer.from('ok'));
  expect(server.requests.at(-1)).toMatchObject({ status: 200, fault: { delayMs: 20 } });
});

test('the request log shows what was sent, so a test can prove no PUT was made', async () => {
  const client = ossClient(server);
  await rejection(client.get('f/never-written'));
  expect(server.requests.some((r) => r.method === 'PUT')).toBe(false);
  await client.put('f/logged.json', Buffer.from('{}'), { meta: { a: '1' } as never });
  expect(server.requests.at(-1)).toMatchObject({
    method: 'PUT',
    bucket: 'local-bucket',
    key: 'f/logged.json',
    status: 200,
    bodyBytes: 2,
    headers: { 'content-md5': 'mZFLkyvTelC5g8XnyQrpOw==', 'content-type': 'application/json', 'x-oss-meta-a': '1' },
  });
});

test('bad fault rules are refused with the field named', () => {
  expect(() => server.faults.add({ times: 0, fault: { status: 503 } })).toThrow('times must be a positive integer; got 0');
  expect(() => server.faults.add({ times: 1, fault: { status: 200 } })).toThrow(
    'status must be an HTTP error status from 400 to 599; got 200',
  );
  expect(() => server.faults.add({ times: 1, fault: { reset: 'later' as never } })).toThrow(
    'reset must be "before-store" or "after-store"',
  );
  expect(() => server.faults.add({ times: 1, fault: { delayMs: -1 } })).toThrow('delayMs must be a non-negative number');
  expect(() => server.faults.add({ times: 1, fault: {} as never })).toThrow('fault must be { status }');
  expect(server.faults.pending).toBe(0);
});

test('close() does not wait for an injected delay to run out', async () => {
  const own = await startLocalOssServer({ dir: null });
  own.faults.add({ times: 1, fault: { delayMs: 60_000 } });
  const pending = rejection(ossClient(own).put('f/closing', Buffer.from('x')));
  while (own.faults.pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await own.close();
  expect((await pending).status).toBe(-1);
  expect(await own.getObject('local-bucket', 'f/closing')).toBeUndefined();
});
