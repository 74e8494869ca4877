export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export const MIB = 1024 * 1024;

export function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

export function ms(milliseconds: number): string {
  return `${milliseconds.toFixed(1)} ms`;
}
