import type { ConfigureOptions } from './arguments';
import { describeTarget, type CommandContext } from './command-context';
import type { FunctionSettings } from './function-client';
import { checkCpuMemoryRatio, parseFunctionChange } from './function-limits';

/** What "Configure Function" does for the resources: memory, timeout and vCPU, shown before and after. */
export async function configure(context: CommandContext, options: ConfigureOptions): Promise<number> {
  const change = parseFunctionChange(options);
  const connection = context.connect();
  const before = await connection.client.getFunction();
  checkCpuMemoryRatio(change, before);
  const after = await connection.client.updateFunction(change);

  const rows = [
    { setting: 'memory', unit: 'MB', before: before.memorySize, after: after.memorySize, changed: change.memorySize !== undefined },
    { setting: 'timeout', unit: 's', before: before.timeout, after: after.timeout, changed: change.timeout !== undefined },
    { setting: 'vCPU', unit: '', before: before.cpu, after: after.cpu, changed: change.cpu !== undefined },
  ].filter((row) => row.changed);

  if (context.global.json) {
    context.output.json({ function: connection.target.functionName, before: resources(before), after: resources(after) });
    return 0;
  }
  context.output.line(`Updated ${describeTarget(connection)}:`);
  for (const row of rows) {
    context.output.line(`  ${row.setting.padEnd(8)}${show(row.before, row.unit)} -> ${show(row.after, row.unit)}`);
  }
  return 0;
}

function resources(settings: FunctionSettings) {
  return { memorySize: settings.memorySize, timeout: settings.timeout, cpu: settings.cpu };
}

function show(value: number | undefined, unit: string): string {
  return value === undefined ? '(unknown)' : `${value}${unit ? ` ${unit}` : ''}`;
}
