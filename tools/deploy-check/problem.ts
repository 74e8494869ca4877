import { CREDENTIAL_NAME } from './secret-literals';

/** One thing wrong with the deployment, said so a person can fix it. */
export interface Problem {
  message: string;
  /** The `vars` the problem is about, so that one bad setting is reported once, not once per place it lands. */
  vars?: string[];
}

/** The rendered `vars` of s.yaml, and which environment variable each is read from (e.g. `bucket` → `OSS_BUCKET`). */
export interface TemplateVars {
  values: Record<string, unknown>;
  envNames: Record<string, string>;
}

/**
 * A problem with one var, e.g. `vars.bucket (OSS_BUCKET) = "Bad": <rule>`. A credential's value is
 * never shown; an empty one says where to set it.
 */
export function varProblem(name: string, vars: TemplateVars, rule: string): Problem {
  const envName = vars.envNames[name];
  const label = envName === undefined ? `vars.${name}` : `vars.${name} (${envName})`;
  const value = vars.values[name];
  const secret = CREDENTIAL_NAME.test(name) || (envName !== undefined && CREDENTIAL_NAME.test(envName));
  const shown = value === undefined ? 'is missing from s.yaml' : value === '' ? 'is empty' : secret ? 'is set' : `= ${show(value)}`;
  return { message: `${label} ${shown}: ${rule}`, vars: [name] };
}

/** Where an empty setting is given, for the message. */
export function whereToSet(name: string, vars: TemplateVars): string {
  const envName = vars.envNames[name];
  return envName === undefined ? `set vars.${name} in s.yaml` : `set ${envName} in the environment or in a .env file beside s.yaml`;
}

export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
