import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { startLocalOssServer, type LocalOssServer } from '../../../tools/oss-emulator';
import { makeTempDir, ossClient, rejection, removeDir, signedRequest } from './oss-server-fixture';

let dir: string;
let server: LocalOssServer;

beforeAll(async () => {
  dir = await makeTempDir();
  server = await startLocalOssServer({ dir: `${dir}/root` });
});

afterAll(async () => {
  await server.close();
  await removeDir(dir);
});

beforeEach(() => {
  server.faults.clear();
  server.requests.length = 0;
});

describe.each([
  ['V1', false],
  ['V4', true],
])('round trip with %s signatures', (_name, authorizationV4) => {
  const prefix = authorizationV4 ? 'v4/' : 'v1/';

  test('put, get, head, list, delete an object with a multi-byte key', async () => {
    const client = ossClient(server, { authorizationV4 });
    const key = `${prefix}日志/2024 01+%?#&=.json`;
    const body = Buffer.from('[{"offset":1}]');

    const put = await client.put(key, body, { mime: 'application/json', meta: { partition: '7' } as never });
    expect(put.res.status).toBe(200);
    expect(put.res.headers).toMatchObject({ etag: `"${createHash('md5').update(body).digest('hex').toUpperCase()}"` });

    const got = await client.get(key);
    expect(got.content.toString()).toBe(body.toString());
    expect(got.res.headers).toMatchObject({ 'content-type': 'application/json', 'x-oss-meta-partition': '7' });

    const head = await client.head(key);
    expect(head.meta).toEqual({ partition: '7' });
    expect(head.res.headers).toMatchObject({ 'content-length': String(body.length), etag: put.res.headers['etag' as never] });

    const listed = await client.list({ prefix, 'max-keys': 10 }, {});
    expect(listed.objects.map((o) => o.name)).toEqual([key]);
    const listedV2 = await client.listV2({ prefix, 'max-keys': '10' }, {});
    expect(listedV2.objects.map((o) => o.name)).toEqual([key]);

    const deleted = await client.delete(key);
    expect(deleted.res.status).toBe(204);
    expect(await server.getObject('local-bucket', key)).toBeUndefined();
    // Deleting again is not an error.
    expect((await client.delete(key)).res.status).toBe(204);
  });
});

