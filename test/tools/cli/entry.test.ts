import { REPO_ROOT } from '../../support/repo';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_KEY_ID, ACCOUNT_ID, SECRET, TOKEN, useFcStandIn } from './cli-harness';

// The command as shipped: `npm test` builds dist/ before running the tests.
const bundle = join(REPO_ROOT, 'dist/tools/kafka-oss-sink.js');
const { standIn, dirs, endpoint } = useFcStandIn();

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
});

/** Runs a script in an empty folder holding an s.yaml of no vars, so that no s.yaml above it counts. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = dirs.make();
  writeFileSync(join(cwd, 's.yaml'), 'vars: {}\n');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, cwd }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

const runBundle = (args: string[], env: NodeJS.ProcessEnv) => runScript(bundle, args, env);

test('the bundled command starts with a node shebang, runs a command and sets the exit code', async () => {
  expect(readFileSync(bundle, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  const env = {
    PATH: process.env.PATH,
    HOME: dirs.make(),
    ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
    ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT_ID,
  };

  standIn.responder = () => ({ body: { accepted: 1 } });
  const sent = await runBundle(
    ['send-test', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint(), '--value', 'v', '--topic', 't'],
    env,
  );
  expect(sent.stderr).toBe('');
  expect(sent.code).toBe(0);
  expect(sent.stdout).toContain('"accepted": 1');
  expect(standIn.requests[0]?.path).toBe('/2023-03-30/functions/f/invocations');

  const wrong = await runBundle(['status', '--nope'], env);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain("Unknown option '--nope' for 'status'.");

  standIn.responder = () => ({ status: 404, body: { Code: 'FunctionNotFound', Message: 'gone' } });
  const failed = await runBundle(['status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint()], env);
  expect(failed.code).toBe(1);
  expect(failed.stdout + failed.stderr).not.toContain(SECRET);
});

test("the package's kafka-oss-sink command is a committed launcher that runs the built CLI", async () => {
  const { bin } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const launcher = join(REPO_ROOT, bin['kafka-oss-sink'] ?? '');
  expect(bin['kafka-oss-sink']).toBe('tools/cli/bin.js');
  expect(readFileSync(launcher, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  expect(statSync(launcher).mode & 0o111).not.toBe(0);
  const help = await runScript(launcher, ['send-test', '--help'], { PATH: process.env.PATH });
  expect(help).toMatchObject({ code: 0, stderr: '' });
  expect(help.stdout).toMatch(/^Usage: kafka-oss-sink send-test/);
});

test('before the build, the command says which command builds it, and exits 1', async () => {
  const checkout = dirs.make();
  mkdirSync(join(checkout, 'tools', 'cli'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'tools', 'cli', 'bin.js'), join(checkout, 'tools', 'cli', 'bin.js'));
  const run = await runScript(join(checkout, 'tools', 'cli', 'bin.js'), ['status'], { PATH: process.env.PATH });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(
    /^kafka-oss-sink is not built yet \(dist\/tools\/kafka-oss-sink\.js is missing\): run npm run build in \S+, then try again\.\n$/,
  );
});
