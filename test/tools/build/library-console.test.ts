// urllib's connection warnings go to its debuglog in the function bundle, and a urllib that prints
// differently stops the build instead of slipping through.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { libraryConsoleToDebugLog } from '../../../tools/build/library-console.cjs';
import { REPO_ROOT } from '../../support/repo';

const dir = mkdtempSync(join(tmpdir(), 'oss-sink-library-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundleUrllib = (resolveDir: string) =>
  build({
    stdin: { contents: "module.exports = require('urllib');", resolveDir, sourcefile: 'entry.js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['proxy-agent'],
    plugins: [libraryConsoleToDebugLog()],
    write: false,
    logLevel: 'silent',
  });

it("sends urllib's two console.warn calls to its debuglog('urllib')", async () => {
  const original = readFileSync(require.resolve('urllib/lib/urllib.js', { paths: [require.resolve('ali-oss')] }), 'utf8');
  expect(original).toMatch(/console\.warn\(\s*['"]\[urllib:warn\][^'"]*callback twice!!!/);

  const [output] = (await bundleUrllib(REPO_ROOT)).outputFiles;
  const text = output?.text ?? '';
  expect(text).toMatch(/debug\(\s*['"]\[urllib:warn\][^'"]*callback twice!!!/);
  expect(text).toMatch(/debug\(\s*['"]\[urllib:warn\][^'"]*%s: %s\\nstack: %s/);
  expect(text).not.toMatch(/console\.warn\(\s*['"]\[urllib:warn\]/);
});

it('stops the build when urllib no longer prints what the rewrite expects', async () => {
  const fakeUrllib = join(dir, 'node_modules', 'urllib', 'lib');
  mkdirSync(fakeUrllib, { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'urllib', 'package.json'), '{"name":"urllib","main":"lib/urllib.js"}');
  writeFileSync(
    join(fakeUrllib, 'urllib.js'),
    "var debug = require('util').debuglog('urllib');\nconsole.warn('one');\nconsole.warn('two');\nconsole.warn('three');\n",
  );
  await expect(bundleUrllib(dir)).rejects.toThrow(/expected 2 console\.warn\(…\) calls .* found 3 calls\. The library changed/);
});
