import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuildOutputs } from '../../../tools/deploy-check/build-outputs';
import { REPO_ROOT } from './template-workspace';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder whose esbuild.config.mjs is `source`. */
function project(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-outputs-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'esbuild.config.mjs'), source);
  return dir;
}

describe('what the build writes, read from esbuild.config.mjs', () => {
  test("the project's own config: the functions' code packages are dist/oss-sink and dist/oss-compactor, and the tools are no function", async () => {
    expect(await readBuildOutputs(REPO_ROOT)).toEqual({
      functions: [
        { name: 'oss-sink', dir: join(REPO_ROOT, 'dist', 'oss-sink') },
        { name: 'oss-compactor', dir: join(REPO_ROOT, 'dist', 'oss-compactor') },
      ],
    });
  });

  test('runs the config without building, whatever it prints, and reads every form of entry points', async () => {
    const dir = project(
      [
        "import { build } from 'esbuild';",
        "console.log('building');",
        "await build({ entryPoints: { 'a/index': 'functions/a/index.ts', 'tools/x': 'tools/x.ts' }, outdir: 'dist' });",
        "await build({ entryPoints: [{ in: 'functions/b/index.ts', out: 'b/index' }], outdir: 'out' });",
        "await build({ entryPoints: ['functions/c/index.ts', 'functions/d/index.ts'], outdir: 'more' });",
      ].join('\n'),
    );
    expect(await readBuildOutputs(dir)).toEqual({
      functions: [
        { name: 'a', dir: join(dir, 'dist', 'a') },
        { name: 'b', dir: join(dir, 'out', 'b') },
        { name: 'c', dir: join(dir, 'more', 'c') },
        { name: 'd', dir: join(dir, 'more', 'd') },
      ],
    });
  });

  test('says why when there is no config, it fails, or it builds no function', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'build-outputs-'));
    dirs.push(empty);
    expect(await readBuildOutputs(empty)).toEqual({ problem: expect.stringMatching(/esbuild\.config\.mjs does not exist/) });
    expect(await readBuildOutputs(project("throw new Error('broken config');"))).toEqual({
      problem: expect.stringMatching(/^esbuild\.config\.mjs could not be read \(.*broken config/),
    });
    expect(
      await readBuildOutputs(project("import { build } from 'esbuild';\nawait build({ entryPoints: ['tools/x.ts'], outdir: 'dist' });")),
    ).toEqual({
      problem: 'esbuild.config.mjs builds no function (no entry point functions/<name>/index.ts)',
    });
  });
});
