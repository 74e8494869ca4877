import { crc64, Crc64 } from '../../../tools/oss-emulator/crc64';
import { decodeSegment, directoryPath, objectFilePath } from '../../../tools/oss-emulator/object-file-layout';
import { resolveTarget } from '../../../tools/oss-emulator/request-target';

describe('crc64 (x-oss-hash-crc64ecma)', () => {
  test('matches the CRC-64/XZ check value for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe('11051210869376104954');
  });

  test('is 0 for an empty body, as OSS reports', () => {
    expect(crc64(Buffer.alloc(0))).toBe('0');
  });

  test('gives the same value fed in pieces', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog, again and again.');
    const pieces = new Crc64().update(data.subarray(0, 7)).update(data.subarray(7, 30)).update(data.subarray(30));
    expect(pieces.digest()).toBe(crc64(data));
  });
});

describe('object file layout', () => {
  test('no key yields a path component that climbs out or is absolute', () => {
    for (const key of ['..', '../x', 'a/../../x', '.', './x', '/abs', 'a//b', '\\..\\x', 'C:\\x']) {
      for (const component of objectFilePath(key)) {
        expect(component).not.toMatch(/^\.{1,2}$/);
        expect(component).not.toMatch(/[/\\:]/);
        expect(component).not.toBe('');
      }
    }
  });

  test('keys "a" and "a/b" map to a file and a directory that cannot collide', () => {
    expect(objectFilePath('a')).toEqual(['a']);
    expect(objectFilePath('a/b')).toEqual(['a@', 'b']);
    expect(directoryPath(['a'])).toEqual(['a@']);
  });

  test('readable keys stay readable and every segment decodes back', () => {
    expect(objectFilePath('kafka/orders/0/00000000000000000000-00000000000000000099.json')).toEqual([
      'kafka@',
      'orders@',
      '0@',
      '00000000000000000000-00000000000000000099.json',
    ]);
    for (const segment of ['日志', 'a b', '..', '', '@meta.json', 'x%41', 'dt=2024-01-01']) {
      const [name] = objectFilePath(segment);
      expect(decodeSegment(name!)).toBe(segment);
    }
  });

  test('an over-long segment gets a bounded, unique name that does not claim to decode', () => {
    const long = 'é'.repeat(500);
    const [name] = objectFilePath(long);
    expect(Buffer.byteLength(name!)).toBeLessThan(200);
    expect(decodeSegment(name!)).toBeUndefined();
    expect(objectFilePath(`${long}x`)[0]).not.toBe(name);
  });

  test('names the store did not produce do not decode to keys', () => {
    expect(decodeSegment('a@')).toBeUndefined();
    expect(decodeSegment('hello world')).toBeUndefined();
    expect(decodeSegment('%E4')).toBeUndefined();
  });
});

describe('request target', () => {
  const buckets = new Set(['local-bucket', 'second']);

  test('virtual-host style takes the bucket from the Host', () => {
    expect(resolveTarget('second.oss-cn-hangzhou.aliyuncs.com', '/a%2Fb/%E6%97%A5', buckets, 'local-bucket')).toEqual({
      bucket: 'second',
      key: 'a/b/日',
    });
    expect(resolveTarget('unknown.cn-hangzhou.aliyuncs.com', '/k', buckets, 'local-bucket')).toEqual({ bucket: 'unknown', key: 'k' });
  });

  test('path style takes the bucket from the first segment', () => {
    expect(resolveTarget('localhost:9000', '/second/k/x', buckets, 'local-bucket')).toEqual({ bucket: 'second', key: 'k/x' });
    expect(resolveTarget('oss-cn-hangzhou.aliyuncs.com', '/second/', buckets, 'local-bucket')).toEqual({ bucket: 'second', key: '' });
  });

  test('cname style puts the whole path in the default bucket', () => {
    expect(resolveTarget('127.0.0.1:9000', '/k/x', buckets, 'local-bucket')).toEqual({ bucket: 'local-bucket', key: 'k/x' });
    expect(resolveTarget('localhost:9000', '/', buckets, 'local-bucket')).toEqual({ bucket: 'local-bucket', key: '' });
  });

  test('a path that is not valid UTF-8 percent-encoding is InvalidURI', () => {
    expect(() => resolveTarget('localhost', '/%E6%97', buckets, 'local-bucket')).toThrow(
      expect.objectContaining({ status: 400, code: 'InvalidURI' }),
    );
  });
});
