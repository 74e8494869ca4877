import { startLocalOssServer, type LocalCredential, type LocalOssServer } from '../../../tools/oss-emulator';
import { ossClient, rejection } from './oss-server-fixture';

const writer: LocalCredential = {
  accessKeyId: 'writer-key',
  accessKeySecret: 'writer-secret-value',
  permissions: ['oss:PutObject', 'oss:GetObject'],
};
const sts: LocalCredential = {
  accessKeyId: 'STS.temporary-key',
  accessKeySecret: 'sts-secret-value',
  securityToken: 'sts-token-value-CAIS',
};
const admin: LocalCredential = { accessKeyId: 'admin-key', accessKeySecret: 'admin-secret-value' };

let server: LocalOssServer;

beforeAll(async () => {
  server = await startLocalOssServer({ dir: null, credentials: [admin, writer, sts] });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
});

describe.each([
  ['V1', false],
  ['V4', true],
])('%s signatures', (version, authorizationV4) => {
  test('a correctly signed request is accepted and recorded with its version', async () => {
    await ossClient(server, { authorizationV4 }, admin).put('auth/ok', Buffer.from('x'));
    expect(server.requests.at(-1)).toMatchObject({ status: 200, signatureVersion: version.toLowerCase(), securityTokenPresent: false });
    expect(server.requests.at(-1)?.headers).not.toHaveProperty('authorization');
  });

  test('a wrong secret is 403 SignatureDoesNotMatch and nothing is stored', async () => {
    const error = await rejection(
      ossClient(server, { authorizationV4 }, { ...admin, accessKeySecret: 'wrong-secret' }).put('auth/bad', Buffer.from('x')),
    );
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(error.requestId).toBe(server.requests.at(-1)?.requestId);
    expect(error.message).toContain('admin-key');
    expect(error.message).not.toContain('wrong-secret');
    expect(error.message).not.toContain(admin.accessKeySecret);
    expect(await server.getObject('local-bucket', 'auth/bad')).toBeUndefined();
  });

  test('an unknown AccessKey id is 403 InvalidAccessKeyId', async () => {
    const error = await rejection(ossClient(server, { authorizationV4 }, { accessKeyId: 'who', accessKeySecret: 'x' }).get('auth/ok'));
    expect(error).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    expect(error.message).toContain('"who"');
  });

  test('an STS key is accepted only with its security token', async () => {
    await ossClient(server, { authorizationV4 }, sts).put('auth/sts', Buffer.from('x'));
    expect(server.requests.at(-1)).toMatchObject({ status: 200, securityTokenPresent: true });
    expect(server.requests.at(-1)?.headers).not.toHaveProperty('x-oss-security-token');

    const missing = await rejection(ossClient(server, { authorizationV4 }, { ...sts, securityToken: undefined }).get('auth/sts'));
    expect(missing).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(missing.message).toContain('x-oss-security-token');

    const wrong = await rejection(ossClient(server, { authorizationV4 }, { ...sts, securityToken: 'stolen-token' }).get('auth/sts'));
    expect(wrong).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(wrong.message).not.toContain('stolen-token');
    expect(wrong.message).not.toContain(sts.securityToken);
  });

  test('a signature mismatch never shows the secret or the security token', async () => {
    const error = await rejection(ossClient(server, { authorizationV4 }, { ...sts, accessKeySecret: 'not-the-secret' }).get('auth/sts'));
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    for (const secret of [sts.accessKeySecret, sts.securityToken!, 'not-the-secret']) expect(error.message).not.toContain(secret);
    expect(error.message).toContain('x-oss-security-token:<redacted>');
  });

  test('a validly signed request without the permission is 403 AccessDenied', async () => {
    const client = ossClient(server, { authorizationV4 }, writer);
    await client.put('auth/writer', Buffer.from('x'));
    expect((await client.head('auth/writer')).status).toBe(200);
    const del = await rejection(client.delete('auth/writer'));
    expect(del).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(del.message).toContain('oss:DeleteObject');
    expect(await rejection(client.list(null, {}))).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await server.getObject('local-bucket', 'auth/writer')).toBeDefined();
  });
});

test('a V4 signature scoped to another region is refused with both regions named', async () => {
  const error = await rejection(ossClient(server, { authorizationV4: true, region: 'oss-cn-shanghai' }, admin).get('auth/ok'));
  expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  expect(error.message).toContain('"cn-shanghai"');
  expect(error.message).toContain('"cn-hangzhou"');
});

test('an anonymous request is 403 AccessDenied', async () => {
  const response = await fetch(`${server.endpoint}/auth/ok`);
  expect(response.status).toBe(403);
  expect(response.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/);
  expect(response.headers.get('content-type')).toBe('application/xml');
  const xml = await response.text();
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  expect(xml).toContain('<Code>AccessDenied</Code>');
  expect(xml).toContain(`<RequestId>${response.headers.get('x-oss-request-id')}</RequestId>`);
  expect(server.requests.at(-1)).toMatchObject({ status: 403, signatureVersion: null, errorCode: 'AccessDenied' });
});

test('credentials are checked when the server starts', async () => {
  await expect(startLocalOssServer({ dir: null, credentials: [admin, admin] })).rejects.toThrow('"admin-key" appears twice');
  await expect(startLocalOssServer({ dir: null, credentials: [{ ...admin, permissions: ['oss:Everything' as never] }] })).rejects.toThrow(
    'unknown permission "oss:Everything"',
  );
});
