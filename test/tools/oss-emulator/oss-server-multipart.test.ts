import { createHash } from 'node:crypto';
import type OSS from 'ali-oss';
import { startLocalOssServer, type LocalCredential, type LocalOssServer } from '../../../tools/oss-emulator';
import { makeTempDir, ossClient, rejection, removeDir, signedRequest } from './oss-server-fixture';

const PART = 100 * 1024;
const FORBID = { 'x-oss-forbid-overwrite': 'true' };
// @types/ali-oss requires every ListParts argument; ali-oss itself takes none.
const ALL_PARTS = {} as OSS.ListPartsQuery;

/** What ali-oss really returns where @types/ali-oss says otherwise. */
interface ListedPart {
  PartNumber: string;
  Size: string;
  ETag: string;
}

function bytes(size: number, fill: string): Buffer {
  return Buffer.alloc(size, fill);
}

function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex').toUpperCase();
}

describe.each([
  ['in memory', false],
  ['on disk', true],
])('multipart upload %s', (_where, onDisk) => {
  let dir: string | undefined;
  let server: LocalOssServer;

  beforeAll(async () => {
    dir = onDisk ? await makeTempDir() : undefined;
    server = await startLocalOssServer({ dir: dir ?? null });
  });

  afterAll(async () => {
    await server.close();
    if (dir !== undefined) await removeDir(dir);
  });

  beforeEach(() => {
    server.faults.clear();
    server.requests.length = 0;
  });

  describe.each([
    ['V1', false],
    ['V4', true],
  ])('with %s signatures', (version, authorizationV4) => {
    const prefix = `mp-${version}/`;

    test('initiate, upload parts, complete with forbid-overwrite: one object of the parts in order, with the initiate’s metadata', async () => {
      const client = ossClient(server, { authorizationV4 });
      const key = `${prefix}compacted/0000000000000000000-0000000000000000299.json`;
      const parts = [bytes(PART, 'a'), bytes(PART + 7, 'b'), bytes(10, 'c')];

      const init = await client.initMultipartUpload(key, {
        mime: 'application/json',
        meta: { source: 'compaction' } as never,
        headers: FORBID,
      });
      expect(init.uploadId).toMatch(/^[0-9A-F]{32}$/);
      expect(init.name).toBe(key);

      const etags: string[] = [];
      for (const [index, part] of parts.entries()) {
        const uploaded = await client.uploadPart(key, init.uploadId, index + 1, part, 0, part.length);
        expect(uploaded.etag).toBe(`"${md5Hex(part)}"`);
        etags.push(uploaded.etag);
      }

      const listed = await client.listParts(key, init.uploadId, ALL_PARTS);
      expect((listed.parts as unknown as ListedPart[]).map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(
        parts.map((part, index) => [String(index + 1), String(part.length), etags[index]]),
      );
      expect((await client.listUploads({ prefix })).uploads).toEqual([expect.objectContaining({ name: key, uploadId: init.uploadId })]);
      // An upload in progress is not an object.
      expect((await client.listV2({ prefix }, {})).objects).toEqual([]);
      await expect(client.head(key)).rejects.toMatchObject({ status: 404 });

      const completed = await client.completeMultipartUpload(
        key,
        init.uploadId,
        etags.map((etag, index) => ({ number: index + 1, etag })),
        { headers: FORBID },
      );
      expect(completed.res.status).toBe(200);
      expect(completed.etag).toMatch(/^"[0-9A-F]{32}-3"$/);
      expect(completed.etag).not.toBe(`"${md5Hex(Buffer.concat(parts))}"`);

      const got = await client.get(key);
      expect(Buffer.compare(got.content as Buffer, Buffer.concat(parts))).toBe(0);
      expect(got.res.headers).toMatchObject({
        'content-type': 'application/json',
        'x-oss-meta-source': 'compaction',
        'x-oss-object-type': 'Multipart',
        etag: completed.etag,
      });
      expect(got.res.headers).not.toHaveProperty('content-md5');
      const objects = (await client.listV2({ prefix }, {})).objects;
      expect(objects.map((o) => [o.name, o.etag, o.type, o.size])).toEqual([[key, completed.etag, 'Multipart', PART * 2 + 17]]);
      expect((await client.listUploads({ prefix })).uploads).toEqual([]);

      expect(server.requests.map((r) => r.signatureVersion)).toEqual(server.requests.map(() => version.toLowerCase()));
      expect(server.requests.slice(0, 6).map((r) => r.operation)).toEqual([
        'InitiateMultipartUpload',
        'UploadPart',
        'UploadPart',
        'UploadPart',
        'ListParts',
        'ListMultipartUploads',
      ]);
      expect(server.requests.find((r) => r.status === 200 && r.operation === 'CompleteMultipartUpload')).toBeDefined();
    });

    test('complete with forbid-overwrite refuses an existing key with 409 FileAlreadyExists; object and upload stay until aborted', async () => {
      const client = ossClient(server, { authorizationV4 });
      const key = `${prefix}exists.json`;
      await client.put(key, Buffer.from('original'));
      const init = await client.initMultipartUpload(key);
      const part = await client.uploadPart(key, init.uploadId, 1, Buffer.from('replacement'), 0, 11);

      const error = await rejection(
        client.completeMultipartUpload(key, init.uploadId, [{ number: 1, etag: part.etag }], { headers: FORBID }),
      );
      expect(error).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
      expect(error.message).toContain('kept until you abort it');
      expect((await server.getObject('local-bucket', key))?.toString()).toBe('original');
      // ali-oss gives a single part as an object, not an array.
      expect((await client.listParts(key, init.uploadId, ALL_PARTS)).parts).toMatchObject({ PartNumber: '1', Size: '11', ETag: part.etag });

      const aborted = await client.abortMultipartUpload(key, init.uploadId);
      expect((aborted as unknown as { res: { status: number } }).res.status).toBe(204);
      expect((await client.listUploads({ prefix: key })).uploads).toEqual([]);
      expect(await rejection(client.listParts(key, init.uploadId, ALL_PARTS))).toMatchObject({ status: 404, code: 'NoSuchUpload' });
      expect((await server.getObject('local-bucket', key))?.toString()).toBe('original');
    });

    test('initiate with forbid-overwrite refuses an existing key at once', async () => {
      const client = ossClient(server, { authorizationV4 });
      await client.put(`${prefix}taken`, Buffer.from('x'));
      expect(await rejection(client.initMultipartUpload(`${prefix}taken`, { headers: FORBID }))).toMatchObject({
        status: 409,
        code: 'FileAlreadyExists',
      });
      expect((await client.listUploads({ prefix: `${prefix}taken` })).uploads).toEqual([]);
    });

    test('without forbid-overwrite, complete replaces an object; a part uploaded again replaces the earlier one', async () => {
      const client = ossClient(server, { authorizationV4 });
      const key = `${prefix}replace.bin`;
      await client.put(key, Buffer.from('old'));
      const init = await client.initMultipartUpload(key);
      await client.uploadPart(key, init.uploadId, 1, bytes(PART, 'x'), 0, PART);
      const again = await client.uploadPart(key, init.uploadId, 1, bytes(PART, 'y'), 0, PART);
      const last = await client.uploadPart(key, init.uploadId, 2, Buffer.from('z'), 0, 1);
      await client.completeMultipartUpload(key, init.uploadId, [
        { number: 1, etag: again.etag },
        { number: 2, etag: last.etag },
      ]);
      expect((await server.getObject('local-bucket', key))?.equals(Buffer.concat([bytes(PART, 'y'), Buffer.from('z')]))).toBe(true);
    });

    test('deleteMulti deletes many keys in one request, naming each (or none when quiet); missing keys count as deleted', async () => {
      const client = ossClient(server, { authorizationV4 });
      const keys = Array.from({ length: 5 }, (_, i) => `${prefix}batch/${i}.json`);
      for (const key of keys) await client.put(key, Buffer.from(key));
      server.requests.length = 0;

      const verbose = await client.deleteMulti([...keys.slice(0, 3), `${prefix}batch/missing`]);
      expect((verbose.deleted as unknown as Array<{ Key: string }>).map((d) => d.Key)).toEqual([
        ...keys.slice(0, 3),
        `${prefix}batch/missing`,
      ]);
      expect(server.requests).toEqual([expect.objectContaining({ method: 'POST', operation: 'DeleteMultipleObjects', status: 200 })]);
      expect(server.requests[0]?.headers['content-md5']).toBeDefined();

      const quiet = await client.deleteMulti(keys.slice(3), { quiet: true });
      expect(quiet.deleted).toEqual([]);
      expect(await server.listKeys('local-bucket', `${prefix}batch/`)).toEqual([]);
    });
  });

  test('requests naming an unknown upload id, or another key’s, are 404 NoSuchUpload and change nothing', async () => {
    const client = ossClient(server);
    const init = await client.initMultipartUpload('mp/known');
    for (const uploadId of ['0123456789ABCDEF0123456789ABCDEF', 'not-an-id', '../../escape']) {
      expect(await rejection(client.uploadPart('mp/known', uploadId, 1, Buffer.from('x'), 0, 1))).toMatchObject({
        status: 404,
        code: 'NoSuchUpload',
      });
      expect(await rejection(client.completeMultipartUpload('mp/known', uploadId, [{ number: 1, etag: '"X"' }]))).toMatchObject({
        code: 'NoSuchUpload',
      });
      expect(await rejection(client.abortMultipartUpload('mp/known', uploadId))).toMatchObject({ code: 'NoSuchUpload' });
    }
    const otherKey = await rejection(client.uploadPart('mp/other', init.uploadId, 1, Buffer.from('x'), 0, 1));
    expect(otherKey).toMatchObject({ status: 404, code: 'NoSuchUpload' });
    expect(otherKey.message).toContain('belongs to another key');
    expect((await client.listParts('mp/known', init.uploadId, ALL_PARTS)).parts).toEqual([]);
    expect(await server.listKeys('local-bucket', 'mp/')).toEqual([]);
    await client.abortMultipartUpload('mp/known', init.uploadId);
  });

  test('a part under 100 KB that is not the last is 400 EntityTooSmall; nothing is stored and the upload stays', async () => {
    const client = ossClient(server);
    const key = 'mp/small-parts';
    const init = await client.initMultipartUpload(key);
    const first = await client.uploadPart(key, init.uploadId, 1, bytes(PART - 1, 's'), 0, PART - 1);
    const second = await client.uploadPart(key, init.uploadId, 2, bytes(PART, 't'), 0, PART);
    const error = await rejection(
      client.completeMultipartUpload(key, init.uploadId, [
        { number: 1, etag: first.etag },
        { number: 2, etag: second.etag },
      ]),
    );
    expect(error).toMatchObject({ status: 400, code: 'EntityTooSmall' });
    expect(error.message).toContain(`Part 1 is ${PART - 1} bytes`);
    expect(await server.getObject('local-bucket', key)).toBeUndefined();
    // A single small part is a whole (small) object.
    await client.completeMultipartUpload(key, init.uploadId, [{ number: 1, etag: first.etag }]);
    expect((await server.getObject('local-bucket', key))?.length).toBe(PART - 1);
  });

  test('a wrong ETag or a part never uploaded is 400 InvalidPart; parts out of order are 400 InvalidPartOrder', async () => {
    const client = ossClient(server);
    const key = 'mp/invalid-parts';
    const init = await client.initMultipartUpload(key);
    const one = await client.uploadPart(key, init.uploadId, 1, bytes(PART, '1'), 0, PART);
    const two = await client.uploadPart(key, init.uploadId, 2, bytes(PART, '2'), 0, PART);

    const mismatch = await rejection(
      client.completeMultipartUpload(key, init.uploadId, [
        { number: 1, etag: two.etag },
        { number: 2, etag: two.etag },
      ]),
    );
    expect(mismatch).toMatchObject({ status: 400, code: 'InvalidPart' });
    expect(mismatch.message).toContain('ETag given for part 1');
    const missing = await rejection(client.completeMultipartUpload(key, init.uploadId, [{ number: 3, etag: one.etag }]));
    expect(missing).toMatchObject({ status: 400, code: 'InvalidPart' });
    expect(missing.message).toContain('Part 3 was never uploaded');

    // ali-oss sorts the part list itself, so the wrong order goes out as a raw signed request.
    const xml = `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${two.etag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${one.etag}</ETag></Part></CompleteMultipartUpload>`;
    const outOfOrder = await signedRequest(server, 'POST', `/${key}`, key, Buffer.from(xml), {
      subresources: { uploadId: init.uploadId },
      headers: { 'content-type': 'application/xml' },
    });
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body).toContain('<Code>InvalidPartOrder</Code>');

    const malformed = await signedRequest(server, 'POST', `/${key}`, key, Buffer.from('<CompleteMultipartUpload><Part>'), {
      subresources: { uploadId: init.uploadId },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('<Code>MalformedXML</Code>');
    expect(await server.getObject('local-bucket', key)).toBeUndefined();

    // x-oss-complete-all completes with every part uploaded, in order.
    const all = await signedRequest(server, 'POST', `/${key}`, key, Buffer.alloc(0), {
      subresources: { uploadId: init.uploadId },
      headers: { 'x-oss-complete-all': 'yes' },
    });
    expect(all.status).toBe(200);
    expect(all.body).toMatch(/<ETag>"[0-9A-F]{32}-2"<\/ETag>/);
    expect((await server.getObject('local-bucket', key))?.equals(Buffer.concat([bytes(PART, '1'), bytes(PART, '2')]))).toBe(true);
  });

  test('a part number outside 1-10000 is 400 InvalidArgument', async () => {
    const client = ossClient(server);
    const init = await client.initMultipartUpload('mp/part-number');
    for (const number of [0, 10_001]) {
      expect(await rejection(client.uploadPart('mp/part-number', init.uploadId, number, Buffer.from('x'), 0, 1))).toMatchObject({
        status: 400,
        code: 'InvalidArgument',
      });
    }
    await client.abortMultipartUpload('mp/part-number', init.uploadId);
  });

  test('faults target multipart requests by operation; a response lost after complete leaves the object stored and the upload gone', async () => {
    const client = ossClient(server);
    const key = 'mp/faults.json';
    server.faults.add({ operation: 'UploadPart', times: 1, fault: { status: 503, code: 'ServiceUnavailable' } });
    server.faults.add({ operation: 'CompleteMultipartUpload', times: 1, fault: { reset: 'before-store' } });
    server.faults.add({ operation: 'CompleteMultipartUpload', times: 1, fault: { reset: 'after-store' } });

    const init = await client.initMultipartUpload(key);
    // A PutObject is a PUT too, but not an UploadPart.
    await client.put('mp/unaffected', Buffer.from('x'));
    expect(await rejection(client.uploadPart(key, init.uploadId, 1, bytes(PART, 'f'), 0, PART))).toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
    });
    const part = await client.uploadPart(key, init.uploadId, 1, bytes(PART, 'f'), 0, PART);
    const parts = [{ number: 1, etag: part.etag }];

    await expect(client.completeMultipartUpload(key, init.uploadId, parts, { headers: FORBID })).rejects.toThrow();
    expect(await server.getObject('local-bucket', key)).toBeUndefined();
    expect((await client.listUploads({ prefix: key })).uploads).toHaveLength(1);

    await expect(client.completeMultipartUpload(key, init.uploadId, parts, { headers: FORBID })).rejects.toThrow();
    expect((await server.getObject('local-bucket', key))?.length).toBe(PART);
    expect((await client.listUploads({ prefix: key })).uploads).toEqual([]);
    // The retry a client makes after the lost response: the upload is gone, the object is there.
    expect(await rejection(client.completeMultipartUpload(key, init.uploadId, parts, { headers: FORBID }))).toMatchObject({
      status: 404,
      code: 'NoSuchUpload',
    });
    expect((await client.head(key)).res.headers).toMatchObject({ 'x-oss-object-type': 'Multipart' });

    expect(server.faults.pending).toBe(0);
    expect(server.requests.filter((r) => r.fault !== undefined).map((r) => [r.operation, r.status])).toEqual([
      ['UploadPart', 503],
      ['CompleteMultipartUpload', null],
      ['CompleteMultipartUpload', null],
    ]);
  });
});

