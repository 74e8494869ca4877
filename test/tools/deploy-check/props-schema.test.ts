import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateProps } from '../../../tools/deploy-check/props-schema';
import { REPO_ROOT } from './template-workspace';

const VENDORED_SCHEMA = join(REPO_ROOT, 'tools', 'deploy-check', 'fc3-props.schema.json');

const kafkaTrigger = {
  triggerName: 'kafka',
  triggerType: 'eventbridge',
  qualifier: 'LATEST',
  triggerConfig: {
    triggerEnable: true,
    asyncInvocationType: false,
    eventRuleFilterPattern: '{}',
    eventSinkConfig: { deliveryOption: { mode: 'event-streaming', eventSchema: 'CloudEvents' } },
    runOptions: { mode: 'event-streaming' },
    eventSourceConfig: { eventSourceType: 'Kafka', eventSourceParameters: {} },
  },
};
const props = {
  region: 'cn-hangzhou',
  functionName: 'sink',
  runtime: 'nodejs20',
  code: './dist/oss-sink',
  handler: 'index.handler',
  triggers: [kafkaTrigger],
};

describe('validateProps', () => {
  test('uses the vendored fc3 props schema, which names where it comes from', () => {
    const schema = JSON.parse(readFileSync(VENDORED_SCHEMA, 'utf8')) as {
      $comment: string;
      properties: Record<string, unknown>;
      definitions: { IRegion: { enum: string[] } };
    };
    expect(schema.$comment).toMatch(/github\.com\/devsapp\/fc3/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['functionName', 'runtime', 'code', 'handler', 'triggers']));
    expect(schema.definitions.IRegion.enum).toContain('cn-hangzhou');
  });

  test('accepts a nodejs20 function with a Kafka trigger', () => {
    expect(validateProps(props)).toEqual([]);
  });

  test('reports unknown properties, wrong types and out-of-range values with their paths', () => {
    expect(validateProps({ ...props, memorySize: 100, timeout: '60', runtime: 'nodejs22', handlr: 'x' })).toEqual([
      { path: 'props.handlr', message: 'props.handlr is not a property the fc3 component knows (a typo?)' },
      { path: 'props.memorySize', message: 'props.memorySize = 100 must be >= 128' },
      { path: 'props.memorySize', message: 'props.memorySize = 100 must be multiple of 64' },
      { path: 'props.runtime', message: expect.stringMatching(/^props\.runtime = "nodejs22" must be one of .*nodejs20/) },
      { path: 'props.timeout', message: 'props.timeout = "60" must be of type integer' },
    ]);
  });

  test('checks a trigger config against the schema of its own trigger type', () => {
    const { eventRuleFilterPattern: _dropped, ...config } = kafkaTrigger.triggerConfig;
    expect(validateProps({ ...props, triggers: [{ ...kafkaTrigger, triggerConfig: config }] })).toEqual([
      {
        path: 'props.triggers[0].triggerConfig.eventRuleFilterPattern',
        message: 'props.triggers[0].triggerConfig.eventRuleFilterPattern is required',
      },
    ]);
  });

  test('explains a value matching none of the forms a property allows', () => {
    expect(validateProps({ ...props, logConfig: { project: 'p' } })).toEqual([
      {
        path: 'props.logConfig',
        message:
          'props.logConfig = {"project":"p"} matches none of its allowed forms: logstore is required; or must be of type string; or must be "auto"',
      },
    ]);
  });
});
