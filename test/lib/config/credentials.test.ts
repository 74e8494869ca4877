import { ConfigError } from '../../../lib/config/config-error';
import { resolveCredentials } from '../../../lib/config/credentials';

const role = { accessKeyId: 'STS.role', accessKeySecret: 'role-secret', securityToken: 'role-token' };
const envPair = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
};

describe('resolveCredentials', () => {
  it('prefers the AccessKey pair given for the bucket', () => {
    expect(resolveCredentials({ OSS_ACCESS_KEY_ID: 'oss-id', OSS_ACCESS_KEY_SECRET: 'oss-secret', ...envPair }, role)).toEqual({
      accessKeyId: 'oss-id',
      accessKeySecret: 'oss-secret',
      source: 'OSS_ACCESS_KEY_ID',
    });
  });

  it("then the role's keys from the invocation context, with their token", () => {
    expect(resolveCredentials(envPair, role)).toMatchObject(role);
  });

  it('then the ALIBABA_CLOUD_* variables', () => {
    expect(resolveCredentials(envPair, undefined)).toMatchObject({
      accessKeyId: 'env-id',
      accessKeySecret: 'env-secret',
      securityToken: 'env-token',
    });
  });

  it('rejects half an AccessKey pair without printing the half that is set', () => {
    let error: unknown;
    try {
      resolveCredentials({ OSS_ACCESS_KEY_SECRET: 'half-secret-value' }, role);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('OSS_ACCESS_KEY_ID is missing');
    expect((error as Error).message).not.toContain('half-secret-value');
  });

  it('says how to provide credentials when there are none', () => {
    expect(() => resolveCredentials({}, {})).toThrow(/give the function a role.*OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET/);
  });
});
