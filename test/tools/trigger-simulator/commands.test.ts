// The simulator's two commands as people run them: `npm start -- --messages N` (the built start
// script, as a process) and `npm run soak`'s command line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { runSoak } from '../../../tools/trigger-simulator';
import { REPO_ROOT } from '../../support/repo';

const start = (args: string[]) =>
  promisify(execFile)(process.execPath, [join(REPO_ROOT, 'dist', 'tools', 'start.js'), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH },
    maxBuffer: 1 << 20,
  });

test('npm start -- --messages: archives them through the built function, with progress lines and a summary', async () => {
  const { stdout, stderr } = await start(['--messages', '600', '--partitions', '3', '--batch-count', '50']);
  expect(stdout).toMatch(/^Archived 600 messages of 3 partitions in [\d.]+ s: [\d,]+ messages\/s$/m);
  expect(stdout).toMatch(/ {2}objects {8}\d+ records objects created/);
  expect(stdout).toMatch(/ {2}bytes {10}[\d.]+ MiB written/);
  expect(stdout).toMatch(/ {2}peak RSS {7}[\d.]+ MiB in a function instance/);
  expect(stdout).toContain('dead-lettered  0 batches');
  expect(stdout).toContain('ledger         600 produced: 600 archived once, 0 lost, 0 duplicated');
  // Not a terminal: plain progress lines, no bar redrawn in place.
  expect(stderr).toMatch(/^100% {2}600\/600 messages/m);
  expect(stderr).not.toContain('\r');
}, 60_000);

test('npm start -- --messages refuses a wrong value, saying what is allowed', async () => {
  await expect(start(['--messages', 'many'])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('--messages must be a whole number from 1 to 100000000, got "many"'),
  });
});

describe('npm run soak: the command line', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => jest.restoreAllMocks());
  const signal = new AbortController().signal;

  test('refuses a wrong --invocations or --env with exit code 2 and the usage', async () => {
    expect(await runSoak(['--invocations', '0'], signal)).toBe(2);
    expect(errors.join('\n')).toContain('--invocations must be a whole number from 1 to 10000000, got "0"');
    expect(errors.join('\n')).toContain('usage: npm run soak');
    expect(await runSoak(['--env', 'RECORD_FORMAT'], signal)).toBe(2);
    expect(errors.join('\n')).toContain('--env takes KEY=VALUE');
    expect(await runSoak(['--bogus'], signal)).toBe(2);
  });
});
