import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';
import { isJsonObject } from '../../lib/platform/json';
import { resolveEnvReferences } from '../serverless-devs/env-references';
import { CliError } from './cli-error';

/**
 * The defaults a project's s.yaml gives the CLI: its top-level `vars` `region`, `name` (the
 * connector's name, which is the function's name) and `topic`. Values written as
 * `${env('X', 'default')}` are resolved the way Serverless Devs does: the variable if set (in the
 * environment, else in a `.env` file beside s.yaml), else the default.
 */
export type VarName = 'region' | 'name' | 'topic';

export interface ProjectVars {
  /** The file the values came from, for messages; absent when there is no s.yaml. */
  file?: string;
  values: Partial<Record<VarName, string>>;
  /** Why a var that is present could not be used; reported only if the value is needed. */
  problems: Partial<Record<VarName, string>>;
}

const FILE_NAMES = ['s.yaml', 's.yml'];
const VAR_NAMES: readonly VarName[] = ['region', 'name', 'topic'];

export function readProjectVars(cwd: string, env: NodeJS.ProcessEnv): ProjectVars {
  const file = FILE_NAMES.map((name) => join(cwd, name)).find((path) => existsSync(path));
  if (file === undefined) return { values: {}, problems: {} };

  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new CliError(
      `${file} is not valid YAML (${reason}). Fix it, or run from a directory without it and pass the options it would have given.`,
    );
  }
  const vars = isJsonObject(document) && isJsonObject(document.vars) ? document.vars : {};
  const variables = { ...readDotEnv(dirname(file)), ...env };

  const result: ProjectVars = { file, values: {}, problems: {} };
  for (const name of VAR_NAMES) {
    const raw = vars[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const value = resolveEnvReferences(String(raw), variables);
    if (value.includes('${')) {
      result.problems[name] =
        `${file}: vars.${name} is '${raw}', which does not resolve here ` +
        `(an \${env('NAME')} without a default needs NAME set; other expressions are not understood)`;
    } else if (value === '') {
      result.problems[name] = `${file}: vars.${name} ('${raw}') is empty here`;
    } else {
      result.values[name] = value;
    }
  }
  return result;
}

/** Serverless Devs loads a `.env` beside s.yaml; variables already set in the environment win. */
function readDotEnv(dir: string): NodeJS.ProcessEnv {
  const path = join(dir, '.env');
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch {
    // parseEnv's message could quote the file's lines, and a .env often holds secrets.
    throw new CliError(`${path} could not be read as KEY=value lines. Fix it, or remove it and set the variables in the environment.`);
  }
}
