import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The `.env` file beside an s.yaml could not be read; the message never quotes its lines (they often hold secrets). */
export class DotEnvError extends Error {
  override readonly name = 'DotEnvError';
}

/**
 * The variables an s.yaml sees, as Serverless Devs builds them: the `.env` file beside the
 * template, with the variables already set in the environment winning.
 */
export function templateVariables(templateDir: string, env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...readDotEnv(templateDir), ...env };
}

function readDotEnv(dir: string): Record<string, string | undefined> {
  const path = join(dir, '.env');
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch {
    throw new DotEnvError(`${path} could not be read as KEY=value lines. Fix it, or remove it and set the variables in the environment.`);
  }
}
