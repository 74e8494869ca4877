/**
 * @module How an s.yaml reads the deployer's environment: `${env('NAME')}`,
 * `${env('NAME', 'default')}` (either quote) and `${env.NAME}`, resolved the way Serverless Devs does.
 */

/** One `env('NAME'[, 'default'])` call, wherever it stands inside an expression. */
export interface EnvCall {
  /** The call's whole text. */
  text: string;
  name: string;
  fallback: string | undefined;
}

const ENV_CALL = /env\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])(.*?)\3\s*)?\)/g;
const ENV_EXPRESSION = new RegExp(String.raw`\$\{\s*${ENV_CALL.source}\s*\}`, 'g');
const ENV_PROPERTY = /\$\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

export function envCalls(text: string): EnvCall[] {
  return [...text.matchAll(ENV_CALL)].map((match) => ({ text: match[0], name: match[2] as string, fallback: match[4] }));
}

/** `text` with every env reference replaced by the variable, else its default; unresolvable ones stay as written. */
export function resolveEnvReferences(text: string, env: Record<string, string | undefined>): string {
  return text
    .replace(
      ENV_EXPRESSION,
      (whole: string, _quote: string, name: string, _quote2: string | undefined, fallback: string | undefined) =>
        env[name] ?? fallback ?? whole,
    )
    .replace(ENV_PROPERTY, (whole: string, name: string) => env[name] ?? whole);
}
