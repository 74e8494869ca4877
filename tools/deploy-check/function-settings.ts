/**
 * @module A function's environment variables, checked by the rules the function itself applies
 * when it starts: its own settings loader from lib/config, so the check and the function cannot
 * disagree, and a setting added to the function is checked without a change here.
 */
import { ConfigError } from '../../lib/config/config-error';
import { loadSettings } from '../../lib/config/settings';
import { loadCompactorSettings } from '../../lib/config/compaction-settings';
import type { Env } from '../../lib/platform/fc';
import { isJsonObject } from '../../lib/platform/json';

/** Each function's settings loader, by the function's folder under functions/. A function not listed has its variables unchecked. */
const SETTINGS_LOADERS: Record<string, (env: Env) => unknown> = {
  'oss-sink': loadSettings,
  'oss-compactor': loadCompactorSettings,
};

export interface SettingProblem {
  message: string;
  /** The environment variable the problem is about, when the message names one. */
  variable?: string;
}

/**
 * What the function would reject on start with the environment variables of its fc3 `props`, or
 * undefined when the function has no settings loader here.
 */
export function functionSettingProblems(functionName: string, props: Record<string, unknown>): SettingProblem[] | undefined {
  const load = SETTINGS_LOADERS[functionName];
  if (load === undefined) return undefined;
  const env: Env = {};
  const variables = isJsonObject(props.environmentVariables) ? props.environmentVariables : {};
  for (const [name, value] of Object.entries(variables)) if (value !== null && value !== undefined) env[name] = String(value);
  // What FC itself sets in every instance, from the function's own settings.
  const injected = { FC_REGION: props.region, FC_FUNCTION_NAME: props.functionName, FC_FUNCTION_MEMORY_SIZE: props.memorySize };
  for (const [name, value] of Object.entries(injected))
    if (typeof value === 'string' || typeof value === 'number') env[name] = String(value);
  try {
    load(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((message) => ({ message, variable: namedVariable(message, Object.keys(env)) }));
  }
}

/** The variable a settings message is about: the first one it names (its messages start with the name). */
function namedVariable(message: string, known: string[]): string | undefined {
  const names = [...message.matchAll(/(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])/g)].map((match) => match[0]);
  return names.find((name) => known.includes(name)) ?? names[0];
}
