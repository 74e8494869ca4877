import { isJsonObject } from '../../lib/platform/json';
import { describeTarget, type CommandContext } from './command-context';
import type { TriggerSummary } from './function-client';

/** The function's settings and its triggers, as the console's function page shows them. */
export async function status(context: CommandContext): Promise<number> {
  const connection = context.connect();
  const settings = await connection.client.getFunction();
  const triggers = await connection.client.listTriggers();
  const summaries = triggers.map((trigger) => ({
    name: trigger.name,
    type: trigger.type,
    source: triggerSource(trigger),
    state: triggerState(trigger),
  }));

  if (context.global.json) {
    context.output.json({
      api: connection.client.api,
      region: connection.target.region,
      service: connection.target.serviceName,
      ...settings,
      triggers: summaries,
    });
    return 0;
  }
  const { output } = context;
  output.line(`Status of ${describeTarget(connection)}:`);
  const rows: [string, string | undefined][] = [
    ['Runtime', settings.runtime],
    ['Handler', settings.handler],
    ['Memory', settings.memorySize === undefined ? undefined : `${settings.memorySize} MB`],
    ['vCPU', settings.cpu === undefined ? undefined : String(settings.cpu)],
    ['Timeout', settings.timeout === undefined ? undefined : `${settings.timeout} s`],
    ['Modified', settings.lastModifiedTime],
    ['State', settings.state],
  ];
  for (const [label, value] of rows) {
    if (value !== undefined && value !== '') output.line(`  ${label.padEnd(10)}${value}`);
  }
  output.line(`  ${'Triggers'.padEnd(10)}${summaries.length === 0 ? 'none' : summaries.length}`);
  for (const trigger of summaries) {
    const state = trigger.state === undefined ? '' : `, ${trigger.state}`;
    output.line(`    ${trigger.name} (${trigger.type}${state}): ${trigger.source}`);
  }
  return 0;
}

/** One line on where a trigger's events come from; for Kafka: instance, topic and consumer group. */
function triggerSource(trigger: TriggerSummary): string {
  const config = record(trigger.config);
  const sourceConfig = record(config?.eventSourceConfig);
  const parameters = record(sourceConfig?.eventSourceParameters);
  const kafka = record(parameters?.sourceKafkaParameters);
  if (kafka !== undefined) {
    const parts = [
      `Kafka ${text(kafka.InstanceId) ?? '(instance unknown)'}`,
      text(kafka.Topic) && `topic ${text(kafka.Topic)}`,
      text(kafka.ConsumerGroup) && `group ${text(kafka.ConsumerGroup)}`,
      text(kafka.OffsetReset) && `from ${text(kafka.OffsetReset)}`,
    ];
    return parts.filter(Boolean).join(', ');
  }
  const sourceType = text(sourceConfig?.eventSourceType);
  if (sourceType !== undefined) return sourceType;
  return trigger.sourceArn ?? '-';
}

/** EventBridge triggers say whether they are switched on in their config; others may carry a status. */
function triggerState(trigger: TriggerSummary): string | undefined {
  const enable = record(trigger.config)?.triggerEnable;
  if (typeof enable === 'boolean') return enable ? 'enabled' : 'disabled';
  return trigger.status;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isJsonObject(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
