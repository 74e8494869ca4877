// `npm run invoke`: the built script, against the embedded OSS server, or against an OSS server of the test's own as "real" OSS.
import { REPO_ROOT } from '../../support/repo';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_PREFIX } from '../../../tools/fc-runner/local-defaults';
import { startLocalOssServer } from '../../../tools/oss-emulator';

const root = REPO_ROOT;
const dir = mkdtempSync(join(tmpdir(), 'oss-sink-invoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const USER_KEY_ID = 'LTAI5tUserKeyOfThisTest';
const USER_SECRET = 'user-secret-of-this-test';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function invoke(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'dist', 'tools', 'invoke.js'), ...args],
      { cwd: root, env: { PATH: process.env.PATH, OSS_LOCAL_DIR: join(dir, 'oss'), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const writtenKeys = (run: Run) => (JSON.parse(run.stdout) as { written: { key: string }[] }).written.map((object) => object.key);

test('invokes the built function with an event file and prints its summary', async () => {
  const run = await invoke(['--event-file', 'events/rawdata.json']);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ records: 3, objects: 2 });
  expect(run.stderr).toContain('"event":"batch stored"');
});

test('writes under the same prefix as npm start (LOCAL_PREFIX), unless OSS_PREFIX is set', async () => {
  const run = await invoke(['--event-file', 'events/rawdata.json']);
  expect(run.code).toBe(0);
  expect(writtenKeys(run).every((key) => key.startsWith(LOCAL_PREFIX))).toBe(true);
  expect(run.stderr).toContain(`objects go to oss://local-bucket/${LOCAL_PREFIX}`);

  const own = await invoke(['--event-file', 'events/rawdata.json'], { OSS_PREFIX: 'mine' });
  expect(own.code).toBe(0);
  expect(writtenKeys(own).every((key) => key.startsWith('mine/'))).toBe(true);
});

test('AccessKeys without OSS_ENDPOINT: the embedded server is used, never given the keys, and the note says what was ignored', async () => {
  const run = await invoke(['events/rawdata.json'], { OSS_ACCESS_KEY_ID: USER_KEY_ID, OSS_ACCESS_KEY_SECRET: USER_SECRET });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ records: 3, objects: 2 });
  expect(run.stderr).toContain('OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET are ignored: OSS_ENDPOINT is not set');
  expect(run.stderr).not.toContain(USER_KEY_ID);
  expect(run.stderr).not.toContain(USER_SECRET);
});

test('OSS_ENDPOINT without credentials: the embedded server is used, and the note says why the endpoint was ignored', async () => {
  const run = await invoke(['events/rawdata.json'], {
    OSS_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'half',
  });
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    'OSS_ENDPOINT is ignored: real OSS needs credentials too, and only ALIBABA_CLOUD_ACCESS_KEY_ID is set, not a whole pair',
  );
  expect(run.stderr).toContain('Using the embedded OSS server at http://127.0.0.1:');
});

test('OSS_ENDPOINT and credentials: writes there, with the settings of the environment, as the deployed function would', async () => {
  const server = await startLocalOssServer({
    dir: null,
    buckets: ['their-bucket'],
    credentials: [{ accessKeyId: USER_KEY_ID, accessKeySecret: USER_SECRET }],
  });
  try {
    const run = await invoke(['--event-file', 'events/rawdata.json'], {
      OSS_ENDPOINT: server.endpoint,
      OSS_BUCKET: 'their-bucket',
      OSS_REGION: server.region,
      OSS_ACCESS_KEY_ID: USER_KEY_ID,
      OSS_ACCESS_KEY_SECRET: USER_SECRET,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Writing to real OSS at ${server.endpoint}`);
    expect(await server.listKeys('their-bucket')).toEqual(writtenKeys(run));
    expect(writtenKeys(run).every((key) => !key.startsWith(LOCAL_PREFIX))).toBe(true);
  } finally {
    await server.close();
  }
});

test('the event may be the only argument, or inline JSON with --event', async () => {
  const bare = await invoke(['events/rawdata.json']);
  expect(bare.code).toBe(0);
  const inline = await invoke(['--event', '[{"topic":"t","partition":0,"offset":1,"timestamp":1,"value":"v"}]']);
  expect(inline.code).toBe(0);
  expect(JSON.parse(inline.stdout)).toMatchObject({ records: 1 });
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

test('--function oss-compactor runs the compaction function with a timer event, over what the sink wrote there', async () => {
  const prefix = `compact-${process.pid}`;
  expect((await invoke(['events/rawdata.json'], { OSS_PREFIX: prefix })).code).toBe(0);
  const run = await invoke(['--function', 'oss-compactor', '--event-file', 'events/timer/compact.json'], { OSS_PREFIX: prefix });
  expect(run.stderr).toContain('"event":"compaction done"');
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout) as { triggerName: string; totals: { records: number; compactedObjects: number } };
  expect(summary).toMatchObject({ triggerName: 'compact', totals: { records: 3 } });
  expect(summary.totals.compactedObjects).toBeGreaterThan(0);
});

test('--help prints the usage to stdout and exits 0', async () => {
  const run = await invoke(['--help']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/^usage: npm run invoke -- \(--event-file <file\.json> \| <file\.json> \| --event '<json>'\)/);
});

test.each([
  [[], 'invoke: no event given: pass --event-file <file.json>'],
  [['--event', 'x'], 'invoke: --event takes the event itself as JSON text, and "x" is not JSON. To read it from a file: --event-file x'],
  [['--evnt-file', 'events/rawdata.json'], 'invoke: unknown option --evnt-file. Did you mean --event-file?'],
  [['--event-file'], 'invoke: --event-file needs a value.'],
  [['events/rawdata.json', 'events/cloudevents.json'], 'invoke: one event at a time: got 2 files'],
  [
    ['--event-file', 'events/rawdata.json', 'events/cloudevents.json'],
    'invoke: give the event once: --event-file and events/cloudevents.json',
  ],
  [['--event-file', 'no/such/file.json'], 'invoke: cannot read the event file no/such/file.json'],
  [['--event-file', 'events/rawdata.json', '--timeout', 'soon'], 'invoke: --timeout must be a whole number of seconds, got "soon"'],
  [
    ['events/rawdata.json', '--function', 'oss-compacter'],
    'invoke: there is no built function oss-compacter: the build writes oss-compactor, oss-sink.',
  ],
  [
    ['events/rawdata.json', '--function', 'oss-sink', '--bundle', 'x.js'],
    'invoke: give the function once: --function names a built function, --bundle its file.',
  ],
])('exits 2 on a wrong command line %j, with a one-line hint and the usage', async (args, message) => {
  const run = await invoke(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain(message);
  expect(lines[1]).toMatch(/^usage: npm run invoke -- /);
});