test('a fault rule naming an operation the server does not offer is refused', async () => {
  const server = await startLocalOssServer({ dir: null });
  try {
    expect(() => server.faults.add({ operation: 'UploadParts' as never, times: 1, fault: { status: 500 } })).toThrow(
      'operation "UploadParts" is not one this server offers',
    );
  } finally {
    await server.close();
  }
});

describe('RAM actions', () => {
  const writer: LocalCredential = { accessKeyId: 'writer', accessKeySecret: 'writer-secret', permissions: ['oss:PutObject'] };
  const cleaner: LocalCredential = {
    accessKeyId: 'cleaner',
    accessKeySecret: 'cleaner-secret',
    permissions: ['oss:AbortMultipartUpload', 'oss:ListParts', 'oss:ListMultipartUploads', 'oss:DeleteObject'],
  };
  let server: LocalOssServer;

  beforeAll(async () => {
    server = await startLocalOssServer({ dir: null, credentials: [writer, cleaner] });
  });

  afterAll(async () => {
    await server.close();
  });

  test('oss:PutObject covers initiate, upload part and complete, and nothing else', async () => {
    const client = ossClient(server, { authorizationV4: true }, writer);
    const init = await client.initMultipartUpload('ram/object');
    const part = await client.uploadPart('ram/object', init.uploadId, 1, Buffer.from('x'), 0, 1);
    await client.completeMultipartUpload('ram/object', init.uploadId, [{ number: 1, etag: part.etag }]);

    const again = await client.initMultipartUpload('ram/object');
    for (const [call, action] of [
      [client.abortMultipartUpload('ram/object', again.uploadId), 'oss:AbortMultipartUpload'],
      [client.listParts('ram/object', again.uploadId, ALL_PARTS), 'oss:ListParts'],
      [client.listUploads({}), 'oss:ListMultipartUploads'],
      [client.deleteMulti(['ram/object']), 'oss:DeleteObject'],
    ] as const) {
      const error = await rejection(call);
      expect(error).toMatchObject({ status: 403, code: 'AccessDenied' });
      expect(error.message).toContain(action);
    }
  });

  test('abort, list parts, list uploads and delete-multiple have their own actions', async () => {
    const writerClient = ossClient(server, {}, writer);
    const client = ossClient(server, {}, cleaner);
    const init = await writerClient.initMultipartUpload('ram/cleanup');
    expect((await client.listUploads({ prefix: 'ram/cleanup' })).uploads).toHaveLength(1);
    expect((await client.listParts('ram/cleanup', init.uploadId, ALL_PARTS)).parts).toEqual([]);
    await client.abortMultipartUpload('ram/cleanup', init.uploadId);
    expect((await client.deleteMulti(['ram/object'])).deleted).toHaveLength(1);
    expect(await rejection(client.initMultipartUpload('ram/denied'))).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});
