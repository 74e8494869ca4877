import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTemplate, readProjectVars } from '../../../tools/cli/project-vars';
import { resolveEnvReferences } from '../../../tools/serverless-devs/env-references';
import { pick, resolveTarget } from '../../../tools/cli/function-target';
import { TempDirs } from './cli-harness';

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

function project(yaml: string): string {
  const dir = dirs.make();
  writeFileSync(join(dir, 's.yaml'), yaml);
  return dir;
}

describe('s.yaml vars', () => {
  test("${env('X', 'default')} takes the variable when set, else the default; ${env.X} and plain values work too", () => {
    const env = { REGION: 'cn-beijing' };
    expect(resolveEnvReferences("${env('REGION', 'cn-hangzhou')}", env)).toBe('cn-beijing');
    expect(resolveEnvReferences('${env("TOPIC", "orders")}', env)).toBe('orders');
    expect(resolveEnvReferences('${ env( "REGION" ) }', env)).toBe('cn-beijing');
    expect(resolveEnvReferences('${env.REGION}', env)).toBe('cn-beijing');
    expect(resolveEnvReferences("prefix-${env('NAME', 'sink')}", env)).toBe('prefix-sink');
  });

  test('reads region, name and topic from the top-level vars', () => {
    const dir = project(
      [
        'edition: 3.0.0',
        'name: app',
        'vars:',
        '  region: cn-hangzhou',
        "  name: ${env('CONNECTOR', 'kafka-oss-sink')}",
        '  topic: 42',
        'resources: {}',
      ].join('\n'),
    );
    expect(readProjectVars(dir, {})).toEqual({
      file: join(dir, 's.yaml'),
      searched: dir,
      values: { region: 'cn-hangzhou', name: 'kafka-oss-sink', topic: '42' },
      problems: {},
    });
  });

  test('an unresolvable value is an error only when it is needed, naming the file, the var and the option', () => {
    const dir = project(['vars:', "  region: ${env('REGION')}", '  name: sink'].join('\n'));
    const vars = readProjectVars(dir, {});
    expect(pick('cn-shanghai', vars, 'region', '--region')).toBe('cn-shanghai');
    expect(() => pick(undefined, vars, 'region', '--region')).toThrow(/s\.yaml: vars\.region is '\$\{env\('REGION'\)\}'.*pass --region/);
  });

  test("the project's own s.yaml: name, region and topic with their env() defaults, a .env beside it, and the environment first", () => {
    const dir = project(
      [
        'edition: 3.0.0',
        'vars:',
        "  name: ${env('CONNECTOR_NAME', 'kafka-oss-sink')}",
        "  region: ${env('REGION', 'cn-hangzhou')}",
        "  topic: ${env('KAFKA_TOPIC', '')}",
        "  concurrency: ${json(env('KAFKA_CONCURRENCY', '6'))}",
      ].join('\n'),
    );
    const defaults = readProjectVars(dir, {});
    expect(defaults.values).toEqual({ name: 'kafka-oss-sink', region: 'cn-hangzhou' });
    expect(() => pick(undefined, defaults, 'topic', '--topic')).toThrow(
      /vars\.topic \('\$\{env\('KAFKA_TOPIC', ''\)\}'\) is empty here\. Set the variable, or pass --topic\./,
    );

    writeFileSync(join(dir, '.env'), 'KAFKA_TOPIC=orders\nREGION="cn-beijing"\n# comment\n');
    expect(readProjectVars(dir, { REGION: 'cn-shanghai' }).values).toEqual({
      name: 'kafka-oss-sink',
      region: 'cn-shanghai',
      topic: 'orders',
    });
  });

  test('found in the working folder or the nearest folder above it, with the .env beside it, as far as the ceiling', () => {
    const dir = project(['vars:', "  region: ${env('REGION', 'cn-hangzhou')}", '  name: sink'].join('\n'));
    writeFileSync(join(dir, '.env'), 'REGION=cn-beijing\n');
    const nested = join(dir, 'lib', 'deeper');
    mkdirSync(nested, { recursive: true });
    expect(readProjectVars(nested, {}, dir)).toEqual({
      file: join(dir, 's.yaml'),
      searched: nested,
      values: { region: 'cn-beijing', name: 'sink' },
      problems: {},
    });
    expect(findTemplate(nested, join(dir, 'lib'))).toBeUndefined();
    writeFileSync(join(dir, 'lib', 's.yml'), 'vars:\n  name: nearer\n');
    expect(readProjectVars(nested, {}, dir).values).toEqual({ name: 'nearer' });
  });

  test('no s.yaml, or no vars, gives no values; broken YAML is a clear error', () => {
    const empty = dirs.make();
    expect(readProjectVars(empty, {}, empty)).toEqual({ searched: empty, values: {}, problems: {} });
    expect(readProjectVars(project('resources: {}'), {}).values).toEqual({});
    expect(() => readProjectVars(project('vars: [unclosed'), {})).toThrow(/s\.yaml is not valid YAML/);
  });

  test("the default endpoint is FC's per-account host", () => {
    const target = resolveTarget(
      { function: 'f', region: 'ap-southeast-1', json: false },
      { searched: '/', values: {}, problems: {} },
      { accessKeyId: 'a', accessKeySecret: 'b', accountId: '5678', source: 'test' },
    );
    expect(target.endpoint).toEqual({ protocol: 'https', host: '5678.ap-southeast-1.fc.aliyuncs.com' });
  });
});
