import type { Env, FcContext } from '../platform/fc';
import { ConfigError } from './config-error';

export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where they came from, for the log; never the values. */
  source: string;
}

/**
 * Picks the credentials for this invocation, first found wins:
 * 1. OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET, the AccessKey pair given for the bucket;
 * 2. context.credentials, the function role's STS keys, which FC renews for every invocation;
 * 3. ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, which FC and `s local invoke` set
 *    when the instance starts (for a role they can be older than the context's).
 */
export function resolveCredentials(env: Env, context: FcContext['credentials']): OssCredentials {
  const ossId = env.OSS_ACCESS_KEY_ID;
  const ossSecret = env.OSS_ACCESS_KEY_SECRET;
  if (ossId || ossSecret) {
    if (!ossId || !ossSecret) {
      throw new ConfigError([
        `${ossId ? 'OSS_ACCESS_KEY_SECRET' : 'OSS_ACCESS_KEY_ID'} is missing: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET, or neither to use the function's role`,
      ]);
    }
    return { accessKeyId: ossId, accessKeySecret: ossSecret, source: 'OSS_ACCESS_KEY_ID' };
  }
  if (context?.accessKeyId && context.accessKeySecret) {
    return {
      accessKeyId: context.accessKeyId,
      accessKeySecret: context.accessKeySecret,
      ...(context.securityToken ? { securityToken: context.securityToken } : {}),
      source: "the function's role (context.credentials)",
    };
  }
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && secret) {
    const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
    return { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}), source: 'ALIBABA_CLOUD_ACCESS_KEY_ID' };
  }
  throw new ConfigError([
    'no OSS credentials: give the function a role (FC passes its keys in context.credentials), or set ' +
      'OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET',
  ]);
}
