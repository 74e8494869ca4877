// `npm run bench` as a person runs it: wrong command lines, and Ctrl-C in the middle of a section,
// which must end with an "interrupted" line and nothing left in the temp dir.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTERRUPTED } from '../../tools/process/run-main';
import { REPO_ROOT } from '../support/repo';

const BENCH = join(REPO_ROOT, 'dist', 'bench', 'bench.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oss-sink-bench-test-'));
  dirs.push(dir);
  return dir;
}

test.each([
  [['--only', 'nothing'], '--only: no section nothing'],
  [['--chart', 'chart.png'], '--chart writes an SVG file: give a path ending in .svg, got chart.png'],
  [['--only', 'handler', '--chart', 'x.svg'], '--chart draws the batch-size section, which --only leaves out'],
  [['--fast'], "Unknown option '--fast'"],
])('exits 2 on a wrong command line %j, with the usage', async (args, message) => {
  const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(process.execPath, [BENCH, ...args], { cwd: REPO_ROOT }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stderr }),
    ),
  );
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr).toContain('usage: npm run bench -- [--json] [--chart <file.svg>] [--no-goals] [--only <');
});

/** Starts the bench with its own temp dir, and sends Ctrl-C's signal `delayMs` after stderr shows `when`. */
async function interruptWhen(args: string[], when: RegExp, delayMs = 0): Promise<{ code: number | null; stderr: string; temp: string }> {
  const temp = tempDir();
  const child: ChildProcess = spawn(process.execPath, [BENCH, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, TMPDIR: temp } });
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (when.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), delayMs).unref();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr, temp };
}

test('Ctrl-C during a section: exit 130, an interrupted line, nothing left in the temp dir', async () => {
  const { code, stderr, temp } = await interruptWhen(['--only', 'handler'], /handler: cloudevents: run 1 of/);
  expect(code).toBe(INTERRUPTED);
  expect(stderr).toContain('Interrupted: stopping and cleaning up');
  expect(stderr).toMatch(/bench › interrupted; removed .*oss-sink-bench-/);
  expect(readdirSync(temp)).toEqual([]);
});

test('Ctrl-C while a batch runs in its own process: that process ends too', async () => {
  const { code, stderr, temp } = await interruptWhen(['--only', 'batch-size'], /batch-size: 1 MiB batch/, 500);
  expect(code).toBe(INTERRUPTED);
  expect(stderr).toMatch(/bench › interrupted; removed/);
  expect(readdirSync(temp)).toEqual([]);
  // The batch process is started with its batch files, which lie in the temp dir.
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(processes).not.toContain(temp);
});
