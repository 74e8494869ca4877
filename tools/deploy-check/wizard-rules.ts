import { KAFKA_TRIGGER, MEMORY_MB, TIMEOUT_S } from '../../lib/platform/fc';
import schema from './fc3-props.schema.json';
import { type Problem, type TemplateVars, varProblem, whereToSet } from './problem';

/** An example role ARN that has the right form, for messages. */
export const ROLE_ARN_EXAMPLE = 'acs:ram::1234567890123456:role/kafka-oss-sink';

/**
 * The rules of the ApsaraMQ console's connector wizard (and of Function Compute where the wizard
 * has none), applied to the rendered `vars` of s.yaml: the deployment's own settings. What the
 * function reads from its environment variables (bucket, prefix, endpoint, truncation limit, …) is
 * checked by the function's own settings loader, not here.
 */
export function checkWizardVars(vars: TemplateVars): Problem[] {
  const problems: Problem[] = [];
  const values = vars.values;
  const fail = (name: string, rule: string) => problems.push(varProblem(name, vars, rule));
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const oneOf = (name: string, allowed: readonly unknown[], what: string) => {
    if (!allowed.includes(values[name])) fail(name, `${what} must be one of ${allowed.join(', ')}`);
  };
  const integer = (name: string, min: number, max: number, what: string, step = 1) => {
    const value = values[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max || value % step !== 0) {
      fail(name, `${what} must be a whole number from ${min} to ${max}${step > 1 ? ` in multiples of ${step}` : ''}`);
    }
  };
  const required = (name: string, what: string) => {
    if (text(name) === undefined || text(name) === '') fail(name, `${what} is required: ${whereToSet(name, vars)}`);
  };

  const name = text('name');
  if (name === undefined || !/^[0-9a-z][0-9a-z-]{0,47}$/.test(name)) {
    fail('name', 'the connector name must be 1-48 characters of digits, lowercase letters and hyphens (-), not starting with a hyphen');
  }
  oneOf('region', schema.definitions.IRegion.enum, 'the region');
  required('kafkaInstanceId', 'the Kafka instance id (e.g. alikafka_post-cn-xxxx)');
  required('topic', 'the Data Source Topic');
  oneOf('concurrency', KAFKA_TRIGGER.concurrency, 'Consumer Thread Concurrency');
  oneOf('offset', KAFKA_TRIGGER.offsetResets, 'Consumer Offset');
  oneOf('failurePolicy', ['continue', 'stop'], 'Failure Handling Policy');
  oneOf('retryStrategy', KAFKA_TRIGGER.retryStrategies, 'the retry strategy');
  const deadLetterQueueArn = text('deadLetterQueueArn');
  if (deadLetterQueueArn === undefined || (deadLetterQueueArn !== '' && !deadLetterQueueArn.startsWith('acs:'))) {
    fail(
      'deadLetterQueueArn',
      'the dead-letter queue must be empty (none) or an ARN starting with acs:, e.g. acs:mns:cn-hangzhou:<account-id>:/queues/<queue>',
    );
  }
  integer('batchCount', KAFKA_TRIGGER.batchCount.min, KAFKA_TRIGGER.batchCount.max, 'the batch window message count');
  integer('batchSeconds', KAFKA_TRIGGER.batchSeconds.min, KAFKA_TRIGGER.batchSeconds.max, 'the batch window time (seconds)');
  checkNetwork(values, fail, text);
  integer('memorySize', MEMORY_MB.min, MEMORY_MB.max, 'the function memory (MB)', MEMORY_MB.step);
  integer('timeout', TIMEOUT_S.min, TIMEOUT_S.max, 'the function timeout (seconds)');
  const timeout =
    Number.isInteger(values.timeout) && (values.timeout as number) >= TIMEOUT_S.min
      ? Math.min(values.timeout as number, TIMEOUT_S.max)
      : TIMEOUT_S.max;
  integer('initializerTimeout', 1, timeout, 'the initializer timeout (seconds, at most the function timeout)');
  checkCredentials(fail, text);
  const logging = text('logging');
  if (logging === undefined || !/^(auto|none|[^/\s]+\/[^/\s]+)$/.test(logging)) {
    fail('logging', 'function logging must be auto, none, or <project>/<logstore>');
  }
  return problems;
}

type Fail = (name: string, rule: string) => void;
type Text = (name: string) => string | undefined;

/** The trigger reads Kafka either over the default network or through a VPC given by all three ids. */
function checkNetwork(values: Record<string, unknown>, fail: Fail, text: Text): void {
  const ids = ['vpcId', 'vSwitchId', 'securityGroupId'] as const;
  const network = values.network;
  if (network === 'PublicNetwork') {
    for (const id of ids)
      if (!text(id)) fail(id, 'network PublicNetwork (a VPC) needs the VPC ID, the vSwitch ID and the security group ID all set');
  } else if (network === 'Default') {
    for (const id of ids) if (text(id)) fail(id, 'is only used with network PublicNetwork: set the network to PublicNetwork, or clear it');
  } else {
    fail('network', 'the network must be Default, or PublicNetwork (a VPC, with VPC ID, vSwitch ID and security group ID)');
  }
}

/** The function reaches OSS with its role's temporary keys, or else with an AccessKey pair. */
function checkCredentials(fail: Fail, text: Text): void {
  const role = text('role');
  if (role === undefined || (role !== '' && !/^acs:ram::\d+:role\/[\w.@-]+$/i.test(role))) {
    const placeholder = role !== undefined && /[<>]/.test(role) ? ' (replace the <…> placeholders with your own values)' : '';
    fail(
      'role',
      `the function role must be empty or an ARN acs:ram::<account id>:role/<role name>, where the account id is the digits ` +
        `shown in the console's account menu, e.g. ${ROLE_ARN_EXAMPLE}${placeholder}`,
    );
  }
  const id = text('accessKeyId');
  const secret = text('accessKeySecret');
  if (!!id !== !!secret) {
    fail(
      id ? 'accessKeySecret' : 'accessKeyId',
      'an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
    );
  } else if (!role && !id) {
    fail(
      'role',
      'the function needs credentials for OSS: set a role ARN (recommended), or an AccessKey pair in the environment (OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET)',
    );
  }
}
