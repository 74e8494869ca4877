// The built function keeps its heavy codecs (zstd, Parquet) in codecs.js beside the handler, and
// loads them only when a setting or an archived object needs them (the formats integration tests
// write zstd and Parquet through the built function, which loads them from there).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/repo';

const folder = join(REPO_ROOT, 'dist', 'oss-sink');
const loaded = (script: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['-e', `${script};process.stdout.write(JSON.stringify(Object.keys(require.cache).map((k)=>require('path').basename(k))))`],
      {
        cwd: folder,
        encoding: 'utf8',
      },
    ),
  ) as string[];

it('ships the codecs as a file of their own in the function folder', () => {
  expect(existsSync(join(folder, 'index.js'))).toBe(true);
  expect(existsSync(join(folder, 'codecs.js'))).toBe(true);
});

it('does not load them with the handler', () => {
  expect(loaded("require('./index.js')")).toEqual(['index.js']);
});
