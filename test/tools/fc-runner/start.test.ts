// `npm start`, the README's main job: the built start script, run twice as a user would.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/repo';

const root = REPO_ROOT;
const dir = mkdtempSync(join(tmpdir(), 'oss-sink-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = () =>
  promisify(execFile)(process.execPath, [join(root, 'dist', 'tools', 'start.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, OSS_LOCAL_DIR: dir },
    maxBuffer: 1 << 20,
  });

test('writes an object per topic-partition of every sample event, then recognises them all on a second run', async () => {
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
  expect(first.stdout).toContain('9 objects in oss://local-bucket/kafka-archive/');

  const second = await start();
  expect(second.stdout).not.toContain('created');
  expect(second.stdout.match(/already-stored/g)).toHaveLength(9);
  expect(second.stdout).toContain('9 objects in oss://local-bucket/kafka-archive/');
});
