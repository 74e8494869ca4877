import { functionSettingProblems } from '../../../tools/deploy-check/function-settings';

describe("a function's environment variables, by the function's own settings loader", () => {
  test('the sink accepts what it would start with, taking the region FC passes when OSS_REGION is not set', () => {
    expect(functionSettingProblems('oss-sink', { region: 'cn-hangzhou', environmentVariables: { OSS_BUCKET: 'archive' } })).toEqual([]);
  });

  test('each problem names the variable it is about, also one the function requires and the resource lacks', () => {
    expect(
      functionSettingProblems('oss-sink', { region: 'cn-hangzhou', environmentVariables: { OSS_PREFIX: '/x', MAX_VALUE_BYTES: 7 } }),
    ).toEqual([
      { variable: 'OSS_BUCKET', message: expect.stringMatching(/^OSS_BUCKET is required/) },
      { variable: 'OSS_PREFIX', message: expect.stringMatching(/^OSS_PREFIX "\/x" must not start with/) },
    ]);
  });

  test("the compaction function is checked by its own loader: the sink's settings and its own, every problem at once", () => {
    expect(
      functionSettingProblems('oss-compactor', {
        region: 'cn-hangzhou',
        environmentVariables: {
          OSS_BUCKET: 'archive',
          OSS_PREFIX: 'kafka',
          COMPACTED_PREFIX: 'kafka/compacted',
          COMPACT_TARGET_BYTES: '1',
        },
      }),
    ).toEqual([
      { variable: 'COMPACT_TARGET_BYTES', message: expect.stringMatching(/^COMPACT_TARGET_BYTES must be between 1024 and/) },
      {
        variable: 'COMPACTED_PREFIX',
        message: expect.stringMatching(/^COMPACTED_PREFIX "kafka\/compacted\/" and OSS_PREFIX "kafka\/" overlap/),
      },
    ]);
  });

  test('a function without a settings loader here is not checked', () => {
    expect(functionSettingProblems('oss-other', { environmentVariables: {} })).toBeUndefined();
  });
});
