import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, REPO_ROOT, VALID_ENV, type Workspace } from './template-workspace';

const CLI = join(REPO_ROOT, 'dist', 'tools', 'check-deploy.js');
const SECRET = 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0';

/** Runs the built `npm run check:deploy` entry point in a project folder with exactly the given environment. */
function runCli(cwd: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run npm run build before the tests (npm test does)`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

describe('check-deploy CLI', () => {
  let workspace: Workspace;
  beforeAll(() => {
    workspace = makeWorkspace();
  });
  afterAll(() => workspace.remove());

  test('exits 0 with a one-line summary when s.yaml is ready', async () => {
    const { code, stdout, stderr } = await runCli(workspace.dir, VALID_ENV);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(
      /^OK function kafka-oss-sink \(nodejs20, 512 MB, 60 s\) in cn-hangzhou: .* -> oss:\/\/archive-bucket\/kafka\/\nOK function kafka-oss-sink-compactor .* -> oss:\/\/archive-bucket\/compacted\/\n$/,
    );
  });

  test('exits 1 listing every problem, without printing the AccessKey secret', async () => {
    const { code, stdout, stderr } = await runCli(workspace.dir, {
      ...VALID_ENV,
      ROLE_ARN: '',
      KAFKA_CONCURRENCY: '5',
      OSS_ACCESS_KEY_SECRET: SECRET,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${join(workspace.dir, 's.yaml')} is not ready to deploy (2 problems):\n` +
        '- vars.concurrency (KAFKA_CONCURRENCY) = 5: Consumer Thread Concurrency must be one of 1, 2, 3, 6, 12\n' +
        '- vars.accessKeyId (OSS_ACCESS_KEY_ID) is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither\n',
    );
    expect(stderr).not.toContain(SECRET);
  });

  test('takes the template path as its argument', async () => {
    const missing = await runCli(REPO_ROOT, VALID_ENV, [join(workspace.dir, 'other.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('other.yaml not found');
  });

  test('--help prints the usage and exits 0; a usage mistake exits 2 with a one-line hint', async () => {
    const help = await runCli(workspace.dir, {}, ['--help']);
    expect(help).toEqual({ code: 0, stdout: expect.stringMatching(/^usage: npm run check:deploy \[-- <path to s\.yaml>\]/), stderr: '' });
    expect(help.stdout).toContain('Exit codes: 0 ready to deploy');

    for (const args of [['--fix'], ['s.yaml', 'other.yaml'], ['-x']]) {
      const wrong = await runCli(workspace.dir, VALID_ENV, args);
      expect(wrong).toEqual({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(/^check:deploy: .*\. usage: npm run check:deploy \[-- <path to s\.yaml>\]/),
      });
      expect(wrong.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
