/**
 * @module The vars s.yaml turns into numbers with `${json(env('NAME', 'default'))}`. Serverless Devs
 * stops at the first such value that is not JSON, and says nothing about any other setting; checked
 * here before rendering, each bad value is reported and its default stands in, so the rest of the
 * template can still be rendered and checked in the same run.
 */
import { type Problem, type TemplateVars, varProblem } from './problem';

const JSON_OF_ENV = /json\(\s*env\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])(.*?)\3\s*)?\)\s*\)/;

export interface JsonVarCheck {
  problems: Problem[];
  /** Environment values that make the template render: each bad variable's default. */
  standIns: Record<string, string>;
}

/**
 * `rawVars` as written in s.yaml; `variables` what the template sees (environment over .env), an
 * empty value counting as unset, as in Serverless Devs.
 */
export function checkJsonVars(rawVars: Record<string, unknown>, variables: Record<string, string | undefined>): JsonVarCheck {
  const result: JsonVarCheck = { problems: [], standIns: {} };
  for (const [name, raw] of Object.entries(rawVars)) {
    const match = typeof raw === 'string' ? JSON_OF_ENV.exec(raw) : null;
    if (match === null) continue;
    const envName = match[2] as string;
    const fallback = match[4];
    const value = variables[envName];
    if (value === undefined || value === '' || parses(value)) continue;
    const vars: TemplateVars = { values: { [name]: value }, envNames: { [name]: envName } };
    const example = fallback !== undefined && parses(fallback) ? fallback : undefined;
    const numeric = example !== undefined && typeof JSON.parse(example) === 'number';
    const rule = numeric
      ? `is not a number: write a plain number, e.g. ${envName}=${example}`
      : `is not a JSON value${example === undefined ? '' : `, e.g. ${envName}=${example}`}`;
    result.problems.push(varProblem(name, vars, rule));
    if (example !== undefined) result.standIns[envName] = example;
  }
  return result;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
