import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeploy } from '../../../tools/deploy-check/check-deploy';
import { makeWorkspace, VALID_ENV, type Workspace } from './template-workspace';

const SECRET = 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0';
const BUILD_ACTION = "    actions:\n      pre-${regex('^(deploy|local)$')}:\n        - run: npm run build\n          path: ./\n";

describe('checkDeploy on broken variants of s.yaml', () => {
  const workspaces: Workspace[] = [];
  afterEach(() => {
    for (const workspace of workspaces.splice(0)) workspace.remove();
  });
  const checkVariant = (replacements: [string, string][], env: Record<string, string | undefined> = VALID_ENV, bundle?: string) => {
    const workspace = makeWorkspace(replacements, bundle);
    workspaces.push(workspace);
    return checkDeploy({ templatePath: workspace.templatePath, env });
  };

  test('rejects a literal AccessKey secret in the file, naming the line but not the secret', async () => {
    const { problems } = await checkVariant([["accessKeySecret: ${env('OSS_ACCESS_KEY_SECRET', '')}", `accessKeySecret: ${SECRET}`]]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^\S*s\.yaml line \d+ holds what looks like an AccessKey secret \(30 letters and digits\)\. Never write keys in the file/,
    );
    expect(problems[1]).toBe(
      "resources.sink.props.environmentVariables.OSS_ACCESS_KEY_SECRET takes vars.accessKeySecret, which contains literal text: a credential must come only from the environment, e.g. ${env('OSS_ACCESS_KEY_SECRET', '')} (directly or through a var)",
    );
    expect(problems[2]).toBe(
      'vars.accessKeyId (OSS_ACCESS_KEY_ID) is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
    );
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  test('rejects an AccessKey written as the default of env()', async () => {
    const { problems } = await checkVariant([
      ["${env('OSS_ACCESS_KEY_ID', '')}", "${env('OSS_ACCESS_KEY_ID', 'LTAI5tExampleExample0001')}"],
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^\S*s\.yaml line \d+ holds what looks like an AccessKey ID \(LTAI…\)/),
      "resources.sink.props.environmentVariables.OSS_ACCESS_KEY_ID takes vars.accessKeyId, which has a non-empty default in env('OSS_ACCESS_KEY_ID', …): a credential must come only from the environment, e.g. ${env('OSS_ACCESS_KEY_ID', '')} (directly or through a var)",
      'vars.accessKeySecret (OSS_ACCESS_KEY_SECRET) is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
    ]);
    expect(problems.join('\n')).not.toContain('LTAI5tExampleExample0001');
  });

  test('reads settings from a .env file beside s.yaml, as s deploy does, and never shows a secret found there', async () => {
    const workspace = makeWorkspace();
    workspaces.push(workspace);
    writeFileSync(join(workspace.dir, '.env'), `OSS_ACCESS_KEY_SECRET=${SECRET}\nOSS_BUCKET=${SECRET}\nKAFKA_CONCURRENCY=2\n`);
    const { problems, summary } = await checkDeploy({ templatePath: workspace.templatePath, env: { ...VALID_ENV, OSS_BUCKET: undefined } });
    expect(problems).toEqual([
      'vars.accessKeyId (OSS_ACCESS_KEY_ID) is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
      'vars.bucket (OSS_BUCKET) = "[redacted]": OSS_BUCKET must be 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ]);
    expect(summary).toContain('2 consumers');
    expect(summary).not.toContain(SECRET);
  });

  test('rejects a handler naming an export the bundle lacks', async () => {
    const { problems } = await checkVariant([['handler: index.handler', 'handler: index.main']]);
    expect(problems).toEqual(
      ['sink', 'compactor'].map((resource) =>
        expect.stringMatching(
          new RegExp(
            `^resources\\.${resource}\\.props\\.handler = "index\\.main", but \\S*dist/oss-${resource === 'sink' ? 'sink' : 'compactor'}/index\\.js exports no function main \\(its exported functions: handler, initializer\\)$`,
          ),
        ),
      ),
    );
  });

  test('rejects a bundle without the initializer', async () => {
    const { problems } = await checkVariant([], VALID_ENV, 'exports.handler = async () => "ok";\n');
    expect(problems).toEqual(
      ['sink', 'compactor'].map((resource) =>
        expect.stringMatching(
          new RegExp(
            `^resources\\.${resource}\\.props\\.instanceLifecycleConfig\\.initializer\\.handler = "index\\.initializer", but .*index\\.js exports no function initializer \\(its exported functions: handler\\)$`,
          ),
        ),
      ),
    );
  });

  test('rejects schema violations: memorySize as a string and an unknown property', async () => {
    const { problems } = await checkVariant([['memorySize: ${vars.memorySize}', "memorySize: '512'\n      memorysize: 1024"]]);
    expect(problems).toEqual([
      'resources.sink.props.memorysize is not a property the fc3 component knows (a typo?)',
      'resources.sink.props.memorySize = "512" must be of type integer',
    ]);
  });

  test('rejects a Kafka trigger missing settings the platform requires', async () => {
    const { problems } = await checkVariant([
      ['              retryStrategy:\n                PushRetryStrategy: ${vars.retryStrategy}\n', ''],
      ["            eventRuleFilterPattern: '{}'\n", ''],
    ]);
    expect(problems).toEqual([
      'resources.sink.props.triggers[0].triggerConfig.eventRuleFilterPattern is required',
      'resources.sink.props.triggers[0].triggerConfig.runOptions.retryStrategy.PushRetryStrategy is missing or empty: a Kafka trigger requires it',
    ]);
  });

  test('rejects a template without a Kafka trigger', async () => {
    const { problems } = await checkVariant([['eventSourceType: Kafka', 'eventSourceType: RocketMQ']]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^\S*s\.yaml has no Kafka trigger \(triggerType eventbridge with eventSourceType Kafka\): the function would never receive messages$/,
      ),
    ]);
  });

  test('requires a build before s deploy and s local invoke', async () => {
    const { problems } = await checkVariant([[BUILD_ACTION, '']]);
    expect(problems).toEqual(
      ['sink', 'compactor'].map(
        (name) =>
          `resources.${name}.actions runs no build before s deploy and s local invoke, so it would ship or run whatever is in ./dist/oss-${name === 'sink' ? 'sink' : 'compactor'} ` +
          '(missing on a fresh clone, stale after a pull). Give the resource:\n' +
          "  actions:\n    pre-${regex('^(deploy|local)$')}:\n      - run: npm run build\n        path: ./",
      ),
    );
  });

  test('requires each function to be deployed from the folder the build writes, as esbuild.config.mjs says', async () => {
    const { problems } = await checkVariant([['code: ./dist/oss-sink', 'code: ./dist']]);
    expect(problems).toContain(
      'resources.sink.props.code = "./dist" is not a folder the build writes: the build writes the functions into ./dist/oss-sink, ./dist/oss-compactor',
    );
  });

  test('checks every fc3 resource: the compaction function with its timer trigger, built from its own entry point', async () => {
    const workspace = makeWorkspace();
    workspaces.push(workspace);
    const text = readFileSync(workspace.templatePath, 'utf8');
    const compactor = text.indexOf('  compactor:\n');
    // Only the compaction function's build action is removed, and only it is reported.
    writeFileSync(workspace.templatePath, text.slice(0, compactor) + text.slice(compactor).replace(BUILD_ACTION, ''));
    const { problems } = await checkDeploy({ templatePath: workspace.templatePath, env: VALID_ENV });
    expect(problems).toEqual([
      expect.stringMatching(/^resources\.compactor\.actions runs no build before s deploy and s local invoke, .*\.\/dist\/oss-compactor/),
    ]);
  });

  test("checks the compaction function's own settings, and the sink's it shares only once", async () => {
    const { problems } = await checkVariant([['COMPACTED_FORMAT: ${vars.compactedFormat}', 'COMPACTED_FORMAT: csv']], {
      ...VALID_ENV,
      MAX_VALUE_BYTES: 'lots',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^vars\.maxValueBytes \(MAX_VALUE_BYTES\) = "lots": MAX_VALUE_BYTES must be a whole number/),
      'resources.compactor.props.environmentVariables.COMPACTED_FORMAT = "csv": COMPACTED_FORMAT must be one of json, jsonl, parquet, got "csv"',
    ]);
  });

  test("the compaction zone must lie outside the sink's prefix", async () => {
    const { problems } = await checkVariant([], { ...VALID_ENV, COMPACTED_PREFIX: 'kafka/compacted/' });
    expect(problems).toEqual([expect.stringContaining('COMPACTED_PREFIX "kafka/compacted/" and OSS_PREFIX "kafka/" overlap')]);
  });

  test('an environment variable written in the file, not through a var, is checked and named where it stands', async () => {
    const { problems } = await checkVariant([['MAX_VALUE_BYTES: ${vars.maxValueBytes}', 'MAX_VALUE_BYTES: lots']]);
    expect(problems).toEqual([
      'resources.sink.props.environmentVariables.MAX_VALUE_BYTES = "lots": MAX_VALUE_BYTES must be a whole number',
    ]);
  });

  test('reports a template that is not YAML', async () => {
    const { problems } = await checkVariant([['resources:\n', 'resources:\n  - oops\n  bad: [\n']]);
    expect(problems).toEqual([expect.stringMatching(/^\S*s\.yaml is not valid YAML: /)]);
  });
});
