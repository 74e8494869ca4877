import { ConfigError } from '../../../lib/config/config-error';
import { DEFAULT_MAX_VALUE_BYTES, loadSettings } from '../../../lib/config/settings';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it("applies the defaults: public endpoint outside FC, 6 MiB limit, V4 signatures, no prefix, the seed's format, nothing lost", () => {
    expect(loadSettings({ OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou' })).toEqual({
      bucket: 'my-bucket',
      region: 'cn-hangzhou',
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      prefix: '',
      maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
      signatureVersion: 4,
      requestTimeoutMs: 60000,
      failurePolicy: 'continue',
      overflow: 'spill',
      recordFormat: 'seed',
      valueDataType: 'Text',
      outputFormat: 'json',
      compression: 'none',
      keyTemplate: expect.objectContaining({ text: '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}', timeUnits: [] }),
      timeZone: 'UTC',
    });
    expect(DEFAULT_MAX_VALUE_BYTES).toBe(6291456);
  });

  it("uses the internal endpoint inside FC in the bucket's region, taking the region from FC_REGION", () => {
    expect(loadSettings({ OSS_BUCKET: 'my-bucket', FC_REGION: 'cn-shanghai' })).toMatchObject({
      region: 'cn-shanghai',
      endpoint: 'https://oss-cn-shanghai-internal.aliyuncs.com',
    });
  });

  it('uses the public endpoint when the bucket is in another region than the function', () => {
    expect(loadSettings({ OSS_BUCKET: 'my-bucket', FC_REGION: 'cn-shanghai', OSS_REGION: 'oss-cn-beijing' })).toMatchObject({
      region: 'cn-beijing',
      endpoint: 'https://oss-cn-beijing.aliyuncs.com',
    });
  });

  it('takes an explicit endpoint, prefix, limit and signature version', () => {
    expect(
      loadSettings({
        OSS_BUCKET: 'my-bucket',
        OSS_REGION: 'cn-hangzhou',
        OSS_ENDPOINT: 'http://127.0.0.1:9000/',
        OSS_PREFIX: 'archive/kafka',
        MAX_VALUE_BYTES: '1024',
        OSS_SIGNATURE_VERSION: '1',
        OSS_REQUEST_TIMEOUT_MS: '5000',
      }),
    ).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      prefix: 'archive/kafka/',
      maxValueBytes: 1024,
      signatureVersion: 1,
      requestTimeoutMs: 5000,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadSettings({ OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou', OSS_PREFIX: '', MAX_VALUE_BYTES: '' }).maxValueBytes).toBe(
      DEFAULT_MAX_VALUE_BYTES,
    );
  });

  it('reports every problem at once, naming the variable and what is allowed', () => {
    expect(
      problemsOf({ OSS_ENDPOINT: 'oss-cn-hangzhou.aliyuncs.com', OSS_PREFIX: '/abs', MAX_VALUE_BYTES: '6MB', OSS_SIGNATURE_VERSION: '2' }),
    ).toEqual([
      'OSS_BUCKET is required: set it to the name of the bucket that receives the archive',
      "OSS_REGION is required outside Function Compute: set it to the bucket's region, e.g. cn-hangzhou",
      expect.stringContaining('OSS_ENDPOINT must be a URL with scheme and host only'),
      'OSS_PREFIX "/abs" must not start with "/" or "\\" (OSS object keys cannot); write e.g. "archive/kafka"',
      'MAX_VALUE_BYTES must be a whole number',
      'OSS_SIGNATURE_VERSION must be 1 or 4',
    ]);
  });

  it.each([['Bucket_Test'], ['ab'], ['-abc'], ['abc-']])('rejects the bucket name %j', (bucket) => {
    expect(problemsOf({ OSS_BUCKET: bucket, OSS_REGION: 'cn-hangzhou' })).toEqual([
      expect.stringContaining('OSS_BUCKET must be 3-63 characters'),
    ]);
  });

  it('rejects a limit of 0', () => {
    expect(problemsOf({ OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou', MAX_VALUE_BYTES: '0' })).toEqual([
      'MAX_VALUE_BYTES must be between 1 and 1073741824',
    ]);
  });

  it('reads the archive settings, compressing Parquet with zstd unless told otherwise', () => {
    const base = { OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou' };
    expect(
      loadSettings({
        ...base,
        FAILURE_POLICY: 'stop',
        OVERFLOW: 'truncate',
        RECORD_FORMAT: 'full',
        VALUE_DATA_TYPE: 'Binary',
        OUTPUT_FORMAT: 'jsonl',
        COMPRESSION: 'gzip',
      }),
    ).toMatchObject({
      failurePolicy: 'stop',
      overflow: 'truncate',
      recordFormat: 'full',
      valueDataType: 'Binary',
      outputFormat: 'jsonl',
      compression: 'gzip',
    });
    expect(loadSettings({ ...base, OUTPUT_FORMAT: 'parquet' })).toMatchObject({ compression: 'zstd' });
    expect(loadSettings({ ...base, OUTPUT_FORMAT: 'parquet', COMPRESSION: 'none' })).toMatchObject({ compression: 'none' });
  });

  it('names every archive setting that is wrong, with the values it takes', () => {
    expect(
      problemsOf({
        OSS_BUCKET: 'b-b-b',
        OSS_REGION: 'cn-hangzhou',
        FAILURE_POLICY: 'retry',
        OVERFLOW: 'drop',
        RECORD_FORMAT: 'avro',
        VALUE_DATA_TYPE: 'text',
        OUTPUT_FORMAT: 'csv',
        COMPRESSION: 'snappy',
      }),
    ).toEqual([
      'FAILURE_POLICY must be one of continue, stop, got "retry"',
      'OVERFLOW must be one of spill, truncate, got "drop"',
      'RECORD_FORMAT must be one of seed, full, got "avro"',
      'VALUE_DATA_TYPE must be one of Text, Json, Binary (the trigger\'s value data type), got "text"',
      'OUTPUT_FORMAT must be one of json, jsonl, parquet, got "csv"',
      'COMPRESSION must be one of none, gzip, zstd, got "snappy"',
    ]);
  });

  it('reads a key template and a time zone, refusing bad ones when the settings are read', () => {
    const base = { OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou' };
    expect(
      loadSettings({
        ...base,
        OBJECT_KEY_TEMPLATE: 'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}/{{topic}}/{{partition}}/{{start_offset}}',
        TIMEZONE: 'Asia/Kolkata',
      }),
    ).toMatchObject({
      keyTemplate: { timeUnits: ['yyyy', 'MM'] },
      timeZone: 'Asia/Kolkata',
    });
    expect(
      problemsOf({
        ...base,
        OBJECT_KEY_TEMPLATE: '{{timestamp:unit=YYYY}}/{{topic}}/{{partition}}/{{start_offset}}',
        TIMEZONE: 'Mars/Olympus',
      }),
    ).toEqual([
      expect.stringContaining('OBJECT_KEY_TEMPLATE uses {{timestamp:unit=YYYY}}, the week-based year'),
      expect.stringContaining('TIMEZONE "Mars/Olympus" is not a time zone this runtime knows'),
    ]);
  });

  it('refuses a prefix and a template that together could make keys longer than OSS takes', () => {
    const template = `${'x'.repeat(250)}/{{topic}}/{{partition}}/{{start_offset}}`;
    expect(
      problemsOf({ OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou', OSS_PREFIX: 'p'.repeat(500), OBJECT_KEY_TEMPLATE: template }),
    ).toEqual([
      expect.stringMatching(/^OSS_PREFIX and OBJECT_KEY_TEMPLATE together can make keys of up to \d+ bytes, over OSS's limit of 1023/),
    ]);
  });
});
