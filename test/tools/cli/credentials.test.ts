import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptValue } from '../../../tools/cli/access-file';
import { envCredentials, runWith, useFcStandIn } from './cli-harness';
import { expectedFc2Authorization, expectedFc3Authorization } from './fc-stand-in';

const { standIn, dirs, endpoint } = useFcStandIn();

beforeAll(() => {
  standIn.responder = () => ({ body: { functionName: 'f', memorySize: 512, timeout: 60, triggers: [] } });
});

/**
 * Written by `s config add --AccessKeyID LTAI5tTestKeyId --AccessKeySecret 'sec+ret/with=chars'
 * --AccountID 1234567890123456 --SecurityToken tok-en -a test` (Serverless Devs 3.1.10): every value
 * is CryptoJS AES with the passphrase 'SecretKey123'.
 */
const WRITTEN_BY_S = `test:
  AccessKeyID: U2FsdGVkX1+E+TPHYJs3V0NlHenkW6WEDvQQRVGM6Zc=
  AccessKeySecret: U2FsdGVkX189jjQZVOM1kudAYg7LqmaLPRcmh2pmsJS0+Q6jsyf6e66AJ5SMqARL
  __provider: U2FsdGVkX1+DkinSg4amtLINJNNb1aiNdJguONd3GC8=
  SecurityToken: U2FsdGVkX1+8vhwsc4O9t+rkkZA2BfN78TWrMwfRPnU=
  AccountID: U2FsdGVkX1/eHdEgyF0z+9GfVHDji6B9CTKvJ0Fs2q1q87Yb8BK9/MsaoSubB1om
`;

function homeWithAccessFile(content: string, fileName = 'access.yaml'): string {
  const home = dirs.make();
  mkdirSync(join(home, '.s'));
  writeFileSync(join(home, '.s', fileName), content);
  return home;
}

const fn = ['--function', 'f', '--region', 'cn-hangzhou'];

describe('credentials', () => {
  test("the values 's config add' encrypted decrypt to what was entered", () => {
    expect(decryptValue('U2FsdGVkX1+E+TPHYJs3V0NlHenkW6WEDvQQRVGM6Zc=')).toBe('LTAI5tTestKeyId');
    expect(decryptValue('U2FsdGVkX189jjQZVOM1kudAYg7LqmaLPRcmh2pmsJS0+Q6jsyf6e66AJ5SMqARL')).toBe('sec+ret/with=chars');
    expect(decryptValue('U2FsdGVkX1/eHdEgyF0z+9GfVHDji6B9CTKvJ0Fs2q1q87Yb8BK9/MsaoSubB1om')).toBe('1234567890123456');
    // Plain values (hand-written files, older versions) pass through, as in `s`.
    expect(decryptValue('LTAIplain')).toBe('LTAIplain');
    expect(decryptValue('U2FsdGVkX1+notreallyciphertextatallxxxxxxxxx=')).toBe('U2FsdGVkX1+notreallyciphertextatallxxxxxxxxx=');
  });

  test('--access <alias> signs FC 3.0 requests with the decrypted key and token', async () => {
    const home = homeWithAccessFile(WRITTEN_BY_S);
    const run = await runWith(['status', ...fn, '--access', 'test', '--endpoint', endpoint()], { HOME: home }, dirs.make());

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const request = standIn.requests[0]!;
    expect(request.headers['x-acs-security-token']).toBe('tok-en');
    expect(request.headers.authorization).toBe(expectedFc3Authorization(request, 'LTAI5tTestKeyId', 'sec+ret/with=chars'));
  });

  test("the 'default' alias is used when no environment credentials are set, including its AccountID for FC 2.0", async () => {
    const home = homeWithAccessFile(WRITTEN_BY_S.replace('test:', 'default:'), 'access.yml');
    const run = await runWith(['status', ...fn, '--service', 'svc', '--endpoint', endpoint()], { HOME: home }, dirs.make());

    expect(run.code).toBe(0);
    const request = standIn.requests[0]!;
    expect(request.headers['x-fc-account-id']).toBe('1234567890123456');
    expect(request.headers.authorization).toBe(expectedFc2Authorization(request, 'LTAI5tTestKeyId', 'sec+ret/with=chars'));
  });

  test('environment credentials win over the file unless --access is given', async () => {
    const home = homeWithAccessFile(WRITTEN_BY_S.replace('test:', 'default:'));
    await runWith(['status', ...fn, '--endpoint', endpoint()], envCredentials(home), dirs.make());
    expect(String(standIn.requests[0]!.headers.authorization)).toContain('Credential=LTAI5tStandInKeyId,');

    standIn.requests.length = 0;
    await runWith(['status', ...fn, '--endpoint', endpoint(), '--access', 'default'], envCredentials(home), dirs.make());
    expect(String(standIn.requests[0]!.headers.authorization)).toContain('Credential=LTAI5tTestKeyId,');
  });

  test('missing credentials: names both ways to provide them, sends nothing', async () => {
    const run = await runWith(['status', ...fn, '--endpoint', endpoint()], { HOME: dirs.make() }, dirs.make());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(run.stderr).toContain("'s config add'");
    expect(standIn.requests).toHaveLength(0);
  });

  test('an unknown alias lists the ones there are; a half-set environment names the missing variable', async () => {
    const home = homeWithAccessFile(WRITTEN_BY_S);
    const unknown = await runWith(['status', ...fn, '--access', 'prod', '--endpoint', endpoint()], { HOME: home }, dirs.make());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No credentials alias 'prod'");
    expect(unknown.stderr).toContain('it has: test');

    const half = await runWith(
      ['status', ...fn, '--endpoint', endpoint()],
      { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIx' },
      dirs.make(),
    );
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set');
    expect(standIn.requests).toHaveLength(0);
  });

  test('a temporary (STS) AccessKey without its token is refused before any request', async () => {
    const env = envCredentials(dirs.make(), { ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NTemporaryKey' });
    delete env.ALIBABA_CLOUD_SECURITY_TOKEN;
    const run = await runWith(['status', ...fn, '--endpoint', endpoint(), '--service', 's'], env, dirs.make());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALIBABA_CLOUD_SECURITY_TOKEN');
    expect(standIn.requests).toHaveLength(0);
  });

  test('without --endpoint the account ID is required, since it is part of the FC endpoint', async () => {
    const env = envCredentials(dirs.make());
    delete env.ALIBABA_CLOUD_ACCOUNT_ID;
    const run = await runWith(['status', ...fn], env, dirs.make());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALIBABA_CLOUD_ACCOUNT_ID');
    expect(run.stderr).toContain(`<account id>.cn-hangzhou.fc.aliyuncs.com`);
  });
});
