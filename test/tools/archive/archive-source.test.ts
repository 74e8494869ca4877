import { ArchiveSettingsError, archiveSource } from '../../../tools/archive';

const base = { OSS_BUCKET: 'my-archive', OSS_REGION: 'cn-hangzhou', OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'secret-value-123' };

const problemsOf = (env: Record<string, string>, overrides = {}) => {
  try {
    archiveSource(env, overrides);
  } catch (error) {
    if (error instanceof ArchiveSettingsError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('archiveSource', () => {
  it("reads the function's variables: prefix made a folder, the public endpoint of the region, the default templates", () => {
    const source = archiveSource({
      ...base,
      OSS_PREFIX: 'kafka',
      OBJECT_KEY_TEMPLATE: 'dt={{timestamp:unit=yyyy}}/{{topic}}/{{partition}}/{{start_offset}}',
    });
    expect(source).toMatchObject({ bucket: 'my-archive', prefix: 'kafka/', compactedPrefix: 'compacted/', seedValueEncoding: 'text' });
    expect(source.description).toBe('oss://my-archive/kafka/ at https://oss-cn-hangzhou.aliyuncs.com');
    expect(source.templates.map((template) => template.text)).toEqual([
      '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}',
      'dt={{timestamp:unit=yyyy}}/{{topic}}/{{partition}}/{{start_offset}}',
    ]);
  });

  it('each setting can be overridden; credentials can come from an alias the caller read; the region from an OSS endpoint', () => {
    const source = archiveSource(
      { OSS_BUCKET: 'ignored-bucket' },
      {
        bucket: 'other-bucket',
        prefix: 'x/y/',
        endpoint: 'https://oss-cn-shanghai-internal.aliyuncs.com',
        credentials: { accessKeyId: 'alias-id', accessKeySecret: 'alias-secret-1234', source: "alias 'default'" },
        compactedPrefix: 'x/compacted',
        valueDataType: 'Binary',
      },
    );
    expect(source).toMatchObject({ bucket: 'other-bucket', prefix: 'x/y/', compactedPrefix: 'x/compacted/', seedValueEncoding: 'base64' });
    expect(source.secrets).toEqual(['alias-secret-1234']);
  });

  it('lists every problem at once, without printing a secret', () => {
    const error = problemsOf(
      { OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'very-secret-value' },
      { prefix: '/abs', endpoint: 'oss.example.com', keyTemplates: ['{{topic}}'] },
    );
    expect(error.exitCode).toBe(2);
    expect(error.problems).toEqual([
      'the bucket is not known: set OSS_BUCKET or pass --bucket',
      '--oss-endpoint "oss.example.com" must be a URL with scheme and host only, e.g. https://oss-cn-hangzhou-internal.aliyuncs.com or http://127.0.0.1:9000',
      "the bucket's region is not known: set OSS_REGION (e.g. cn-hangzhou) or pass --region",
      '--prefix "/abs" must not start with "/" or "\\" (OSS object keys cannot); write e.g. "archive/kafka"',
      expect.stringContaining('key template "{{topic}}": OBJECT_KEY_TEMPLATE must contain {{topic}}, {{partition}} and {{start_offset}}'),
    ]);
    expect(error.message).not.toContain('very-secret-value');
  });

  it('needs credentials, and both halves of a pair', () => {
    expect(problemsOf({ OSS_BUCKET: 'b-1', OSS_REGION: 'cn-hangzhou' }).problems).toEqual([
      expect.stringContaining('no credentials: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (or ALIBABA_CLOUD_ACCESS_KEY_ID'),
    ]);
    expect(problemsOf({ OSS_BUCKET: 'b-1', OSS_REGION: 'cn-hangzhou', OSS_ACCESS_KEY_ID: 'id' }).problems).toEqual([
      'OSS_ACCESS_KEY_SECRET is missing: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET',
    ]);
    const sts = archiveSource({
      OSS_BUCKET: 'b-1',
      OSS_REGION: 'cn-hangzhou',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's-1234567',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'token-12345678',
    });
    expect(sts.secrets).toEqual(['s-1234567', 'token-12345678']);
  });

  it('refuses a compacted zone that would contain the archive', () => {
    expect(problemsOf({ ...base, OSS_PREFIX: 'compacted/kafka' }).problems).toEqual([
      'the compacted zone "compacted/" contains the archive\'s prefix "compacted/kafka/": give each zone its own folder (--compacted-prefix, COMPACTED_PREFIX)',
    ]);
    expect(problemsOf(base, { valueDataType: 'Avro' }).problems).toEqual(['--value-data-type "Avro" must be one of Text, Json, Binary']);
  });
});
