import { describeOssFailure, formatOssFailure } from '../../../lib/oss/oss-failure';

describe('describeOssFailure', () => {
  it('classifies a 503 without a body (no code) as transient, named by the client error', () => {
    expect(describeOssFailure(Object.assign(new Error('Unknow error, status: 503'), { name: 'UnknownError', status: 503 }))).toMatchObject({
      transient: true,
      status: 503,
      code: 'UnknownError',
    });
  });

  it('keeps the OSS code and request id of a permanent error, and formats them for people', () => {
    const failure = describeOssFailure(
      Object.assign(new Error('You have no right to access this object.'), {
        name: 'AccessDeniedError',
        status: 403,
        code: 'AccessDenied',
        requestId: '5C3D9175B6FC201293AD****',
      }),
    );
    expect(failure.transient).toBe(false);
    expect(formatOssFailure(failure)).toBe(
      'HTTP 403 AccessDenied, request id 5C3D9175B6FC201293AD****: You have no right to access this object.',
    );
  });

  it('drops the advice ali-oss appends to timeout messages', () => {
    const failure = describeOssFailure(
      Object.assign(new Error('Response timeout for 500ms, please increase the timeout, see more details at https://x'), {
        name: 'ResponseTimeoutError',
      }),
    );
    expect(failure).toMatchObject({ transient: true, code: 'ResponseTimeoutError', message: 'Response timeout for 500ms' });
  });

  it('treats a programming error as permanent', () => {
    expect(describeOssFailure(new TypeError('x is not a function')).transient).toBe(false);
  });
});
