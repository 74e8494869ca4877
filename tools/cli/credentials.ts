import { readAccessFile } from './access-file';
import { CliError } from './cli-error';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  accountId?: string;
  /** Where they came from, for messages (never the values). */
  source: string;
}

const HOW_TO_PROVIDE =
  'Either set ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS keys) ' +
  "and ALIBABA_CLOUD_ACCOUNT_ID, or run 's config add' to store them in ~/.s/access.yaml (alias 'default', or pick one with --access).";

/**
 * An explicit --access alias wins; then the ALIBABA_CLOUD_* environment variables (what FC itself
 * injects and what CI systems set); then the 'default' alias of the Serverless Devs file.
 */
export function resolveCredentials(env: NodeJS.ProcessEnv, accessAlias: string | undefined): Credentials {
  const credentials = (accessAlias === undefined ? credentialsFromEnv(env) : undefined) ?? credentialsFromFile(env, accessAlias);
  // Temporary (STS) AccessKeys start with "STS." and are refused without their token.
  if (credentials.accessKeyId.startsWith('STS.') && credentials.securityToken === undefined) {
    throw new CliError(
      `The AccessKey from ${credentials.source} is a temporary (STS) key, which needs its security token: ` +
        'set ALIBABA_CLOUD_SECURITY_TOKEN (or SecurityToken in the alias), or use a permanent AccessKey.',
    );
  }
  return credentials;
}

function credentialsFromFile(env: NodeJS.ProcessEnv, accessAlias: string | undefined): Credentials {
  const alias = accessAlias ?? 'default';
  const file = readAccessFile(env);
  if (file === undefined) {
    throw new CliError(
      accessAlias === undefined
        ? `No credentials found. ${HOW_TO_PROVIDE}`
        : `--access ${alias}: there is no Serverless Devs credentials file (~/.s/access.yaml). Run 's config add -a ${alias}', or drop --access and use the ALIBABA_CLOUD_* environment variables.`,
    );
  }
  const entry = file.aliases[alias];
  if (entry === undefined) {
    const known = Object.keys(file.aliases);
    throw new CliError(
      `No credentials alias '${alias}' in ${file.path} (it has: ${known.length > 0 ? known.join(', ') : 'none'}). ` +
        (accessAlias === undefined ? HOW_TO_PROVIDE : `Pick one of those with --access, or run 's config add -a ${alias}'.`),
    );
  }
  if (!entry.AccessKeyID || !entry.AccessKeySecret) {
    throw new CliError(`Alias '${alias}' in ${file.path} has no AccessKeyID/AccessKeySecret. Run 's config add -a ${alias}' again.`);
  }
  return {
    accessKeyId: entry.AccessKeyID,
    accessKeySecret: entry.AccessKeySecret,
    securityToken: entry.SecurityToken || undefined,
    accountId: entry.AccountID || undefined,
    source: `alias '${alias}' of ${file.path}`,
  };
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials | undefined {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId && !accessKeySecret) return undefined;
  if (!accessKeyId || !accessKeySecret) {
    const missing = accessKeyId ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID';
    throw new CliError(`${missing} is not set, but its partner is. Set both, or unset both to use ~/.s/access.yaml.`);
  }
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined,
    accountId: env.ALIBABA_CLOUD_ACCOUNT_ID || undefined,
    source: 'the ALIBABA_CLOUD_* environment variables',
  };
}
