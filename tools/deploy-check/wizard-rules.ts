import { normalizeKeyPrefix } from '../../lib/objects/object-naming';
import { MAX_VALUE_BYTES_RANGE } from '../../lib/config/settings';
import { KAFKA_TRIGGER, MEMORY_MB, TIMEOUT_S } from '../../lib/platform/fc';
import { BUCKET_NAME, BUCKET_NAME_RULE, ENDPOINT_URL, ENDPOINT_URL_EXAMPLE } from '../../lib/platform/oss';
import schema from './fc3-props.schema.json';
import type { Problem } from './problem';

/**
 * The rules of the ApsaraMQ console's connector wizard (and of Function Compute where the wizard
 * has none), applied to the rendered `vars` of s.yaml: the settings a user actually edits.
 * `envNames` maps a var to the environment variable it is read from, so messages say what to set.
 */
export function checkWizardVars(vars: Record<string, unknown>, envNames: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  const label = (name: string) => (envNames[name] === undefined ? `vars.${name}` : `vars.${name} (${envNames[name]})`);
  const fail = (name: string, rule: string, options: { secret?: boolean } = {}) => {
    const value = vars[name];
    const shown =
      value === undefined ? 'is missing from s.yaml' : value === '' ? 'is empty' : options.secret ? 'is set' : `= ${show(value)}`;
    problems.push({ message: `${label(name)} ${shown}: ${rule}`, vars: [name] });
  };
  const text = (name: string) => (typeof vars[name] === 'string' ? (vars[name] as string) : undefined);
  const oneOf = (name: string, allowed: readonly unknown[], what: string) => {
    if (!allowed.includes(vars[name])) fail(name, `${what} must be one of ${allowed.join(', ')}`);
  };
  const integer = (name: string, min: number, max: number, what: string, step = 1) => {
    const value = vars[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max || value % step !== 0) {
      fail(name, `${what} must be a whole number from ${min} to ${max}${step > 1 ? ` in multiples of ${step}` : ''}`);
    }
  };
  const required = (name: string, what: string) => {
    if (text(name) !== undefined && text(name) !== '') return;
    const envName = envNames[name];
    fail(name, `${what} is required${envName === undefined ? '' : `: set ${envName} in the environment or in a .env file beside s.yaml`}`);
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
  checkNetwork(vars, fail, text);

  const bucket = text('bucket');
  if (bucket === '' || bucket === undefined) required('bucket', 'Bucket Name');
  else if (!BUCKET_NAME.test(bucket)) {
    fail('bucket', `a bucket name is ${BUCKET_NAME_RULE}`);
  }
  const prefix = text('prefix');
  const prefixCheck = prefix === undefined ? { problem: 'must be a string' } : normalizeKeyPrefix(prefix);
  if ('problem' in prefixCheck) fail('prefix', `the object key prefix ${prefixCheck.problem}`);
  const endpoint = text('ossEndpoint');
  if (endpoint === undefined || (endpoint !== '' && !ENDPOINT_URL.test(endpoint))) {
    fail(
      'ossEndpoint',
      `the OSS endpoint must be empty (the internal endpoint of the region) or a URL with scheme and host only, e.g. ${ENDPOINT_URL_EXAMPLE}`,
    );
  }
  const maxValueBytes = String(vars.maxValueBytes);
  if (
    !/^\d+$/.test(maxValueBytes) ||
    Number(maxValueBytes) < MAX_VALUE_BYTES_RANGE.min ||
    Number(maxValueBytes) > MAX_VALUE_BYTES_RANGE.max
  ) {
    fail(
      'maxValueBytes',
      `the truncation limit must be a whole number of bytes from ${MAX_VALUE_BYTES_RANGE.min} to ${MAX_VALUE_BYTES_RANGE.max}`,
    );
  }
  integer('memorySize', MEMORY_MB.min, MEMORY_MB.max, 'the function memory (MB)', MEMORY_MB.step);
  integer('timeout', TIMEOUT_S.min, TIMEOUT_S.max, 'the function timeout (seconds)');
  const timeout =
    Number.isInteger(vars.timeout) && (vars.timeout as number) >= TIMEOUT_S.min
      ? Math.min(vars.timeout as number, TIMEOUT_S.max)
      : TIMEOUT_S.max;
  integer('initializerTimeout', 1, timeout, 'the initializer timeout (seconds, at most the function timeout)');
  checkCredentials(vars, fail, text);
  const logging = text('logging');
  if (logging === undefined || !/^(auto|none|[^/\s]+\/[^/\s]+)$/.test(logging)) {
    fail('logging', 'function logging must be auto, none, or <project>/<logstore>');
  }
  return problems;
}

type Fail = (name: string, rule: string, options?: { secret?: boolean }) => void;
type Text = (name: string) => string | undefined;

/** The trigger reads Kafka either over the default network or through a VPC given by all three ids. */
function checkNetwork(vars: Record<string, unknown>, fail: Fail, text: Text): void {
  const ids = ['vpcId', 'vSwitchId', 'securityGroupId'] as const;
  const network = vars.network;
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
function checkCredentials(_vars: Record<string, unknown>, fail: Fail, text: Text): void {
  const role = text('role');
  if (role === undefined || (role !== '' && !/^acs:ram::\d+:role\/[\w.@-]+$/i.test(role))) {
    fail('role', 'the function role must be empty or an ARN like acs:ram::<account-id>:role/<role-name>');
  }
  const id = text('accessKeyId');
  const secret = text('accessKeySecret');
  if (!!id !== !!secret) {
    fail(
      id ? 'accessKeySecret' : 'accessKeyId',
      'an AccessKey is used only as a pair: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither',
      { secret: true },
    );
  } else if (!role && !id) {
    fail(
      'role',
      'the function needs credentials for OSS: set a role ARN (recommended), or an AccessKey pair in the environment (OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET)',
    );
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
