// `npm run invoke`: the built script, against the embedded OSS server.
import { REPO_ROOT } from '../../support/repo';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = REPO_ROOT;
const dir = mkdtempSync(join(tmpdir(), 'oss-sink-invoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function invoke(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'dist', 'tools', 'invoke.js'), ...args],
      { cwd: root, env: { PATH: process.env.PATH, OSS_LOCAL_DIR: join(dir, 'oss'), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

test('invokes the built function with an event file and prints its summary', async () => {
  const run = await invoke(['--event-file', 'events/rawdata.json']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ records: 3, objects: 2, created: 2 });
  expect(run.stderr).toContain('"event":"batch stored"');
});

test("exits 1 with the function's error when the event is rejected (FAILURE_POLICY=stop)", async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '[{"topic":"t","partition":0,"offset":-5,"timestamp":1,"value":"v"}]');
  const run = await invoke(['--event-file', bad], { FAILURE_POLICY: 'stop' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    'Invocation failed: The trigger event was rejected; nothing was written. element 0 (RawData message) field offset',
  );
});

test.each([
  [[], 'usage: npm run invoke -- --event-file <file.json>'],
  [['--event-file', 'no/such/file.json'], 'cannot read the event file no/such/file.json'],
  [['--event-file', 'events/rawdata.json', '--timeout', 'soon'], '--timeout must be a whole number of seconds, got "soon"'],
])('exits 2 on a wrong command line %j', async (args, message) => {
  const run = await invoke(args);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});
