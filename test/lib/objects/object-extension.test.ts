import { objectExtension, objectFormatOf } from '../../../lib/objects/object-extension';

const PREFIX = 'archive/orders/3/0000000000000001200-0000000000000001299';

describe('objectFormatOf', () => {
  it.each([
    ['.json', 'json', 'none'],
    ['.json.gz', 'json', 'gzip'],
    ['.json.zst', 'json', 'zstd'],
    ['.jsonl', 'jsonl', 'none'],
    ['.jsonl.gz', 'jsonl', 'gzip'],
    ['.jsonl.zst', 'jsonl', 'zstd'],
    ['.parquet', 'parquet', 'none'],
  ] as const)('reads %s as %s, compression %s, and objectExtension gives the extension back', (extension, format, compression) => {
    expect(objectFormatOf(`${PREFIX}${extension}`)).toEqual({ format, compression, extension });
    expect(objectExtension(format, compression)).toBe(extension);
  });

  it('knows a conflict copy by its extension too', () => {
    expect(
      objectFormatOf('archive/orders/3/_conflicts/0000000000000001200-0000000000000001299.9e107d9d372bb6826bd81d3542a419d6.jsonl.zst'),
    ).toEqual({
      format: 'jsonl',
      compression: 'zstd',
      extension: '.jsonl.zst',
    });
  });

  it.each(['.csv', '.json.bz2', '.parquet.gz', '.JSON', ''])('does not know %j', (extension) => {
    expect(objectFormatOf(`${PREFIX}${extension}`)).toBeUndefined();
  });

  it('ignores the compression for Parquet, which compresses its columns inside the file', () => {
    expect(objectExtension('parquet', 'gzip')).toBe('.parquet');
  });
});