test('PutObject answers with the uppercase-hex MD5 ETag, Content-MD5, CRC-64 and a request id', async () => {
  const client = ossClient(server);
  const result = await client.put('headers/check.txt', Buffer.from('123456789'));
  const headers = result.res.headers as Record<string, string>;
  expect(headers['etag']).toBe('"25F9E794323B453885F5181F1B624D0B"');
  expect(headers['content-md5']).toBe('JfnnlDI7RTiF9RgfG2JNCw==');
  expect(headers['x-oss-hash-crc64ecma']).toBe('11051210869376104954');
  expect(headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
});

test('every response carries its own request id', async () => {
  const client = ossClient(server);
  await client.put('ids/one', Buffer.from('1'));
  await client.get('ids/one');
  await rejection(client.get('ids/missing'));
  const ids = server.requests.map((r) => r.requestId);
  expect(ids).toHaveLength(3);
  expect(new Set(ids).size).toBe(3);
});

test('keys "a" and "a/b" are both stored', async () => {
  const client = ossClient(server);
  await client.put('nest/a', Buffer.from('A'));
  await client.put('nest/a/b', Buffer.from('AB'));
  expect((await client.get('nest/a')).content.toString()).toBe('A');
  expect((await client.get('nest/a/b')).content.toString()).toBe('AB');
  expect(await server.listKeys('local-bucket', 'nest/')).toEqual(['nest/a', 'nest/a/b']);
});

test('keys with "..", "." and empty segments stay inside the bucket directory', async () => {
  const escaping = ['../escape.txt', 'trav/../../escape2.txt', '..', 'trav/./x', 'trav//double', 'trav/...'];
  for (const key of escaping) {
    // ali-oss lets its HTTP client normalize "." and ".." path segments, so these keys are sent with "/" as %2F.
    const response = await signedRequest(server, 'PUT', `/${encodeURIComponent(key)}`, key, Buffer.from(key));
    expect(response.status).toBe(200);
    expect((await server.getObject('local-bucket', key))?.toString()).toBe(key);
  }
  expect(await readdir(dirname(`${dir}/root`))).toEqual(['root']);
  expect(await readdir(`${dir}/root`)).toEqual(['local-bucket']);
  expect(await server.listKeys('local-bucket', 'trav/')).toEqual(['trav/...', 'trav/../../escape2.txt', 'trav/./x', 'trav//double']);
  expect(await server.listKeys('local-bucket', '..')).toEqual(['..', '../escape.txt']);
});

test('listing pages with marker, delimiter and common prefixes (V1)', async () => {
  const client = ossClient(server);
  for (const key of ['page/a.json', 'page/b/1', 'page/b/2', 'page/c.json', 'page/d/1']) await client.put(key, Buffer.from('x'));

  const first = await client.list({ prefix: 'page/', delimiter: '/', 'max-keys': 2 }, {});
  expect(first.objects.map((o) => o.name)).toEqual(['page/a.json']);
  expect(first.prefixes).toEqual(['page/b/']);
  expect(first.isTruncated).toBe(true);
  expect(first.nextMarker).toBe('page/b/');

  const second = await client.list({ prefix: 'page/', delimiter: '/', 'max-keys': 2, marker: first.nextMarker ?? '' }, {});
  expect(second.objects.map((o) => o.name)).toEqual(['page/c.json']);
  expect(second.prefixes).toEqual(['page/d/']);
  expect(second.isTruncated).toBe(false);

  const owner = first.objects[0]?.owner;
  expect(owner?.id).toBeTruthy();
});

test('listing pages with continuation tokens (V2)', async () => {
  const client = ossClient(server, { authorizationV4: true });
  for (const key of ['v2page/1', 'v2page/2', 'v2page/3']) await client.put(key, Buffer.from('x'));
  const seen: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof client.listV2>> = await client.listV2(
      { prefix: 'v2page/', 'max-keys': '2', ...(token === null ? {} : { 'continuation-token': token }) },
      {},
    );
    expect(page.keyCount).toBe(page.objects.length);
    seen.push(...page.objects.map((o) => o.name));
    token = page.nextContinuationToken;
    pages++;
  } while (token !== null);
  expect(pages).toBe(2);
  expect(seen).toEqual(['v2page/1', 'v2page/2', 'v2page/3']);

  const afterTwo = await client.listV2({ prefix: 'v2page/', 'start-after': 'v2page/2', 'fetch-owner': true }, {});
  expect(afterTwo.objects.map((o) => [o.name, o.owner !== null])).toEqual([['v2page/3', true]]);
});

test('a bad list argument is a clear 400', async () => {
  const error = await rejection(ossClient(server).list({ 'max-keys': 5000 }, {}));
  expect(error).toMatchObject({ status: 400, code: 'InvalidArgument' });
  expect(error.message).toContain('max-keys must be an integer from 1 to 1000');
});

test('a missing object is 404 NoSuchKey, with the request id, for GET and for HEAD', async () => {
  const client = ossClient(server);
  const got = await rejection(client.get('missing/object'));
  expect(got).toMatchObject({ status: 404, code: 'NoSuchKey' });
  expect(got.requestId).toBe(server.requests.at(-1)?.requestId);
  expect(got.message).toContain('missing/object');

  const headed = await rejection(client.head('missing/object'));
  expect(headed).toMatchObject({ status: 404, code: 'NoSuchKey' });
  expect(headed.requestId).toBe(server.requests.at(-1)?.requestId);
});

test('a HEAD error other than 404 is decoded from x-oss-err', async () => {
  const stranger = ossClient(server, {}, { accessKeyId: 'nobody', accessKeySecret: 'nothing' });
  const error = await rejection(stranger.head('any'));
  expect(error).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
});

test('an unknown bucket is 404 NoSuchBucket', async () => {
  const error = await rejection(ossClient(server, { bucket: 'other-bucket' }).put('k', Buffer.from('x')));
  expect(error).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  expect(error.message).toContain('other-bucket');
});

test('a key over 1023 bytes is 400 InvalidObjectName and nothing is stored', async () => {
  const key = `long/${'é'.repeat(510)}`;
  const error = await rejection(ossClient(server).put(key, Buffer.from('x')));
  expect(error).toMatchObject({ status: 400, code: 'InvalidObjectName' });
  expect(await server.listKeys('local-bucket', 'long/')).toEqual([]);
});

