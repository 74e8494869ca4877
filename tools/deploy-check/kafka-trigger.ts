/**
 * The settings a Kafka (EventBridge) trigger of Function Compute 3.0 must carry, by path under
 * the trigger. The fc3 schema leaves runOptions and the source parameters free-form; the platform
 * does not, and a missing one only surfaces as a failed `s deploy`.
 */
const REQUIRED_PATHS = [
  'qualifier',
  'triggerConfig.triggerEnable',
  'triggerConfig.asyncInvocationType',
  'triggerConfig.eventRuleFilterPattern',
  'triggerConfig.eventSinkConfig.deliveryOption.mode',
  'triggerConfig.eventSinkConfig.deliveryOption.eventSchema',
  'triggerConfig.runOptions.mode',
  'triggerConfig.runOptions.maximumTasks',
  'triggerConfig.runOptions.errorsTolerance',
  'triggerConfig.runOptions.retryStrategy.PushRetryStrategy',
  'triggerConfig.runOptions.batchWindow.CountBasedWindow',
  'triggerConfig.runOptions.batchWindow.TimeBasedWindow',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.RegionId',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.InstanceId',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.Topic',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.ConsumerGroup',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.OffsetReset',
  'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.Network',
] as const;

const VPC_PATHS = ['VpcId', 'VSwitchIds', 'SecurityGroupId'].map(
  (key) => `triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.${key}`,
);

/** The index of the resource's Kafka trigger in `props.triggers`, or undefined if it has none. */
export function findKafkaTrigger(props: Record<string, unknown>): number | undefined {
  const triggers = Array.isArray(props.triggers) ? props.triggers : [];
  const index = triggers.findIndex(
    (trigger) =>
      valueAt(trigger, 'triggerType') === 'eventbridge' && valueAt(trigger, 'triggerConfig.eventSourceConfig.eventSourceType') === 'Kafka',
  );
  return index < 0 ? undefined : index;
}

/** Returns, for each missing or empty setting, its path under `props` (e.g. `triggers[0].qualifier`). */
export function missingKafkaTriggerSettings(props: Record<string, unknown>, index: number): string[] {
  const trigger = (props.triggers as unknown[])[index];
  const vpc = valueAt(trigger, 'triggerConfig.eventSourceConfig.eventSourceParameters.sourceKafkaParameters.Network') === 'PublicNetwork';
  return [...REQUIRED_PATHS, ...(vpc ? VPC_PATHS : [])]
    .filter((path) => {
      const value = valueAt(trigger, path);
      return value === undefined || value === null || value === '';
    })
    .map((path) => `triggers[${index}].${path}`);
}

export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
