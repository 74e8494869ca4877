import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTemplate, TemplateRenderError } from '../../../tools/deploy-check/render-template';
import { makeWorkspace, VALID_ENV, type Workspace } from './template-workspace';

/** Renders the shipped s.yaml with `s preview`, as `s deploy` would see it. */
describe('renderTemplate on the shipped s.yaml', () => {
  let workspace: Workspace;
  beforeAll(() => {
    workspace = makeWorkspace();
  });
  afterAll(() => workspace.remove());

  const sinkProps = async (env: Record<string, string>) => {
    const document = await renderTemplate(workspace.templatePath, { ...VALID_ENV, ...env });
    return (document.resources as { sink: { props: Record<string, any> } }).sink.props;
  };

  test('leaves out the optional settings that are empty: dead-letter queue, VPC ids, role, AccessKeys, endpoint', async () => {
    const props = await sinkProps({ ROLE_ARN: '' });
    const trigger = props.triggers[0].triggerConfig;
    expect(trigger.runOptions).not.toHaveProperty('deadLetterQueue');
    expect(trigger.eventSourceConfig.eventSourceParameters.sourceKafkaParameters).toEqual({
      RegionId: 'cn-hangzhou',
      InstanceId: VALID_ENV.KAFKA_INSTANCE_ID,
      Topic: VALID_ENV.KAFKA_TOPIC,
      ConsumerGroup: 'connect-kafka-oss-sink',
      OffsetReset: 'earliest',
      Network: 'Default',
    });
    expect(props).not.toHaveProperty('role');
    expect(props.environmentVariables).toEqual({
      OSS_BUCKET: VALID_ENV.OSS_BUCKET,
      OSS_REGION: 'cn-hangzhou',
      OSS_PREFIX: 'kafka/',
      MAX_VALUE_BYTES: '6291456',
      FAILURE_POLICY: 'continue',
      OVERFLOW: 'spill',
      RECORD_FORMAT: 'seed',
      VALUE_DATA_TYPE: 'Text',
      OUTPUT_FORMAT: 'json',
      TIMEZONE: 'UTC',
    });
    expect(props.logConfig).toBe('auto');
  });

  test('fills in the wizard settings from the environment, with numbers as numbers', async () => {
    const props = await sinkProps({
      CONNECTOR_NAME: 'orders-archive',
      KAFKA_CONCURRENCY: '3',
      KAFKA_OFFSET: 'latest',
      FAILURE_POLICY: 'stop',
      RETRY_STRATEGY: 'EXPONENTIAL_DECAY_RETRY',
      DEAD_LETTER_QUEUE_ARN: 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq',
      BATCH_COUNT: '500',
      BATCH_SECONDS: '10',
      KAFKA_NETWORK: 'PublicNetwork',
      VPC_ID: 'vpc-1',
      VSWITCH_ID: 'vsw-1',
      SECURITY_GROUP_ID: 'sg-1',
      MEMORY_SIZE: '1024',
      TIMEOUT: '120',
      OSS_PREFIX: 'kafka/',
      LOGGING: 'none',
    });
    expect(props.functionName).toBe('orders-archive');
    expect(props.memorySize).toBe(1024);
    expect(props.timeout).toBe(120);
    expect(props).not.toHaveProperty('logConfig');
    expect(props.environmentVariables.OSS_PREFIX).toBe('kafka/');
    const trigger = props.triggers[0].triggerConfig;
    expect(trigger.runOptions).toEqual({
      mode: 'event-streaming',
      maximumTasks: 3,
      errorsTolerance: 'NONE',
      retryStrategy: { PushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY' },
      deadLetterQueue: { Arn: 'acs:mns:cn-hangzhou:1234567890123456:/queues/dlq' },
      batchWindow: { CountBasedWindow: 500, TimeBasedWindow: 10 },
    });
    expect(trigger.eventSourceConfig.eventSourceParameters.sourceKafkaParameters).toMatchObject({
      ConsumerGroup: 'connect-orders-archive',
      OffsetReset: 'latest',
      Network: 'PublicNetwork',
      VpcId: 'vpc-1',
      VSwitchIds: 'vsw-1',
      SecurityGroupId: 'sg-1',
    });
  });

  test('maps logging <project>/<logstore> onto logConfig', async () => {
    const props = await sinkProps({ LOGGING: 'my-project/my-logstore' });
    expect(props.logConfig).toEqual({ project: 'my-project', logstore: 'my-logstore', logBeginRule: 'None' });
  });

  test("passes the archive settings to the function, a key template's {{…}} untouched", async () => {
    const template = 'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
    const props = await sinkProps({
      OBJECT_KEY_TEMPLATE: template,
      TIMEZONE: 'Asia/Shanghai',
      OUTPUT_FORMAT: 'parquet',
      COMPRESSION: 'gzip',
      RECORD_FORMAT: 'full',
    });
    expect(props.environmentVariables).toMatchObject({
      OBJECT_KEY_TEMPLATE: template,
      TIMEZONE: 'Asia/Shanghai',
      OUTPUT_FORMAT: 'parquet',
      COMPRESSION: 'gzip',
      RECORD_FORMAT: 'full',
    });
  });

  test('treats an empty environment variable as unset, as Serverless Devs does', async () => {
    const props = await sinkProps({ KAFKA_OFFSET: '' });
    expect(props.triggers[0].triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.OffsetReset).toBe('earliest');
  });

  test('leaves no Serverless Devs home (whose logs would hold the rendered secrets) behind', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'render-scratch-'));
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const props = await sinkProps({
        OSS_ACCESS_KEY_ID: 'LTAI5tExampleExample0001',
        OSS_ACCESS_KEY_SECRET: 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0',
      });
      expect(props.environmentVariables.OSS_ACCESS_KEY_SECRET).toBe('Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0');
      expect(readdirSync(scratch)).toEqual([]);
      // nothing started in the background may write there later either
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('renderTemplate on templates Serverless Devs refuses', () => {
  const workspaces: Workspace[] = [];
  afterEach(() => {
    for (const workspace of workspaces.splice(0)) workspace.remove();
  });

  test('names the environment variable an env() without default needs', async () => {
    const workspace = makeWorkspace([["${env('OSS_BUCKET', '')}", "${env('OSS_BUCKET')}"]]);
    workspaces.push(workspace);
    const rendering = renderTemplate(workspace.templatePath, {});
    await expect(rendering).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(rendering).rejects.toThrow(
      /env\('OSS_BUCKET'\) not found[\s\S]*\nSet OSS_BUCKET in the environment or in a \.env file beside s\.yaml\.$/,
    );
  });
});