test('a key of 1023 bytes is stored, and listed back from its metadata', async () => {
  const key = `max/${'k'.repeat(1019)}`;
  await ossClient(server).put(key, Buffer.from('long'));
  expect((await ossClient(server).get(key)).content.toString()).toBe('long');
  expect(await server.listKeys('local-bucket', 'max/')).toEqual([key]);
});

test('a wrong Content-MD5 is 400 InvalidDigest and nothing is stored', async () => {
  const client = ossClient(server);
  const wrong = Buffer.alloc(16).toString('base64');
  const error = await rejection(client.put('digest/wrong', Buffer.from('body'), { headers: { 'Content-MD5': wrong } }));
  expect(error).toMatchObject({ status: 400, code: 'InvalidDigest' });
  expect(server.requests.at(-1)?.headers['content-md5']).toBe(wrong);

  const malformed = await rejection(client.put('digest/wrong', Buffer.from('body'), { headers: { 'Content-MD5': 'not-md5' } }));
  expect(malformed).toMatchObject({ status: 400, code: 'InvalidDigest' });
  expect(await server.getObject('local-bucket', 'digest/wrong')).toBeUndefined();
});

test('x-oss-forbid-overwrite refuses an existing key with 409 FileAlreadyExists and keeps the original', async () => {
  const client = ossClient(server);
  const headers = { 'x-oss-forbid-overwrite': 'true' };
  await client.put('once/key', Buffer.from('original'), { headers });
  const error = await rejection(client.put('once/key', Buffer.from('replacement'), { headers }));
  expect(error).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
  expect(error.requestId).toBe(server.requests.at(-1)?.requestId);
  expect((await server.getObject('local-bucket', 'once/key'))?.toString()).toBe('original');
  // Without the header an overwrite is allowed.
  await client.put('once/key', Buffer.from('replacement'));
  expect((await server.getObject('local-bucket', 'once/key'))?.toString()).toBe('replacement');
});

test('of concurrent forbid-overwrite PUTs of one key exactly one wins', async () => {
  const client = ossClient(server);
  const bodies = Array.from({ length: 12 }, (_, i) => Buffer.from(`writer ${i}`));
  const results = await Promise.allSettled(
    bodies.map((body) => client.put('race/key', body, { headers: { 'x-oss-forbid-overwrite': 'true' } })),
  );
  const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  expect(winners).toHaveLength(1);
  for (const result of results) {
    if (result.status === 'rejected') expect(result.reason).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
  }
  expect((await server.getObject('local-bucket', 'race/key'))?.toString()).toBe(`writer ${winners[0]}`);
});

test('readers racing overwrites see one whole version or the other', async () => {
  const client = ossClient(server);
  const versions = [Buffer.alloc(256 * 1024, 'a'), Buffer.alloc(300 * 1024, 'b')];
  await client.put('atomic/key', versions[0]!);
  const writes = Array.from({ length: 6 }, (_, i) => client.put('atomic/key', versions[i % 2]!));
  const reads = Array.from({ length: 12 }, () => client.get('atomic/key'));
  await Promise.all(writes);
  for (const read of await Promise.all(reads)) {
    expect(versions.some((v) => v.equals(read.content as Buffer))).toBe(true);
  }
});

test('a chunked upload (putStream without a length) is stored whole', async () => {
  const client = ossClient(server);
  const parts = ['first,', 'second,', 'third'];
  await client.putStream('chunked/key', Readable.from(parts.map((p) => Buffer.from(p))));
  expect(server.requests.at(-1)?.headers['transfer-encoding']).toBe('chunked');
  expect((await server.getObject('local-bucket', 'chunked/key'))?.toString()).toBe(parts.join(''));
});

