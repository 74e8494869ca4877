import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { isJsonObject } from '../../lib/platform/json';
import { DotEnvError, templateVariables } from '../serverless-devs/dot-env';
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
  /** Where s.yaml was looked for, for messages. */
  searched: string;
  values: Partial<Record<VarName, string>>;
  /** Why a var that is present could not be used; reported only if the value is needed. */
  problems: Partial<Record<VarName, string>>;
}

const FILE_NAMES = ['s.yaml', 's.yml'];
const VAR_NAMES: readonly VarName[] = ['region', 'name', 'topic'];

/** The vars of the s.yaml in `cwd` or the nearest folder above it (up to `ceiling`, if given). */
export function readProjectVars(cwd: string, env: NodeJS.ProcessEnv, ceiling?: string): ProjectVars {
  const searched = resolve(cwd);
  const file = findTemplate(searched, ceiling);
  if (file === undefined) return { searched, values: {}, problems: {} };

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
  let variables: Record<string, string | undefined>;
  try {
    variables = templateVariables(dirname(file), env);
  } catch (error) {
    if (error instanceof DotEnvError) throw new CliError(error.message);
    throw error;
  }

  const result: ProjectVars = { file, searched, values: {}, problems: {} };
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

/**
 * The project's template: s.yaml (or s.yml) in `dir` or the nearest folder above it, so the CLI
 * works from anywhere inside the project. (`s` itself looks only in the current folder, or at -t.)
 */
export function findTemplate(dir: string, ceiling?: string): string | undefined {
  const stop = ceiling === undefined ? undefined : resolve(ceiling);
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    const file = FILE_NAMES.map((name) => join(folder, name)).find((path) => existsSync(path));
    if (file !== undefined) return file;
    if (folder === stop || dirname(folder) === folder) return undefined;
  }
}
