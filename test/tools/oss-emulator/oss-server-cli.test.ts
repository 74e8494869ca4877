import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import OSS from 'ali-oss';
import { parseCliOptions } from '../../../tools/oss-emulator/command';
import { makeTempDir, removeDir } from './oss-server-fixture';
import { REPO_ROOT } from '../../support/repo';

describe('flags and environment', () => {
  test('flags win over OSS_LOCAL_* variables, which win over defaults', () => {
    const env = { OSS_LOCAL_PORT: '9100', OSS_LOCAL_DIR: '/from/env', OSS_LOCAL_BUCKET: 'env-bucket', OSS_LOCAL_REGION: 'cn-beijing' };
    expect(parseCliOptions(['--port', '0', '--bucket', 'one, two'], env)).toEqual({
      help: false,
      options: { port: 0, dir: '/from/env', buckets: ['one', 'two'], region: 'cn-beijing' },
    });
    expect(parseCliOptions([], {}).options).toEqual({ port: 9000, dir: '.oss-local', buckets: ['local-bucket'], region: 'cn-hangzhou' });
  });

  test('a bad port or an unknown flag is a clear error', () => {
    expect(() => parseCliOptions(['--port', 'eighty'], {})).toThrow(
      '--port (or OSS_LOCAL_PORT) must be a port number from 0 to 65535; got "eighty"',
    );
    expect(() => parseCliOptions(['--bukket', 'x'], {})).toThrow("Unknown option '--bukket'");
  });
});

describe('the oss-server command', () => {
  let work: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    work = await makeTempDir();
    await build({
      entryPoints: [join(REPO_ROOT, 'tools/oss-emulator/main.ts')],
      outfile: join(work, 'oss-server-cli.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['proxy-agent'],
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await removeDir(work);
  });

  test('prints the endpoint and the local credential, serves ali-oss, logs requests and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [join(work, 'oss-server-cli.js'), '--port', '0', '--dir', join(work, 'data')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /endpoint\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1] && output.includes('Press Ctrl+C')) resolve(match[1]);
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    expect(output).toContain('local-dev-key-id');
    expect(output).toContain('local development only');

    const client = new OSS({
      endpoint,
      bucket: 'local-bucket',
      region: 'oss-cn-hangzhou',
      accessKeyId: 'local-dev-key-id',
      accessKeySecret: 'local-dev-key-secret',
    });
    await client.put('cli/hello.txt', Buffer.from('hi'));
    expect((await client.get('cli/hello.txt')).content.toString()).toBe('hi');

    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toMatch(/PUT local-bucket\/cli\/hello\.txt \(PutObject\) -> 200/);
    expect(readFileSync(join(work, 'data', 'local-bucket', 'cli', 'hello.txt'), 'utf8')).toBe('hi');
    child = undefined;
  });
});
