import {
  DEFAULT_COMPACTED_KEY_TEMPLATE,
  DEFAULT_MIN_AGE_SECONDS,
  DEFAULT_TARGET_BYTES,
  loadCompactorSettings,
} from '../../../lib/config/compaction-settings';
import { ConfigError } from '../../../lib/config/config-error';
import { parseKeyTemplate } from '../../../lib/objects/key-template';

const SINK = { OSS_BUCKET: 'my-bucket', OSS_REGION: 'cn-hangzhou', OSS_PREFIX: 'kafka' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadCompactorSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadCompactorSettings', () => {
  it('reads the sink settings as the sink does, and applies the compaction defaults', () => {
    const { sink, compaction } = loadCompactorSettings(SINK);
    expect(sink).toMatchObject({ bucket: 'my-bucket', prefix: 'kafka/', outputFormat: 'json', timeZone: 'UTC' });
    expect(compaction).toEqual({
      prefix: 'compacted/',
      format: 'jsonl',
      compression: 'gzip',
      keyTemplate: expect.objectContaining({ text: DEFAULT_COMPACTED_KEY_TEMPLATE, timeUnits: ['yyyy', 'MM', 'dd', 'HH'] }),
      targetBytes: DEFAULT_TARGET_BYTES,
      minAgeSeconds: DEFAULT_MIN_AGE_SECONDS,
      deleteSources: false,
    });
    expect(DEFAULT_TARGET_BYTES).toBe(134217728);
    expect('template' in parseKeyTemplate(DEFAULT_COMPACTED_KEY_TEMPLATE)).toBe(true);
  });

  it('takes every compaction setting; Parquet gets zstd columns unless told otherwise', () => {
    const env = {
      ...SINK,
      COMPACTED_PREFIX: 'archive/compacted',
      COMPACTED_FORMAT: 'parquet',
      COMPACTED_KEY_TEMPLATE: '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}',
      COMPACT_TARGET_BYTES: '1048576',
      COMPACT_MIN_AGE_SECONDS: '0',
      DELETE_COMPACTED_SOURCES: 'true',
    };
    expect(loadCompactorSettings(env).compaction).toMatchObject({
      prefix: 'archive/compacted/',
      format: 'parquet',
      compression: 'zstd',
      targetBytes: 1048576,
      minAgeSeconds: 0,
      deleteSources: true,
    });
    expect(loadCompactorSettings({ ...env, COMPACTED_COMPRESSION: 'gzip' }).compaction.compression).toBe('gzip');
  });

  it("lists every problem, the sink's and the compaction's, in one error", () => {
    const problems = problemsOf({
      OSS_REGION: 'cn-hangzhou',
      COMPACTED_FORMAT: 'csv',
      COMPACTED_COMPRESSION: 'snappy',
      COMPACT_TARGET_BYTES: '128MiB',
      COMPACT_MIN_AGE_SECONDS: '-1',
      DELETE_COMPACTED_SOURCES: 'yes',
      COMPACTED_KEY_TEMPLATE: '{{topic}}/{{timestamp:unit=YYYY}}/{{start_offset}}',
    });
    expect(problems).toEqual([
      'OSS_BUCKET is required: set it to the name of the bucket that receives the archive',
      'COMPACTED_FORMAT must be one of json, jsonl, parquet, got "csv"',
      'COMPACTED_COMPRESSION must be one of none, gzip, zstd, got "snappy"',
      expect.stringMatching(/^COMPACTED_KEY_TEMPLATE uses \{\{timestamp:unit=YYYY\}\}, the week-based year/),
      'COMPACT_TARGET_BYTES must be a whole number',
      'COMPACT_MIN_AGE_SECONDS must be a whole number',
      'DELETE_COMPACTED_SOURCES must be true or false, got "yes"',
      expect.stringMatching(/^COMPACTED_PREFIX "compacted\/" and OSS_PREFIX the bucket root overlap/),
    ]);
  });

  it.each([
    ['the compacted zone inside the sink prefix', { OSS_PREFIX: 'kafka', COMPACTED_PREFIX: 'kafka/compacted' }],
    ['the sink prefix inside the compacted zone', { OSS_PREFIX: 'archive/kafka', COMPACTED_PREFIX: 'archive' }],
    ['the same prefix', { OSS_PREFIX: 'compacted' }],
    ['a sink writing at the bucket root', { OSS_PREFIX: '' }],
  ])('refuses %s', (_case, env) => {
    expect(problemsOf({ ...SINK, ...env })).toEqual([
      expect.stringMatching(/^COMPACTED_PREFIX .* and OSS_PREFIX .* overlap: the compacted zone must lie outside/),
    ]);
  });

  it('refuses a Hive folder named like a record field, whatever its case', () => {
    const template = '{{topic}}/Partition={{partition}}/dt={{timestamp:unit=yyyy}}/offset={{start_offset}}';
    expect(problemsOf({ ...SINK, COMPACTED_KEY_TEMPLATE: template })).toEqual([
      expect.stringContaining('has the Hive folder "Partition=", named like the records\' field "partition"'),
      expect.stringContaining('has the Hive folder "offset=", named like the records\' field "offset"'),
    ]);
  });

  it('refuses a compacted template that would write among the checkpoints', () => {
    expect(problemsOf({ ...SINK, COMPACTED_KEY_TEMPLATE: '_checkpoints/{{topic}}/{{partition}}-{{start_offset}}' })).toEqual([
      expect.stringContaining('starts with "_checkpoints"'),
    ]);
  });

  it("refuses a sink layout whose objects' offsets or partitions cannot be found", () => {
    expect(problemsOf({ ...SINK, OBJECT_KEY_TEMPLATE: '{{topic}}/{{partition}}/{{start_offset}}' })).toEqual([
      expect.stringMatching(/^OBJECT_KEY_TEMPLATE has no \{\{end_offset\}\}/),
    ]);
    expect(problemsOf({ ...SINK, OBJECT_KEY_TEMPLATE: '{{topic}}+{{partition}}/{{start_offset}}-{{end_offset}}' })).toEqual([
      expect.stringMatching(/^OBJECT_KEY_TEMPLATE puts a partition's objects outside its folder <topic>\/<partition>\//),
    ]);
  });

  it('accepts a time-bucketed sink layout: its _index/ entries are in the partition folder', () => {
    const template =
      'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
    expect(loadCompactorSettings({ ...SINK, OBJECT_KEY_TEMPLATE: template }).sink.keyTemplate.text).toBe(template);
  });
});
