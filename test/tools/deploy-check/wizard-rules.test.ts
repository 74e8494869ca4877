import { checkWizardVars, ROLE_ARN_EXAMPLE } from '../../../tools/deploy-check/wizard-rules';

/** The rendered vars of the shipped s.yaml with the required settings filled in. */
const VALID = {
  name: 'kafka-oss-sink',
  region: 'cn-hangzhou',
  kafkaInstanceId: 'alikafka_post-cn-st21p8vj0001',
  topic: 'oss-test-input',
  concurrency: 6,
  offset: 'earliest',
  failurePolicy: 'continue',
  retryStrategy: 'BACKOFF_RETRY',
  deadLetterQueueArn: '',
  batchCount: 100,
  batchSeconds: 3,
  network: 'Default',
  vpcId: '',
  vSwitchId: '',
  securityGroupId: '',
  bucket: 'archive-bucket',
  prefix: '',
  ossEndpoint: '',
  maxValueBytes: '6291456',
  memorySize: 512,
  timeout: 60,
  initializerTimeout: 10,
  role: 'acs:ram::1234567890123456:role/kafka-oss-sink',
  accessKeyId: '',
  accessKeySecret: '',
  logging: 'auto',
};

const messages = (overrides: Record<string, unknown>) =>
  checkWizardVars({ values: { ...VALID, ...overrides }, envNames: {} }).map((problem) => problem.message);

describe('checkWizardVars', () => {
  test('accepts the valid settings', () => {
    expect(messages({})).toEqual([]);
  });

  test.each([1, 2, 3, 6, 12])('accepts concurrency %d', (concurrency) => {
    expect(messages({ concurrency })).toEqual([]);
  });

  test('accepts the edges of every range', () => {
    expect(messages({ batchCount: 1, batchSeconds: 0, memorySize: 128, timeout: 1, initializerTimeout: 1, name: 'a' })).toEqual([]);
    expect(messages({ batchCount: 10000, batchSeconds: 15, memorySize: 32768, timeout: 86400, name: 'a'.repeat(48) })).toEqual([]);
  });

  test('rejects values just outside the ranges FC and the trigger accept', () => {
    expect(messages({ batchCount: 10001, batchSeconds: 16, memorySize: 160, timeout: 86401 })).toEqual([
      'vars.batchCount = 10001: the batch window message count must be a whole number from 1 to 10000',
      'vars.batchSeconds = 16: the batch window time (seconds) must be a whole number from 0 to 15',
      'vars.memorySize = 160: the function memory (MB) must be a whole number from 128 to 32768 in multiples of 64',
      'vars.timeout = 86401: the function timeout (seconds) must be a whole number from 1 to 86400',
    ]);
    expect(messages({ timeout: 60, initializerTimeout: 61 })).toEqual([
      'vars.initializerTimeout = 61: the initializer timeout (seconds, at most the function timeout) must be a whole number from 1 to 60',
    ]);
  });

  test('leaves the settings the function reads (bucket, prefix, endpoint, truncation limit) to the function', () => {
    expect(messages({ bucket: 'Bad_Bucket', prefix: '/kafka', ossEndpoint: 'oss-cn-hangzhou.aliyuncs.com', maxValueBytes: '0' })).toEqual(
      [],
    );
  });

  test('names the environment variable a setting comes from, and says when a var is missing from the file', () => {
    const { offset: _dropped, ...withoutOffset } = VALID;
    const problems = checkWizardVars({ values: { ...withoutOffset, concurrency: 5 }, envNames: { concurrency: 'KAFKA_CONCURRENCY' } });
    expect(problems).toEqual([
      {
        message: 'vars.concurrency (KAFKA_CONCURRENCY) = 5: Consumer Thread Concurrency must be one of 1, 2, 3, 6, 12',
        vars: ['concurrency'],
      },
      { message: 'vars.offset is missing from s.yaml: Consumer Offset must be one of earliest, latest', vars: ['offset'] },
    ]);
  });

  test('checks the dead-letter queue, retry strategy, role and logging', () => {
    expect(
      messages({
        deadLetterQueueArn: 'my-queue',
        retryStrategy: 'FOREVER',
        role: 'kafka-oss-sink',
        logging: 'project-only',
      }),
    ).toEqual([
      'vars.retryStrategy = "FOREVER": the retry strategy must be one of BACKOFF_RETRY, EXPONENTIAL_DECAY_RETRY',
      'vars.deadLetterQueueArn = "my-queue": the dead-letter queue must be empty (none) or an ARN starting with acs:, e.g. acs:mns:cn-hangzhou:<account-id>:/queues/<queue>',
      `vars.role = "kafka-oss-sink": the function role must be empty or an ARN acs:ram::<account id>:role/<role name>, where the account id is the digits shown in the console's account menu, e.g. ${ROLE_ARN_EXAMPLE}`,
      'vars.logging = "project-only": function logging must be auto, none, or <project>/<logstore>',
    ]);
  });

  test('a role ARN still holding the <account-id> placeholder is refused with a hint that the account id is digits', () => {
    const [problem] = messages({ role: 'acs:ram::<account-id>:role/kafka-oss-sink' });
    expect(problem).toContain('the account id is the digits');
    expect(problem).toContain('replace the <…> placeholders with your own values');
    expect(problem).not.toContain(': acs:ram::<account-id>:role');
    expect(messages({ role: ROLE_ARN_EXAMPLE })).toEqual([]);
  });

  test('rejects an unknown region and network', () => {
    expect(messages({ region: 'cn-atlantis', network: 'Internet' })).toEqual([
      expect.stringMatching(/^vars\.region = "cn-atlantis": the region must be one of .*cn-hangzhou/),
      'vars.network = "Internet": the network must be Default, or PublicNetwork (a VPC, with VPC ID, vSwitch ID and security group ID)',
    ]);
  });

  test('accepts an AccessKey pair instead of a role, and never shows either value', () => {
    expect(messages({ role: '', accessKeyId: 'LTAI5tExampleExample0001', accessKeySecret: 'Xy7Qw2Er9Ty4Ui1Op6As3Df8Gh5Jk0' })).toEqual([]);
    const half = messages({ role: '', accessKeyId: 'LTAI5tExampleExample0001' });
    expect(half).toEqual([
      'vars.accessKeySecret is empty: an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
    ]);
  });
});
