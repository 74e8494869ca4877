// `npm run lint` as CI runs it, on a small tree planted with one violation of each rule: the rules
// in .dependency-cruiser.cjs and biome.json must catch them, and pass the same tree without them.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { REPO_ROOT } from '../support/repo';

const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
// A CI runner may force colours on (FORCE_COLOR); the assertions read the text without them.
const run = async (command: string, args: string[], cwd: string) => {
  const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await promisify(execFile)(bin(command), args, { cwd, env, encoding: 'utf8' });
    return { code: 0, output: stripVTControlCharacters(stdout + stderr) };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: stripVTControlCharacters(failed.stdout + failed.stderr) };
  }
};

/** A tree laid out like the project's, with the project's own lint configuration. */
function plantTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-rules-'));
  copyFileSync(join(REPO_ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(REPO_ROOT, 'biome.json'), join(dir, 'biome.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const clean = {
  'lib/platform/rule.ts': "export const RULE = 'r';\n",
  'lib/log/logger.ts': "import { RULE } from '../platform/rule';\n\nexport const LOGGER = RULE;\n",
  'functions/f/index.ts': "import { LOGGER } from '../../lib/log/logger';\n\nexport const handler = LOGGER;\n",
  'tools/oss-emulator/index.ts': "export { SERVER } from './server';\n",
  'tools/oss-emulator/server.ts': "export const SERVER = 's';\n",
  'tools/fc-runner/run.ts': "import { SERVER } from '../oss-emulator';\n\nexport const RUN = SERVER;\n",
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tree = (files: Record<string, string>) => {
  const dir = plantTree(files);
  dirs.push(dir);
  return dir;
};
const cruise = (dir: string) =>
  run('depcruise', ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'lib', 'tools', 'functions'], dir);
const biome = (dir: string) => run('biome', ['check', '--vcs-enabled=false', '.'], dir);

test('a tree that keeps every rule passes both checks', async () => {
  const dir = tree(clean);
  expect(await cruise(dir)).toMatchObject({ code: 0 });
  expect(await biome(dir)).toMatchObject({ code: 0 });
});

test('each import rule catches its planted violation', async () => {
  const dir = tree({
    ...clean,
    // lib/ importing tools/
    'lib/platform/uses-tools.ts': "import { RUN } from '../../tools/fc-runner/run';\n\nexport const X = RUN;\n",
    // an import circle
    'lib/log/a.ts': "import { B } from './b';\n\nexport const A = `${B}`;\n",
    'lib/log/b.ts': "import { A } from './a';\n\nexport const B = () => A;\n",
    // a lower floor importing a higher one
    'lib/platform/upward.ts': "import { LOGGER } from '../log/logger';\n\nexport const Y = LOGGER;\n",
    // a function importing a tool
    'functions/g/index.ts': "import { SERVER } from '../../tools/oss-emulator';\n\nexport const handler = SERVER;\n",
    // the emulator reached behind its door
    'tools/fc-runner/internal.ts': "import { SERVER } from '../oss-emulator/server';\n\nexport const Z = SERVER;\n",
  });
  const { code, output } = await cruise(dir);
  expect(code).not.toBe(0);
  expect(output).toMatch(/lib-not-to-tools: lib\/platform\/uses-tools\.ts → tools\/fc-runner\/run\.ts/);
  expect(output).toMatch(/no-circular: lib\/log\/a\.ts →\s+lib\/log\/b\.ts →\s+lib\/log\/a\.ts/);
  expect(output).toMatch(/lib-layer-platform: lib\/platform\/upward\.ts → lib\/log\/logger\.ts/);
  expect(output).toMatch(/functions-only-lib: functions\/g\/index\.ts → tools\/oss-emulator\/index\.ts/);
  expect(output).toMatch(/oss-emulator-through-index: tools\/fc-runner\/internal\.ts → tools\/oss-emulator\/server\.ts/);
});

test('an unformatted file and an unused import fail the check', async () => {
  const dir = tree({ ...clean, 'lib/platform/messy.ts': "import { join } from 'node:path';\nexport const   M   =  {a:1}\n" });
  const { code, output } = await biome(dir);
  expect(code).not.toBe(0);
  expect(output).toContain('Formatter would have printed');
  expect(output).toContain('noUnusedImports');
});
