import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { objectFilePath, startLocalOssServer, type LocalOssServer } from '../../../tools/oss-emulator';
import { newTempOwner, TempFiles } from '../../../tools/oss-emulator/temp-files';
import { makeTempDir, ossClient, rejection, removeDir, signedRequest } from './oss-server-fixture';

const HIDDEN = '.oss-server';

let dir: string;
let bucketDir: string;
let server: LocalOssServer;

beforeEach(async () => {
  dir = await makeTempDir();
  bucketDir = join(dir, 'local-bucket');
  server = await startLocalOssServer({ dir });
});

afterEach(async () => {
  await server.close();
  await removeDir(dir);
});

/** Every file under the bucket directory outside the hidden folder, as paths relative to it. */
async function browsableFiles(from = bucketDir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const path = join(from, entry.name);
    if (entry.isDirectory() && path !== join(bucketDir, HIDDEN)) files.push(...(await browsableFiles(path)));
    else if (entry.isFile()) files.push(relative(bucketDir, path));
  }
  return files.sort();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

test('an object is the file at its key’s path; its metadata is in the hidden folder', async () => {
  const key = 'kafka-archive/Test/0/0000000000000000004-0000000000000000006.json';
  const body = Buffer.from('[{"offset":4},{"offset":6}]');
  await ossClient(server).put(key, body, { mime: 'application/json', meta: { records: '2' } as never });

  expect(await readFile(join(bucketDir, 'kafka-archive', 'Test', '0', '0000000000000000004-0000000000000000006.json'))).toEqual(body);
  expect(objectFilePath(key)).toEqual(key.split('/'));
  expect(await browsableFiles()).toEqual([join('kafka-archive', 'Test', '0', '0000000000000000004-0000000000000000006.json')]);
  expect((await readdir(bucketDir)).sort()).toEqual([HIDDEN, 'kafka-archive']);
  expect(await readdir(join(bucketDir, HIDDEN, 'meta'))).toHaveLength(1);

  const head = await ossClient(server).head(key);
  expect(head.meta).toEqual({ records: '2' });
  expect(head.res.headers).toMatchObject({ 'content-type': 'application/json' });
});

test('keys that cannot be plain paths are kept encoded in the hidden folder, and listed, read and deleted like others', async () => {
  const client = ossClient(server);
  const keys = ['odd/double//slash', 'folder/', 'time/12:00.json', `${HIDDEN}/inside`, 'caf\u00e9/x', 'trailing./x', 'CON/x'];
  for (const key of keys) {
    const response = await signedRequest(server, 'PUT', `/${encodeURIComponent(key)}`, key, Buffer.from(key));
    expect(response.status).toBe(200);
  }
  expect(await browsableFiles()).toEqual([]);
  expect(await readdir(join(bucketDir, HIDDEN, 'objects'))).toHaveLength(keys.length);
  expect(await server.listKeys('local-bucket')).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  for (const key of keys) {
    expect((await client.get(key)).content.toString()).toBe(key);
    expect(objectFilePath(key).slice(0, 2)).toEqual([HIDDEN, 'objects']);
  }
  for (const key of keys) await client.delete(key);
  expect(await server.listKeys('local-bucket')).toEqual([]);
  expect(await readdir(join(bucketDir, HIDDEN, 'objects'))).toEqual([]);
  expect(await readdir(join(bucketDir, HIDDEN, 'meta'))).toEqual([]);
});

