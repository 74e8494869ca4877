import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHandlers } from '../../../tools/deploy-check/handler-exports';
import { REPO_ROOT } from './template-workspace';

describe('checkHandlers', () => {
  test('the built bundle dist/oss-sink/index.js exports the handler and initializer s.yaml names', async () => {
    const bundle = join(REPO_ROOT, 'dist', 'oss-sink', 'index.js');
    if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: run npm run build before the tests (npm test does)`);
    expect(
      await checkHandlers(join(REPO_ROOT, 'dist', 'oss-sink'), { handler: 'index.handler', initializer: 'index.initializer' }),
    ).toEqual([]);
  });

  describe('on a small bundle', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'handler-exports-'));
      writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => 1;\nexports.notAFunction = 42;\n');
      writeFileSync(join(dir, 'broken.js'), 'throw new TypeError("cannot start: missing setting");\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('accepts an exported function', async () => {
      expect(await checkHandlers(dir, { handler: 'index.handler' })).toEqual([]);
    });

    test('rejects a missing export, an export that is not a function, and a malformed handler', async () => {
      expect(await checkHandlers(dir, { handler: 'index.main', initializer: 'index.notAFunction', other: 'handler' })).toEqual([
        'other = "handler" must be <file>.<export>, e.g. index.handler',
        `handler = "index.main", but ${join(dir, 'index.js')} exports no function main (its exported functions: handler)`,
        `initializer = "index.notAFunction", but ${join(dir, 'index.js')} exports no function notAFunction (its exported functions: handler)`,
      ]);
    });

    test('reports a file that is missing or fails to load', async () => {
      expect(await checkHandlers(dir, { handler: 'main.handler', initializer: 'broken.initializer' })).toEqual([
        `${join(dir, 'main.js')} does not exist, so handler cannot be checked: run npm run build`,
        `${join(dir, 'broken.js')} fails to load, as it would in Function Compute: TypeError: cannot start: missing setting`,
      ]);
    });
  });
});
