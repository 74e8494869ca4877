import OSS from 'ali-oss';
import type { OssCredentials } from '../config/credentials';
import type { Settings } from '../config/settings';

/**
 * Hands out an ali-oss client for the invocation's credentials, building a new one only when they
 * change (role keys are renewed by FC from time to time), so that the common case costs nothing.
 */
export class OssClients {
  private current?: { credentials: OssCredentials; client: OSS };

  constructor(private readonly settings: Settings) {}

  for(credentials: OssCredentials): OSS {
    const current = this.current;
    if (
      current &&
      current.credentials.accessKeyId === credentials.accessKeyId &&
      current.credentials.accessKeySecret === credentials.accessKeySecret &&
      current.credentials.securityToken === credentials.securityToken
    ) {
      return current.client;
    }
    const client = createOssClient(this.settings, credentials);
    this.current = { credentials, client };
    return client;
  }
}

function createOssClient(settings: Settings, credentials: OssCredentials): OSS {
  return new OSS({
    bucket: settings.bucket,
    region: `oss-${settings.region}`,
    endpoint: settings.endpoint,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken
      ? {
          stsToken: credentials.securityToken,
          // Renewal is ours (a new client per new key); the interval only keeps ali-oss from warning.
          refreshSTSTokenInterval: 3_600_000,
        }
      : {}),
    authorizationV4: settings.signatureVersion === 4,
    timeout: settings.requestTimeoutMs,
    secure: settings.endpoint.startsWith('https:'),
  } as OSS.Options);
}