test('keys "a" and "a/b" coexist in either order: the later one is encoded, and stays there until deleted', async () => {
  const client = ossClient(server);
  await client.put('clash/a', Buffer.from('A'));
  await client.put('clash/a/b', Buffer.from('AB'));
  await client.put('other/c/d', Buffer.from('CD'));
  await client.put('other/c', Buffer.from('C'));
  expect(await browsableFiles()).toEqual([join('clash', 'a'), join('other', 'c', 'd')]);
  expect(await server.listKeys('local-bucket')).toEqual(['clash/a', 'clash/a/b', 'other/c', 'other/c/d']);
  expect((await client.get('clash/a/b')).content.toString()).toBe('AB');
  expect((await client.get('other/c')).content.toString()).toBe('C');

  // With "clash/a" gone its path is free, yet "clash/a/b" is still the encoded object: it exists once, and counts.
  await client.delete('clash/a');
  const refused = await rejection(client.put('clash/a/b', Buffer.from('again'), { headers: { 'x-oss-forbid-overwrite': 'true' } }));
  expect(refused).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
  await client.put('clash/a/b', Buffer.from('AB2'));
  expect(await browsableFiles()).toEqual([join('other', 'c', 'd')]);
  expect((await client.get('clash/a/b')).content.toString()).toBe('AB2');
  expect(await server.listKeys('local-bucket', 'clash/')).toEqual(['clash/a/b']);
});

test('a symlink inside the bucket directory is never followed, for reads, writes or listings', async () => {
  const outside = await makeTempDir();
  try {
    await writeFile(join(outside, 'secret'), 'not an object');
    await symlink(outside, join(bucketDir, 'linked'), 'dir');
    const client = ossClient(server);
    expect(await rejection(client.get('linked/secret'))).toMatchObject({ status: 404 });
    await client.put('linked/written', Buffer.from('inside'));
    expect(await readdir(outside)).toEqual(['secret']);
    expect(await server.listKeys('local-bucket', 'linked/')).toEqual(['linked/written']);
    expect((await client.get('linked/written')).content.toString()).toBe('inside');
  } finally {
    await removeDir(outside);
  }
});

test('deleting an object removes the folders it leaves empty, never the bucket directory', async () => {
  const client = ossClient(server);
  await client.put('deep/a/b/c.json', Buffer.from('1'));
  await client.put('deep/a/other.json', Buffer.from('2'));
  await client.delete('deep/a/b/c.json');
  expect(await exists(join(bucketDir, 'deep', 'a', 'b'))).toBe(false);
  expect(await exists(join(bucketDir, 'deep', 'a', 'other.json'))).toBe(true);
  await client.delete('deep/a/other.json');
  expect((await readdir(bucketDir)).sort()).toEqual([HIDDEN]);
});

test('a file put into the bucket directory by hand is an object, served as plain bytes', async () => {
  await mkdir(join(bucketDir, 'by-hand'));
  await writeFile(join(bucketDir, 'by-hand', 'notes.txt'), 'hello');
  const head = await ossClient(server).head('by-hand/notes.txt');
  expect(head.res.headers).toMatchObject({
    'content-type': 'application/octet-stream',
    etag: `"${createHash('md5').update('hello').digest('hex').toUpperCase()}"`,
  });
  expect(await server.listKeys('local-bucket', 'by-hand/')).toEqual(['by-hand/notes.txt']);
});

test('metadata that does not belong to the data file in place (another version) is not used', async () => {
  const client = ossClient(server);
  await client.put('versions/k', Buffer.from('first'), { mime: 'application/json' });
  // The data file replaced behind the store's back: its metadata no longer applies.
  await unlink(join(bucketDir, 'versions', 'k'));
  await writeFile(join(bucketDir, 'versions', 'k'), 'second');
  const got = await client.get('versions/k');
  expect(got.content.toString()).toBe('second');
  expect(got.res.headers).toMatchObject({ 'content-type': 'application/octet-stream' });
});

test('two servers on one directory (two stores, two locks): of racing forbid-overwrite PUTs exactly one wins', async () => {
  const second = await startLocalOssServer({ dir });
  try {
    for (const key of ['race/plain.json', 'race/encoded:key']) {
      const bodies = Array.from({ length: 10 }, (_, i) => Buffer.from(`writer ${i}`));
      const results = await Promise.allSettled(
        bodies.map((body, i) => ossClient(i % 2 === 0 ? server : second).put(key, body, { headers: { 'x-oss-forbid-overwrite': 'true' } })),
      );
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      expect((await second.getObject('local-bucket', key))?.toString()).toBe(`writer ${winners[0]}`);
    }
  } finally {
    await second.close();
  }
});

