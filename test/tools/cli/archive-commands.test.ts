// `kafka-oss-sink export` and `verify` as the operator types them: the function's variables (or
// the options, or an `s config add` alias) find the archive on the local OSS server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DEV_CREDENTIAL } from '../../../tools/oss-emulator';
import { BUCKET, ossPerTest } from '../../support/sink-fixture';
import { archiveEnv, exportedLines, pad, plant, record } from '../archive/archive-fixture';
import { runWith, TempDirs } from './cli-harness';

const oss = ossPerTest();
const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

async function twoObjects() {
  await plant(oss.server, `archive/orders/0/${pad(0)}-${pad(1)}.json`, [record(0), record(1)]);
  await plant(oss.server, `archive/orders/0/${pad(2)}-${pad(2)}.json`, [record(2)]);
}

/** A redelivery stored by a writer that did not look for archived ranges: offset 1 twice, same content. */
async function overlappingObjects() {
  await plant(oss.server, `archive/orders/0/${pad(0)}-${pad(1)}.json`, [record(0), record(1)]);
  await plant(oss.server, `archive/orders/0/${pad(1)}-${pad(2)}.json`, [record(1), record(2)]);
}

describe('export and verify from the command line', () => {
  it('export: each offset once, from the variables the function has', async () => {
    await overlappingObjects();
    const cwd = dirs.make();
    const { code, stdout, stderr } = await runWith(['export', '--topic', 'orders'], { HOME: cwd, ...archiveEnv(oss.server) }, cwd);
    expect(stderr).toContain('exported 3 message(s) of orders');
    expect(code).toBe(0);
    expect(exportedLines(stdout).map((line) => [line.offset, line.value])).toEqual([
      ['0', 'value 0'],
      ['1', 'value 1'],
      ['2', 'value 2'],
    ]);
  });

  it('options win over the variables: --bucket, --prefix, --oss-endpoint, --region', async () => {
    await plant(oss.server, `elsewhere/orders/0/${pad(5)}-${pad(5)}.json`, [record(5)]);
    const cwd = dirs.make();
    const env = {
      HOME: cwd,
      OSS_BUCKET: 'not-this-bucket',
      OSS_PREFIX: 'archive',
      OSS_ENDPOINT: 'http://127.0.0.1:1',
      OSS_ACCESS_KEY_ID: LOCAL_DEV_CREDENTIAL.accessKeyId,
      OSS_ACCESS_KEY_SECRET: LOCAL_DEV_CREDENTIAL.accessKeySecret,
    };
    const { code, stdout } = await runWith(
      [
        'export',
        '--topic',
        'orders',
        '--bucket',
        BUCKET,
        '--prefix',
        'elsewhere',
        '--oss-endpoint',
        oss.server.endpoint,
        '--region',
        oss.server.region,
      ],
      env,
      cwd,
    );
    expect(code).toBe(0);
    expect(exportedLines(stdout).map((line) => line.offset)).toEqual(['5']);
  });

  it('verify: exit 1 and the offending object when an offset is stored twice with different content', async () => {
    await plant(oss.server, `archive/orders/0/${pad(0)}-${pad(1)}.json`, [record(0), record(1)]);
    await plant(oss.server, `archive/orders/0/${pad(1)}-${pad(1)}.json`, [record(1, { value: 'another value' })]);
    const cwd = dirs.make();
    const { code, stdout } = await runWith(['verify', '--json'], { HOME: cwd, ...archiveEnv(oss.server) }, cwd);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false });
  });

  it('verify: exit 0 on a clean archive', async () => {
    await twoObjects();
    const cwd = dirs.make();
    const { code, stdout } = await runWith(['verify', '--topic', 'orders'], { HOME: cwd, ...archiveEnv(oss.server) }, cwd);
    expect(stdout).toContain('OK: 2 object(s) read');
    expect(code).toBe(0);
  });

  it('reads credentials from an s config alias named by --access', async () => {
    await twoObjects();
    const home = dirs.make();
    mkdirSync(join(home, '.s'));
    writeFileSync(
      join(home, '.s', 'access.yaml'),
      `local:\n  AccessKeyID: ${LOCAL_DEV_CREDENTIAL.accessKeyId}\n  AccessKeySecret: ${LOCAL_DEV_CREDENTIAL.accessKeySecret}\n`,
    );
    const { OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, ...location } = archiveEnv(oss.server);
    const { code, stdout, stderr } = await runWith(['verify', '--access', 'local'], { HOME: home, ...location }, home);
    expect(stderr).toBe('');
    expect(stdout).toContain('OK: 2 object(s) read');
    expect(code).toBe(0);
  });

  it('every wrong setting at once, as a command-line error (exit 2), with nothing read', async () => {
    const cwd = dirs.make();
    const { code, stderr } = await runWith(
      ['export', '--topic', 'orders', '--prefix', '/abs', '--value-data-type', 'Xml', '--key-template', '{{topic}}'],
      { HOME: cwd, OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'a-secret-never-printed' },
      cwd,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('the bucket is not known: set OSS_BUCKET or pass --bucket');
    expect(stderr).toContain('--prefix "/abs" must not start with "/"');
    expect(stderr).toContain('--value-data-type "Xml" must be one of Text, Json, Binary');
    expect(stderr).toContain('key template "{{topic}}"');
    expect(stderr).toContain("Run 'kafka-oss-sink export --help' for its options.");
    expect(stderr).not.toContain('a-secret-never-printed');
    expect(oss.server.requests).toEqual([]);
  });

  it('export without --topic says it is required (exit 2)', async () => {
    const cwd = dirs.make();
    const { code, stderr } = await runWith(['export'], { HOME: cwd, ...archiveEnv(oss.server) }, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain('--topic is required');
  });
});
