import { REPO_ROOT } from '../../support/repo';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_KEY_ID, ACCOUNT_ID, SECRET, TOKEN, useFcStandIn } from './cli-harness';

// The command as shipped: `npm test` builds dist/ before running the tests.
const bundle = join(REPO_ROOT, 'dist/tools/kafka-oss-sink.js');
const { standIn, dirs, endpoint } = useFcStandIn();

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
});

function runBundle(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...args], { env, cwd: dirs.make() }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

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
  expect(wrong.stderr).toContain("Unknown option '--nope'.");

  standIn.responder = () => ({ status: 404, body: { Code: 'FunctionNotFound', Message: 'gone' } });
  const failed = await runBundle(['status', '--function', 'f', '--region', 'cn-hangzhou', '--endpoint', endpoint()], env);
  expect(failed.code).toBe(1);
  expect(failed.stdout + failed.stderr).not.toContain(SECRET);
});