test('path-style (sldEnable) and cname-style requests address the same bucket', async () => {
  const pathStyle = ossClient(server, { endpoint: `http://localhost:${server.port}`, sldEnable: true });
  const cname = ossClient(server, { endpoint: `http://localhost:${server.port}`, cname: true });
  await pathStyle.put('styles/by-path', Buffer.from('path'));
  expect(server.requests.at(-1)?.headers['host']).toBe(`localhost:${server.port}`);
  await cname.put('styles/by-cname', Buffer.from('cname'));
  expect((await cname.get('styles/by-path')).content.toString()).toBe('path');
  expect((await pathStyle.get('styles/by-cname')).content.toString()).toBe('cname');
  expect((await pathStyle.list({ prefix: 'styles/', 'max-keys': 100 }, {})).objects.map((o) => o.name)).toEqual([
    'styles/by-cname',
    'styles/by-path',
  ]);
  expect((await cname.listV2({ prefix: 'styles/', 'max-keys': '100' }, {})).objects.map((o) => o.name)).toEqual([
    'styles/by-cname',
    'styles/by-path',
  ]);
});

test('an IP endpoint gets the virtual-host Host header ali-oss derives from the region', async () => {
  await ossClient(server, { region: 'cn-hangzhou', authorizationV4: true }).put('host/bare-region', Buffer.from('x'));
  expect(server.requests.at(-1)?.headers['host']).toBe('local-bucket.cn-hangzhou.aliyuncs.com');
  await ossClient(server, { region: 'oss-cn-hangzhou' }).put('host/prefixed-region', Buffer.from('x'));
  expect(server.requests.at(-1)?.headers['host']).toBe('local-bucket.oss-cn-hangzhou.aliyuncs.com');
});

test('a path that is not valid percent-encoding is 400 InvalidURI', async () => {
  const response = await signedRequest(server, 'GET', '/bad%E4%key', 'bad', Buffer.alloc(0));
  expect(response.status).toBe(400);
  expect(response.body).toContain('<Code>InvalidURI</Code>');
});

test('unsupported operations say so (501 NotImplemented) instead of pretending', async () => {
  const error = await rejection(ossClient(server).putACL('any', 'private'));
  expect(error).toMatchObject({ status: 501, code: 'NotImplemented' });
  expect(error.message).toContain('"acl" sub-resource');
});

test('objects, their type and metadata survive a restart on the same directory', async () => {
  const restartDir = await makeTempDir();
  try {
    const first = await startLocalOssServer({ dir: restartDir });
    await ossClient(first).put('keep/me.json', Buffer.from('{"kept":true}'), { meta: { source: 'kafka' } as never });
    await first.close();

    const second = await startLocalOssServer({ dir: restartDir });
    try {
      const got = await ossClient(second).get('keep/me.json');
      expect(got.content.toString()).toBe('{"kept":true}');
      expect(got.res.headers).toMatchObject({ 'content-type': 'application/json', 'x-oss-meta-source': 'kafka' });
      expect(await second.listKeys('local-bucket')).toEqual(['keep/me.json']);
    } finally {
      await second.close();
    }
  } finally {
    await removeDir(restartDir);
  }
});

test('the in-memory store (dir: null) serves the same protocol', async () => {
  const memory = await startLocalOssServer({ dir: null, buckets: ['mem-one', 'mem-two'] });
  try {
    expect(memory.dir).toBeNull();
    const client = ossClient(memory, { bucket: 'mem-two' });
    await client.put('k/1', Buffer.from('one'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
    expect(await rejection(client.put('k/1', Buffer.from('two'), { headers: { 'x-oss-forbid-overwrite': 'true' } }))).toMatchObject({
      code: 'FileAlreadyExists',
    });
    expect((await memory.getObject('mem-two', 'k/1'))?.toString()).toBe('one');
    expect(await memory.listKeys('mem-one')).toEqual([]);
  } finally {
    await memory.close();
  }
});

test('bad server options are refused with the setting named', async () => {
  await expect(startLocalOssServer({ dir: null, buckets: ['Bad_Bucket'] })).rejects.toThrow('"Bad_Bucket" is not a valid bucket name');
  await expect(startLocalOssServer({ dir: null, credentials: [] })).rejects.toThrow('`credentials` is empty');
  await expect(startLocalOssServer({ dir: null, port: 70000 })).rejects.toThrow('port must be an integer from 0 to 65535');
  await expect(startLocalOssServer({ dir: null, port: server.port })).rejects.toThrow(
    `cannot listen on 127.0.0.1:${server.port} (EADDRINUSE)`,
  );
});
