// `npm start`, the README's main job: the built start script, run twice as a user would.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runStart } from '../../../tools/fc-runner/start';
import { INTERRUPTED } from '../../../tools/process/run-main';
import { REPO_ROOT } from '../../support/repo';

const root = REPO_ROOT;
const dir = mkdtempSync(join(tmpdir(), 'oss-sink-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (args: string[] = []) =>
  promisify(execFile)(process.execPath, [join(root, 'dist', 'tools', 'start.js'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, OSS_LOCAL_DIR: dir },
    maxBuffer: 1 << 20,
  });

test('writes an object per topic-partition of every sample event and compacts them, then recognises them all on a second run', async () => {
  const first = await start();
  expect(first.stdout).toContain('+ kafka-archive/orders/0/0000000000000000100-0000000000000000102.json  3 records');
  expect(first.stdout).toContain('+ kafka-archive/clicks/0/0000000000000000009-0009007199254740993.json  2 records');
  expect(first.stdout).toMatch(
    /\+ kafka-archive\/large-values\/0\/0000000000000000001-0000000000000000001\.json {2}1 records, 6291\d{3} bytes, created/,
  );
  expect(first.stdout).toContain('1 value(s) truncated (overflowFlag true)');
  expect(first.stdout).toContain(
    '= kafka-archive/payments/2/0000000000000000500-0000000000000000502.json  3 records, 513 bytes, already-stored',
  );
  expect(first.stdout).toContain('1200 records in 12 objects under kafka-archive/page-views/0/');
  expect(first.stdout).toContain('21 objects in oss://local-bucket/kafka-archive/');
  // The compaction function merges the busy partition's 12 batch objects into one, and each other partition's into one.
  expect(first.stdout).toMatch(
    /\+ compacted\/page-views\/dt=2026-11-18\/hour=11\/0-0{19}-0{15}1199\.jsonl\.gz {2}1200 records, \d+ bytes, created/,
  );
  expect(first.stdout).toContain('9 partitions: 20 batch objects → 9 compacted objects, 1216 records');
  expect(first.stdout).toContain('9 partitions: 0 batch objects → 0 compacted objects, 0 records');
  expect(first.stdout).toContain('9 compacted objects in oss://local-bucket/compacted/');

  const second = await start();
  expect(second.stdout).not.toContain('created');
  expect(second.stdout.match(/already-stored/g)).toHaveLength(9);
  expect(second.stdout).toContain('21 objects in oss://local-bucket/kafka-archive/');
  expect(second.stdout).not.toMatch(/[1-9]\d* compacted objects, [1-9]/);
  expect(second.stdout).toContain('9 compacted objects in oss://local-bucket/compacted/');
});

test('Ctrl-C stops it after the delivery in progress: exit 130, a closing line, the server closed, nothing half-written', async () => {
  const localDir = mkdtempSync(join(tmpdir(), 'oss-sink-start-interrupted-'));
  const previous = process.env.OSS_LOCAL_DIR;
  process.env.OSS_LOCAL_DIR = localDir;
  const controller = new AbortController();
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.join(' '));
    if (String(args[0]).startsWith('\n▶')) controller.abort(); // as Ctrl-C during the first delivery would
  });
  try {
    expect(await runStart([], controller.signal)).toBe(INTERRUPTED);
    expect(lines.filter((line) => line.startsWith('\n▶'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\nInterrupted after 1 of 7 deliveries; 1 objects are stored under .*local-bucket\/\.$/);
    const endpoint = /Local OSS server: (http:\/\/[\d.:]+)/.exec(lines[0] ?? '')?.[1];
    await expect(fetch(`${endpoint}/`)).rejects.toThrow();
    const files = readdirSync(localDir, { recursive: true }).map(String);
    expect(files.filter((file) => file.includes('@tmp'))).toEqual([]);
  } finally {
    log.mockRestore();
    if (previous === undefined) delete process.env.OSS_LOCAL_DIR;
    else process.env.OSS_LOCAL_DIR = previous;
    rmSync(localDir, { recursive: true, force: true });
  }
});

test('an option without --messages is a usage error that points to the simulator, and nothing runs', async () => {
  await expect(start(['--partitions', '3'])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('npm start takes no options here (got --partitions 3)'),
    stdout: '',
  });
});
