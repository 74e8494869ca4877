/** @module Command-line values shared by the simulator's commands, each refused with a sentence saying what is allowed. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SINK_BUNDLE } from '../fc-runner/local-defaults';

/** The built instance program, beside the other built tools. */
export const INSTANCE_SCRIPT = 'dist/tools/simulator-instance.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

/** `--env KEY=VALUE` options as the functions' settings. */
export function envOptions(pairs: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--env takes KEY=VALUE, e.g. --env RECORD_FORMAT=full; got ${JSON.stringify(pair)}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/** The built function and instance program, or an error saying to build them. */
export function builtFiles(): { bundle: string; instanceScript: string } {
  const bundle = resolve(SINK_BUNDLE);
  const instanceScript = resolve(INSTANCE_SCRIPT);
  for (const file of [bundle, instanceScript]) {
    if (!existsSync(file))
      throw new Error(`${file} does not exist: run npm run build first (npm start and npm run soak build before they run).`);
  }
  return { bundle, instanceScript };
}
