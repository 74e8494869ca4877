import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { ConfigError } from '../../../lib/config/config-error';
import { loadSettings } from '../../../lib/config/settings';
import { checkDeploy } from '../../../tools/deploy-check/check-deploy';
import { makeWorkspace, REPO_ROOT, VALID_ENV, type Workspace } from './template-workspace';

const SECRET = 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0';

describe('checkDeploy on the shipped s.yaml', () => {
  let shipped: Workspace;
  beforeAll(() => {
    shipped = makeWorkspace();
  });
  afterAll(() => shipped.remove());

  const check = (env: Record<string, string | undefined>) => checkDeploy({ templatePath: shipped.templatePath, env });

  test('passes with the required settings and describes what would be deployed', async () => {
    const result = await check(VALID_ENV);
    expect(result.problems).toEqual([]);
    expect(result.summary).toBe(
      'function kafka-oss-sink (nodejs20, 512 MB, 60 s) in cn-hangzhou: Kafka alikafka_post-cn-st21p8vj0001 topic oss-test-input ' +
        '(group connect-kafka-oss-sink, 6 consumers, earliest, errors ALL) -> oss://archive-bucket/kafka/\n' +
        'OK function kafka-oss-sink-compactor (nodejs20, 1024 MB, 600 s) in cn-hangzhou: timer 0 5 * * * * -> oss://archive-bucket/compacted/',
    );
  });

  test('passes with a VPC network, a dead-letter queue, SLS logging and an AccessKey pair from the environment', async () => {
    const result = await check({
      ...VALID_ENV,
      ROLE_ARN: undefined,
      KAFKA_NETWORK: 'PublicNetwork',
      VPC_ID: 'vpc-bp1xpdnd3l0001',
      VSWITCH_ID: 'vsw-bp1d2jgg810001',
      SECURITY_GROUP_ID: 'sg-bp1iv19sp1msc7zot0001',
      DEAD_LETTER_QUEUE_ARN: 'acs:mns:cn-hangzhou:1234567890123456:/queues/kafka-oss-dlq',
      LOGGING: 'my-project/my-logstore',
      OSS_ACCESS_KEY_ID: 'LTAI5tExampleExample0001',
      OSS_ACCESS_KEY_SECRET: SECRET,
      FAILURE_POLICY: 'stop',
      KAFKA_CONCURRENCY: '12',
    });
    expect(result.problems).toEqual([]);
    expect(result.summary).toContain('12 consumers');
    expect(result.summary).toContain('errors NONE');
  });

  test.each([
    ['too long', 'a'.repeat(49)],
    ['starting with a hyphen', '-sink'],
    ['in uppercase', 'Kafka-Sink'],
  ])('rejects a connector name %s', async (_case, name) => {
    const { problems } = await check({ ...VALID_ENV, CONNECTOR_NAME: name });
    expect(problems).toEqual([
      `vars.name (CONNECTOR_NAME) = "${name}": the connector name must be 1-48 characters of digits, lowercase letters and hyphens (-), not starting with a hyphen`,
    ]);
  });

  test('reports every bad wizard setting together, once each', async () => {
    const { problems } = await check({
      ...VALID_ENV,
      KAFKA_CONCURRENCY: '5',
      KAFKA_OFFSET: 'middle',
      FAILURE_POLICY: 'retry',
      MEMORY_SIZE: '100',
      TIMEOUT: '0',
    });
    expect(problems).toEqual([
      'vars.concurrency (KAFKA_CONCURRENCY) = 5: Consumer Thread Concurrency must be one of 1, 2, 3, 6, 12',
      'vars.offset (KAFKA_OFFSET) = "middle": Consumer Offset must be one of earliest, latest',
      'vars.failurePolicy (FAILURE_POLICY) = "retry": Failure Handling Policy must be one of continue, stop',
      'vars.memorySize (MEMORY_SIZE) = 100: the function memory (MB) must be a whole number from 128 to 32768 in multiples of 64',
      'vars.timeout (TIMEOUT) = 0: the function timeout (seconds) must be a whole number from 1 to 86400',
    ]);
  });

  test("requires the bucket, by the function's own rule, and says where to set it", async () => {
    const { problems } = await check({ ...VALID_ENV, OSS_BUCKET: undefined });
    expect(problems).toEqual([
      'vars.bucket (OSS_BUCKET) is empty: OSS_BUCKET is required: set it to the name of the bucket that receives the archive; ' +
        'set OSS_BUCKET in the environment or in a .env file beside s.yaml',
    ]);
  });

  test("checks the function's environment variables with the function's own settings rules, under the var and variable they come from", async () => {
    const { problems } = await check({
      ...VALID_ENV,
      OSS_BUCKET: 'Bad_Bucket',
      OSS_PREFIX: '/kafka',
      OSS_ENDPOINT: 'oss-cn-hangzhou.aliyuncs.com',
      MAX_VALUE_BYTES: '0',
    });
    const expected = (() => {
      try {
        loadSettings({
          OSS_BUCKET: 'Bad_Bucket',
          OSS_REGION: 'cn-hangzhou',
          OSS_PREFIX: '/kafka',
          OSS_ENDPOINT: 'oss-cn-hangzhou.aliyuncs.com',
          MAX_VALUE_BYTES: '0',
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      throw new Error('loadSettings accepted what it should not');
    })();
    expect(expected).toHaveLength(4);
    expect(problems).toEqual([
      `vars.bucket (OSS_BUCKET) = "Bad_Bucket": ${expected.find((message) => message.startsWith('OSS_BUCKET'))}`,
      `vars.ossEndpoint (OSS_ENDPOINT) = "oss-cn-hangzhou.aliyuncs.com": ${expected.find((message) => message.startsWith('OSS_ENDPOINT'))}`,
      `vars.prefix (OSS_PREFIX) = "/kafka": ${expected.find((message) => message.startsWith('OSS_PREFIX'))}`,
      `vars.maxValueBytes (MAX_VALUE_BYTES) = "0": ${expected.find((message) => message.startsWith('MAX_VALUE_BYTES'))}`,
    ]);
  });

  test("the README's example settings pass", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const steps = readme.slice(readme.indexOf('### Steps'));
    const block = /```sh\n([\s\S]*?)```/.exec(steps)?.[1];
    expect(block).toBeDefined();
    const example = parseEnv((block ?? '').replace(/^ +/gm, ''));
    expect(example).toHaveProperty('ROLE_ARN');
    expect(example).toHaveProperty('OSS_BUCKET');
    const result = await check(example);
    expect(result.problems).toEqual([]);
  });

  test('rejects a half-set VPC, and VPC ids given without the VPC network', async () => {
    const halfSet = await check({ ...VALID_ENV, KAFKA_NETWORK: 'PublicNetwork', VPC_ID: 'vpc-bp1xpdnd3l0001' });
    expect(halfSet.problems).toEqual([
      'vars.vSwitchId (VSWITCH_ID) is empty: network PublicNetwork (a VPC) needs the VPC ID, the vSwitch ID and the security group ID all set',
      'vars.securityGroupId (SECURITY_GROUP_ID) is empty: network PublicNetwork (a VPC) needs the VPC ID, the vSwitch ID and the security group ID all set',
    ]);
    const ignored = await check({ ...VALID_ENV, VPC_ID: 'vpc-bp1xpdnd3l0001' });
    expect(ignored.problems).toEqual([
      'vars.vpcId (VPC_ID) = "vpc-bp1xpdnd3l0001": is only used with network PublicNetwork: set the network to PublicNetwork, or clear it',
    ]);
  });

  test('lists every problem at once: a number that is not one does not hide the eleven other mistakes', async () => {
    const { problems } = await check({
      BATCH_COUNT: 'abc',
      CONNECTOR_NAME: 'Kafka_Sink',
      KAFKA_INSTANCE_ID: '',
      KAFKA_CONCURRENCY: '5',
      KAFKA_OFFSET: 'middle',
      FAILURE_POLICY: 'retry',
      BATCH_SECONDS: '99',
      MEMORY_SIZE: '100',
      OSS_BUCKET: 'Bad_Bucket',
      OSS_PREFIX: '/kafka',
      MAX_VALUE_BYTES: '0',
      ROLE_ARN: 'acs:ram::<account-id>:role/kafka-oss-sink',
    });
    const settings = problems.map((problem) => /^vars\.\w+ \((\w+)\)/.exec(problem)?.[1]);
    expect(settings).toEqual([
      'BATCH_COUNT',
      'CONNECTOR_NAME',
      'KAFKA_INSTANCE_ID',
      'KAFKA_TOPIC',
      'KAFKA_CONCURRENCY',
      'KAFKA_OFFSET',
      'FAILURE_POLICY',
      'BATCH_SECONDS',
      'MEMORY_SIZE',
      'ROLE_ARN',
      'OSS_BUCKET',
      'OSS_PREFIX',
      'MAX_VALUE_BYTES',
    ]);
    expect(problems[0]).toBe('vars.batchCount (BATCH_COUNT) = "abc": is not a number: write a plain number, e.g. BATCH_COUNT=100');
    expect(problems.find((problem) => problem.startsWith('vars.role'))).toContain('the account id is the digits');
  });

  test('a number that is not one in the .env file is reported too, with the rest', async () => {
    writeFileSync(join(shipped.dir, '.env'), 'TIMEOUT=soon\n');
    try {
      const { problems } = await check({ ...VALID_ENV, KAFKA_OFFSET: 'middle' });
      expect(problems).toEqual([
        'vars.timeout (TIMEOUT) = "soon": is not a number: write a plain number, e.g. TIMEOUT=60',
        'vars.offset (KAFKA_OFFSET) = "middle": Consumer Offset must be one of earliest, latest',
      ]);
    } finally {
      rmSync(join(shipped.dir, '.env'));
    }
  });

  test('requires credentials, and an AccessKey only as a pair, without ever printing the secret', async () => {
    const none = await check({ ...VALID_ENV, ROLE_ARN: undefined });
    expect(none.problems).toEqual([
      'vars.role (ROLE_ARN) is empty: the function needs credentials for OSS: set a role ARN (recommended), or an AccessKey pair in the environment (OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET)',
    ]);
    const half = await check({ ...VALID_ENV, OSS_ACCESS_KEY_SECRET: SECRET, OSS_BUCKET: SECRET });
    expect(half.problems).toContain(
      'vars.accessKeyId (OSS_ACCESS_KEY_ID) is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
    );
    expect(half.problems).toContain(
      'vars.bucket (OSS_BUCKET) = "[redacted]": OSS_BUCKET must be 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    );
    expect(half.problems.join('\n')).not.toContain(SECRET);
  });

  test('says to build when the bundle is missing', async () => {
    const { problems } = await checkDeploy({ templatePath: shipped.templatePath, env: VALID_ENV, codeDir: join(shipped.dir, 'nowhere') });
    expect(problems).toEqual(
      ['sink', 'compactor'].map((name) =>
        expect.stringMatching(
          new RegExp(
            `nowhere/index\\.js does not exist, so resources\\.${name}\\.props\\.handler and resources\\.${name}\\.props\\.instanceLifecycleConfig\\.initializer\\.handler cannot be checked: run npm run build$`,
          ),
        ),
      ),
    );
  });

  test('reports a template that is not there', async () => {
    const { problems } = await checkDeploy({ templatePath: join(shipped.dir, 'missing.yaml'), env: VALID_ENV });
    expect(problems).toEqual([
      expect.stringMatching(/missing\.yaml not found: run the check from the project folder, or pass the template's path$/),
    ]);
  });
});
