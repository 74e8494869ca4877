/**
 * @module The values FC accepts for memory, timeout and vCPU (lib/platform/fc), checked before
 * anything is sent, with the nearest accepted value in the message.
 */
import { CPU, MEMORY_MB, TIMEOUT_S } from '../../lib/platform/fc';
import { CliError, UsageError } from './cli-error';
import type { FunctionChange } from './function-client';

/** A value FC would refuse: exit code 2 like any command-line mistake, without the whole usage text. */
class BadValue extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

export function parseFunctionChange(options: { memory?: string; timeout?: string; cpu?: string }): FunctionChange {
  if (options.memory === undefined && options.timeout === undefined && options.cpu === undefined) {
    throw new UsageError('Nothing to change: give --memory <MB>, --timeout <seconds> or --cpu <vCPU>.');
  }
  const change: FunctionChange = {};
  if (options.memory !== undefined) change.memorySize = parseMemory(options.memory);
  if (options.timeout !== undefined) change.timeout = parseTimeout(options.timeout);
  if (options.cpu !== undefined) change.cpu = parseCpu(options.cpu);
  return change;
}

function parseMemory(text: string): number {
  const mb = wholeNumber(text);
  if (mb === undefined || mb < MEMORY_MB.min || mb > MEMORY_MB.max || mb % MEMORY_MB.step !== 0) {
    const nearest = mb === undefined ? undefined : clamp(Math.round(mb / MEMORY_MB.step) * MEMORY_MB.step, MEMORY_MB.min, MEMORY_MB.max);
    throw new BadValue(
      `--memory ${text} is not a memory size FC accepts: give megabytes from ${MEMORY_MB.min} to ${MEMORY_MB.max} in steps of ${MEMORY_MB.step}` +
        (nearest === undefined ? ' (e.g. 512, 1024, 2048).' : ` (the nearest is ${nearest}).`),
    );
  }
  return mb;
}

function parseTimeout(text: string): number {
  const seconds = wholeNumber(text);
  if (seconds === undefined || seconds < TIMEOUT_S.min || seconds > TIMEOUT_S.max) {
    throw new BadValue(
      `--timeout ${text} is not a timeout FC accepts: give whole seconds from ${TIMEOUT_S.min} to ${TIMEOUT_S.max} (24 hours).`,
    );
  }
  return seconds;
}

function parseCpu(text: string): number {
  const hundredths = /^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : undefined;
  if (hundredths === undefined || hundredths % 5 !== 0 || hundredths < CPU.min * 100 || hundredths > CPU.max * 100) {
    throw new BadValue(
      `--cpu ${text} is not a vCPU size FC accepts: give ${CPU.min} to ${CPU.max} in steps of ${CPU.step} (e.g. 0.35, 1, 2).`,
    );
  }
  return hundredths / 100;
}

/**
 * FC 3.0 requires memory (GB) between 1 and 4 times the vCPUs. Checked against the function's
 * current values for whatever the change leaves as is; functions without a vCPU setting
 * (FC 2.0 elastic instances) have no such rule.
 */
export function checkCpuMemoryRatio(change: FunctionChange, current: { memorySize?: number; cpu?: number }): void {
  const cpu = change.cpu ?? current.cpu;
  const memorySize = change.memorySize ?? current.memorySize;
  if (cpu === undefined || cpu <= 0 || memorySize === undefined) return;
  const gb = memorySize / 1024;
  if (gb >= cpu && gb <= cpu * 4) return;

  const cpuRange = `${formatCpu(Math.ceil((gb / 4) * 20) / 20)}–${formatCpu(Math.floor(gb * 20) / 20)}`;
  const memoryRange = `${Math.ceil((cpu * 1024) / MEMORY_MB.step) * MEMORY_MB.step}–${Math.floor((cpu * 4 * 1024) / MEMORY_MB.step) * MEMORY_MB.step}`;
  throw new BadValue(
    `${memorySize} MB with ${formatCpu(cpu)} vCPU is outside FC's rule (memory in GB between 1 and 4 times the vCPUs). ` +
      `For ${memorySize} MB pass --cpu in ${cpuRange}; for ${formatCpu(cpu)} vCPU use --memory in ${memoryRange}.`,
  );
}

function formatCpu(cpu: number): string {
  return String(Math.round(cpu * 100) / 100);
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
