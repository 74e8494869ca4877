import { createHash } from 'node:crypto';
import type OSS from 'ali-oss';
import { startLocalOssServer, type LocalOssServer } from '../../../tools/oss-emulator';
import { makeTempDir, ossClient, rejection, removeDir, signedRequest } from './oss-server-fixture';

const KEYS = Array.from({ length: 1_050 }, (_, i) => `many/${String(i).padStart(5, '0')}.json`);

/** Every key under prefix, page by page with continuation tokens; the pages' sizes too. */
async function listAll(client: OSS, prefix: string, maxKeys: number): Promise<{ keys: string[]; pages: number[] }> {
  const keys: string[] = [];
  const pages: number[] = [];
  let token: string | null = null;
  do {
    const page: Awaited<ReturnType<OSS['listV2']>> = await client.listV2(
      { prefix, 'max-keys': String(maxKeys), ...(token === null ? {} : { 'continuation-token': token }) },
      {},
    );
    keys.push(...page.objects.map((o) => o.name));
    pages.push(page.objects.length);
    expect(page.isTruncated).toBe(page.nextContinuationToken !== null);
    token = page.nextContinuationToken;
  } while (token !== null);
  return { keys, pages };
}

/** A server holding KEYS, a few keys around them, and an upload in progress under their prefix. */
async function seededServer(dir: string | null): Promise<{ server: LocalOssServer; uploadId: string }> {
  const server = await startLocalOssServer({ dir });
  // Stored directly: a thousand PutObject requests would only test the client's speed.
  const queue = [...KEYS, 'mane/before', 'many0/after', 'other/x'];
  const writer = async (): Promise<void> => {
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) await server.putObject('local-bucket', key, Buffer.from(key));
  };
  await Promise.all(Array.from({ length: 16 }, writer));
  const { uploadId } = await ossClient(server).initMultipartUpload('many/00000.5-in-progress.json');
  return { server, uploadId };
}

describe.each([
  ['in memory', false],
  ['on disk', true],
])('listing and deleting thousands of keys %s', (_where, onDisk) => {
  let dir: string | undefined;
  let server: LocalOssServer;
  let uploadId: string;

  beforeAll(async () => {
    dir = onDisk ? await makeTempDir() : undefined;
    ({ server, uploadId } = await seededServer(dir ?? null));
  });

  afterAll(async () => {
    await server.close();
    if (dir !== undefined) await removeDir(dir);
  });

  test.each([
    ['V1', false],
    ['V4', true],
  ])(
    'ListObjectsV2 pages through %s-signed continuation tokens over every key under the prefix, in order, without uploads',
    async (_version, authorizationV4) => {
      const client = ossClient(server, { authorizationV4 });
      const full = await listAll(client, 'many/', 1000);
      expect(full.pages).toEqual([1000, 50]);
      expect(full.keys).toEqual(KEYS);
    },
  );

  test('DeleteMultipleObjects refuses a body without Content-MD5, with a wrong one, malformed, or of more than 1000 keys', async () => {
    const body = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Delete><Object><Key>many/00000.json</Key></Object></Delete>');
    const missing = await signedRequest(server, 'POST', '/', '', body, { subresources: { delete: null } });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>MissingArgument</Code>');
    expect(missing.body).toContain('Content-MD5');

    const wrong = await signedRequest(server, 'POST', '/', '', body, {
      subresources: { delete: null },
      headers: { 'content-md5': createHash('md5').update('other').digest('base64') },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('<Code>InvalidDigest</Code>');

    const client = ossClient(server);
    const tooMany = await rejection(client.deleteMulti(Array.from({ length: 1001 }, (_, i) => `many/x${i}`)));
    expect(tooMany).toMatchObject({ status: 400, code: 'MalformedXML' });
    expect(tooMany.message).toContain('name from 1 to 1000');

    const broken = Buffer.from('<Delete><Object><Key>many/00000.json</Key></Delete>');
    const malformed = await signedRequest(server, 'POST', '/', '', broken, {
      subresources: { delete: null },
      headers: { 'content-md5': createHash('md5').update(broken).digest('base64') },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('<Code>MalformedXML</Code>');
    expect(await server.listKeys('local-bucket', 'many/')).toHaveLength(KEYS.length);
  });

  test('one DeleteMultipleObjects request deletes 1000 keys; the rest and the upload in progress remain', async () => {
    const client = ossClient(server, { authorizationV4: true });
    server.requests.length = 0;
    const result = await client.deleteMulti(KEYS.slice(0, 1000), { quiet: true });
    expect(result.res.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(await server.listKeys('local-bucket', 'many/')).toEqual(KEYS.slice(1000));
    expect((await listAll(client, 'many/', 1000)).keys).toEqual(KEYS.slice(1000));
    expect((await client.listUploads({ prefix: 'many/' })).uploads).toEqual([expect.objectContaining({ uploadId })]);
  });
});

// Paging itself does not depend on the store, so its variants run in memory only.
describe('paging variants', () => {
  let server: LocalOssServer;

  beforeAll(async () => {
    ({ server } = await seededServer(null));
  });

  afterAll(async () => {
    await server.close();
  });

  test('smaller pages cover the same keys', async () => {
    const small = await listAll(ossClient(server), 'many/', 400);
    expect(small.pages).toEqual([400, 400, 250]);
    expect(small.keys).toEqual(KEYS);
  });

  test('ListObjects (V1) pages with markers over the same keys', async () => {
    const client = ossClient(server);
    const seen: string[] = [];
    let marker = '';
    for (;;) {
      const page = await client.list({ prefix: 'many/', 'max-keys': 1000, marker }, {});
      seen.push(...page.objects.map((o) => o.name));
      if (!page.isTruncated) break;
      marker = page.nextMarker ?? '';
    }
    expect(seen).toEqual(KEYS);
  });

  test('a delimiter rolls thousands of keys into their common prefixes', async () => {
    const page = await ossClient(server).listV2({ prefix: '', delimiter: '/', 'max-keys': '1000' }, {});
    expect(page.prefixes).toEqual(['mane/', 'many/', 'many0/', 'other/']);
    expect(page.objects).toEqual([]);
  });
});
