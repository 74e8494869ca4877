// The function bundle leaves out library code the function never runs (tools/build/stand-ins.cjs).
// These tests build ali-oss with the function plugins, as the function bundle has it, and use it
// against the local OSS server.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type OSS from 'ali-oss';
import { build, type Metafile } from 'esbuild';
import { libraryConsoleToDebugLog } from '../../../tools/build/library-console.cjs';
import { STAND_INS, standIns } from '../../../tools/build/stand-ins.cjs';
import { LOCAL_DEV_CREDENTIAL, type LocalOssServer, startLocalOssServer } from '../../../tools/oss-emulator';
import { REPO_ROOT } from '../../support/repo';

const dir = mkdtempSync(join(tmpdir(), 'oss-sink-stand-ins-'));
const BUCKET = 'stand-in-bucket';
let server: LocalOssServer;
let lean: { OSS: typeof OSS; metafile: Metafile };

/** `contents` (CommonJS, resolved from the repository) bundled as the function bundle is, loaded from a file. */
async function bundle(name: string, contents: string) {
  const outfile = join(dir, `${name}.js`);
  const result = await build({
    stdin: { contents, resolveDir: REPO_ROOT, sourcefile: `${name}-entry.js` },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['proxy-agent'],
    plugins: [standIns(), libraryConsoleToDebugLog()],
    metafile: true,
    logLevel: 'silent',
  });
  return { module: require(outfile) as unknown, metafile: result.metafile };
}

beforeAll(async () => {
  server = await startLocalOssServer({ dir: null, buckets: [BUCKET] });
  const built = await bundle('lean-ali-oss', "module.exports = require('ali-oss');");
  lean = { OSS: built.module as typeof OSS, metafile: built.metafile };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const inputs = () => Object.keys(lean.metafile.inputs);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();

describe('what is left out', () => {
  it.each(STAND_INS.map((s) => s.module))('%s: replaced by its stand-in', (module) => {
    expect(inputs().filter((input) => input.includes(`node_modules/${module}/`))).toEqual([]);
    expect(inputs()).toContainEqual(expect.stringMatching(new RegExp(`tools/build/stand-ins/${module}\\.cjs$`)));
  });

  it('only for the importer named: anything else that imports the module gets the real one', async () => {
    const { metafile } = await bundle('other-importer', "module.exports = require('object-inspect')({ a: 1 });");
    expect(Object.keys(metafile.inputs)).toContainEqual(expect.stringMatching(/node_modules\/object-inspect\/index\.js$/));
  });
});

describe('ali-oss built with the stand-ins still does what the sink asks of it', () => {
  const client = () =>
    new lean.OSS({
      bucket: BUCKET,
      region: `oss-${server.region}`,
      endpoint: server.endpoint,
      accessKeyId: LOCAL_DEV_CREDENTIAL.accessKeyId,
      accessKeySecret: LOCAL_DEV_CREDENTIAL.accessKeySecret,
      authorizationV4: true,
    } as OSS.Options);
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as { name: string; status: number; code: string; requestId: string; message: string },
    );

  it('put (a Buffer) and head, with the User-Agent it builds', async () => {
    const put = await client().put('a.json', Buffer.from('[1]'), { headers: { 'x-oss-forbid-overwrite': 'true' } } as OSS.PutObjectOptions);
    expect(put.res.status).toBe(200);
    const head = await client().head('a.json');
    expect((head.res.headers as Record<string, string>).etag).toBe(`"${md5(Buffer.from('[1]')).toString('hex').toUpperCase()}"`);
    expect(await server.getObject(BUCKET, 'a.json')).toEqual(Buffer.from('[1]'));
    expect((client() as unknown as { userAgent: string }).userAgent).toBe(
      `aliyun-sdk-nodejs/${require('ali-oss/package.json').version} Node.js ${process.versions.node} on ${process.platform} ${process.arch}`,
    );
  });

  it('putStream, with Content-MD5', async () => {
    const body = Buffer.from('[2,3]');
    await client().putStream('b.json', Readable.from([body]), {
      contentLength: body.length,
      headers: { 'Content-MD5': md5(body).toString('base64') },
    } as OSS.PutStreamOptions);
    expect(await server.getObject(BUCKET, 'b.json')).toEqual(body);
  });

  it('a 403 with OSS error XML: parsed into code, message and request id', async () => {
    server.faults.add({
      method: 'PUT',
      times: 1,
      fault: { status: 403, code: 'AccessDenied', message: 'You have no right to access this object.' },
    });
    expect(await failureOf(client().put('c.json', Buffer.from('[]')))).toMatchObject({
      name: 'AccessDeniedError',
      status: 403,
      code: 'AccessDenied',
      message: 'You have no right to access this object.',
      requestId: expect.stringMatching(/^[0-9A-F]{24}$/),
    });
  });

  it('a 409 for a key that exists under x-oss-forbid-overwrite', async () => {
    await client().put('d.json', Buffer.from('[4]'));
    const failure = await failureOf(
      client().put('d.json', Buffer.from('[5]'), { headers: { 'x-oss-forbid-overwrite': 'true' } } as OSS.PutObjectOptions),
    );
    expect(failure).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect(await server.getObject(BUCKET, 'd.json')).toEqual(Buffer.from('[4]'));
  });
});

describe('the iconv-lite stand-in decodes as iconv-lite does', () => {
  // The iconv-lite that urllib inside ali-oss would load.
  const fromAliOss = createRequire(require.resolve('ali-oss'));
  const iconv = createRequire(fromAliOss.resolve('urllib'))('iconv-lite') as {
    encode(text: string, charset: string): Buffer;
    decode(bytes: Buffer, charset: string): string;
  };
  const standIn = require('../../../tools/build/stand-ins/iconv-lite.cjs') as { decode(bytes: Buffer, charset: string): string };
  it.each([
    ['gbk', '数据 中文'],
    ['gb18030', '数据 中文 €'],
    ['big5', '資料 中文'],
    ['shift_jis', '日本語 データ'],
    ['euc-kr', '데이터 한국어'],
    ['latin1', 'café déjà'],
    ['windows-1252', 'café déjà'],
    ['utf-8', '数据 café ☕'],
    ['utf-16le', '数据 café ☕'],
  ])('%s', (charset, text) => {
    const bytes = iconv.encode(text, charset);
    expect(iconv.decode(bytes, charset)).toBe(text);
    expect(standIn.decode(bytes, charset)).toBe(text);
  });

  it('drops a byte-order mark, as iconv-lite does by default', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]);
    expect(standIn.decode(bytes, 'utf-8')).toBe(iconv.decode(bytes, 'utf-8'));
  });

  it('throws on a charset it does not know, as iconv-lite does (urllib then keeps the bytes)', () => {
    expect(() => iconv.decode(Buffer.from('x'), 'no-such-charset')).toThrow();
    expect(() => standIn.decode(Buffer.from('x'), 'no-such-charset')).toThrow(/no-such-charset/);
  });
});

it('the xmlbuilder stand-in fails loudly if XML building is ever asked of it', () => {
  const standIn = require('../../../tools/build/stand-ins/xmlbuilder.cjs') as { create(): unknown };
  expect(() => standIn.create()).toThrow(/xml2js.Builder is not part of this bundle/);
});
