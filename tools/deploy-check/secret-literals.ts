/**
 * Keeps AccessKeys out of s.yaml: the file is committed and shared, so a key in it (even as the
 * default of an `${env()}`) is a leaked key. Messages give the line, never the value.
 */
import { jsonObject } from '../../lib/platform/json';
import { envCalls } from '../serverless-devs/env-references';

const ACCESS_KEY_ID = /(?<![0-9A-Za-z])LTAI[0-9A-Za-z]{12,30}(?![0-9A-Za-z])/;
// An AccessKey secret is 30 letters and digits; requiring both cases and a digit spares ordinary words.
const ACCESS_KEY_SECRET = /(?<![0-9A-Za-z])(?=[0-9A-Za-z]*[a-z])(?=[0-9A-Za-z]*[A-Z])(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{30}(?![0-9A-Za-z])/;
const STS_TOKEN = /(?<![0-9A-Za-z])STS\.[0-9A-Za-z]{20,}/;

/** Every line of the template text holding something that looks like an AccessKey, STS key or secret. */
export function findSecretLiterals(text: string, fileLabel: string): string[] {
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const kind = ACCESS_KEY_ID.test(line)
      ? 'an AccessKey ID (LTAI…)'
      : STS_TOKEN.test(line)
        ? 'an STS AccessKey ID (STS.…)'
        : ACCESS_KEY_SECRET.test(line)
          ? 'an AccessKey secret (30 letters and digits)'
          : undefined;
    if (kind !== undefined) {
      problems.push(
        `${fileLabel} line ${index + 1} holds what looks like ${kind}. Never write keys in the file, not even as an env() default: ` +
          `remove it (and rotate the key if the file was shared), then pass it as OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET in the environment, or use a role.`,
      );
    }
  });
  return problems;
}

/** A name that holds a credential: AccessKey, secret, token or password. */
export const CREDENTIAL_NAME = /ACCESS_?KEY|SECRET|TOKEN|PASSWORD/i;
const EXPRESSION = /\$\{[\s\S]*?\}|<%[\s\S]*?%>/g;

/**
 * Each credential-like environment variable of the function (name containing ACCESS_KEY, SECRET,
 * TOKEN or PASSWORD) must be filled only from the deployer's environment: `${env('NAME', '')}`,
 * directly or through a var, with no literal and no non-empty default.
 */
export function checkCredentialSources(rawTemplate: unknown): string[] {
  const document = jsonObject(rawTemplate);
  const vars = jsonObject(document.vars);
  const problems: string[] = [];
  for (const [resourceName, resource] of Object.entries(jsonObject(document.resources))) {
    const variables = jsonObject(jsonObject(jsonObject(resource).props).environmentVariables);
    for (const [name, raw] of Object.entries(variables)) {
      if (!CREDENTIAL_NAME.test(name)) continue;
      const where = `resources.${resourceName}.props.environmentVariables.${name}`;
      const problem = literalIn(raw, vars, new Set());
      if (problem !== undefined) {
        problems.push(
          `${where} ${problem}: a credential must come only from the environment, e.g. \${env('${name}', '')} (directly or through a var)`,
        );
      }
    }
  }
  return problems;
}

/** Why the raw value could carry a literal credential, or undefined if it comes only from env(). */
function literalIn(raw: unknown, vars: Record<string, unknown>, seen: Set<string>): string | undefined {
  if (typeof raw !== 'string') return 'is a literal value';
  const outside = raw.replace(EXPRESSION, '').trim();
  if (outside !== '') return 'contains literal text';
  for (const expression of raw.match(EXPRESSION) ?? []) {
    const calls = envCalls(expression);
    for (const call of calls) {
      if (call.fallback !== undefined && call.fallback !== '') return `has a non-empty default in env('${call.name}', …)`;
    }
    const outsideCalls = calls.reduce((rest, call) => rest.replace(call.text, ''), expression);
    if (/(['"])[^'"]+\1/.test(outsideCalls)) return 'has a quoted literal in its expression';
    for (const reference of expression.matchAll(/\bvars\.([A-Za-z_$][\w$]*)/g)) {
      const name = reference[1] as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const problem = literalIn(vars[name], vars, seen);
      if (problem !== undefined) return `takes vars.${name}, which ${problem}`;
    }
  }
  return undefined;
}