test('a multipart upload in progress lives in the hidden folder and survives a restart', async () => {
  const key = 'mp/restart.bin';
  const part = Buffer.alloc(100 * 1024, 'p');
  const init = await ossClient(server).initMultipartUpload(key, { mime: 'text/plain' });
  const uploaded = await ossClient(server).uploadPart(key, init.uploadId, 1, part, 0, part.length);
  expect(await browsableFiles()).toEqual([]);
  expect(await readdir(join(bucketDir, HIDDEN, 'uploads'))).toEqual([init.uploadId]);
  await server.close();

  server = await startLocalOssServer({ dir });
  const client = ossClient(server);
  expect((await client.listUploads({})).uploads).toEqual([expect.objectContaining({ name: key, uploadId: init.uploadId })]);
  await client.completeMultipartUpload(key, init.uploadId, [{ number: 1, etag: uploaded.etag }], {
    headers: { 'x-oss-forbid-overwrite': 'true' },
  });
  expect(await readFile(join(bucketDir, 'mp', 'restart.bin'))).toEqual(part);
  expect((await client.head(key)).res.headers).toMatchObject({ 'content-type': 'text/plain', 'x-oss-object-type': 'Multipart' });
  expect(await readdir(join(bucketDir, HIDDEN, 'uploads'))).toEqual([]);
});

test('temp files a dead process left are removed when a server opens the directory; a running one’s are kept', async () => {
  await server.close();
  const temp = join(bucketDir, HIDDEN, 'tmp');
  const host = newTempOwner().split('.')[0];
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  const dead = `${host}.${deadPid}.aaaaaaaa.0123456789abcdef`;
  const live = `${host}.${process.pid}.bbbbbbbb.0123456789abcdef`;
  await writeFile(join(temp, dead), 'half a write');
  await mkdir(join(temp, `${host}.${deadPid}.aaaaaaaa.fedcba9876543210`));
  await writeFile(join(temp, live), 'a write in progress');
  await writeFile(join(temp, 'unknown.name'), 'not the store’s');

  server = await startLocalOssServer({ dir });
  expect(await readdir(temp)).toEqual([live]);
  await server.close();
  expect(await readdir(temp)).toEqual([live]);
  server = await startLocalOssServer({ dir: null });
});

test('closing a store removes the temp files it still has', async () => {
  const temp = join(dir, 'temp-unit');
  const mine = await TempFiles.open(temp, newTempOwner());
  const other = await TempFiles.open(temp, newTempOwner());
  const left = await mine.write('cut short');
  const kept = await other.write('still in use');
  await mine.removeOwn();
  expect(await exists(left.path)).toBe(false);
  expect(await exists(kept.path)).toBe(true);
});

test('a directory written by the old layout (name@ folders, @meta.json and @tmp- files) does not stop the server', async () => {
  await server.close();
  const old = join(bucketDir, 'kafka-archive@', 'Test@', '0@');
  await mkdir(old, { recursive: true });
  await writeFile(join(old, '0000000000000000004-0000000000000000006.json'), '[]');
  await writeFile(join(old, '0000000000000000004-0000000000000000006.json@meta.json'), '{"key":"kafka-archive/Test/0/x"}');
  await writeFile(join(old, '0000000000000000004-0000000000000000006.json@tmp-0123'), '[');

  server = await startLocalOssServer({ dir });
  const client = ossClient(server);
  const key = 'kafka-archive/Test/0/0000000000000000004-0000000000000000006.json';
  await client.put(key, Buffer.from('[{"offset":4}]'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
  expect((await client.get(key)).content.toString()).toBe('[{"offset":4}]');
  expect(await server.listKeys('local-bucket', 'kafka-archive/')).toEqual([key]);
  expect((await server.listKeys('local-bucket')).length).toBeGreaterThan(1);
});

test('a bucket path that is a file is refused with the path named', async () => {
  await writeFile(join(dir, 'file-bucket'), 'x');
  await expect(startLocalOssServer({ dir, buckets: ['file-bucket'] })).rejects.toThrow(
    `cannot use ${join(dir, 'file-bucket')} as a bucket directory`,
  );
});
