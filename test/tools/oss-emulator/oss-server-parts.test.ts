import { crc64, Crc64 } from '../../../tools/oss-emulator/crc64';
import {
  encodedObjectPath,
  INTERNAL_DIR,
  isPlainName,
  keyFileName,
  objectFilePath,
  plainPath,
} from '../../../tools/oss-emulator/object-file-layout';
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
  test('a key that is a portable relative path is its own path', () => {
    expect(plainPath('kafka-archive/Test/0/0000000000000000004-0000000000000000006.json')).toEqual([
      'kafka-archive',
      'Test',
      '0',
      '0000000000000000004-0000000000000000006.json',
    ]);
    for (const key of ['日志/2024 01+%#&=.json', 'a@b/.hidden', 'p/_conflicts/1-2.abc.json', 'x'.repeat(255), '日'.repeat(85)]) {
      expect(plainPath(key)).toEqual(key.split('/'));
    }
  });

  test('a key that cannot be a plain path is encoded, and no encoding climbs out or is absolute', () => {
    const notPlain = [
      '..',
      '../x',
      'a/../../x',
      '.',
      './x',
      'a//b',
      'dir/',
      '\\..\\x',
      'C:\\x',
      'a:b',
      'q?',
      'tab\there',
      'trailing.',
      'trailing ',
      'CON',
      'nul.txt',
      'x'.repeat(256),
      '日'.repeat(86),
      'caf\u00e9',
      'cafe\u0301',
      '한국',
      '.oss-server/x',
      '.OSS-Server',
    ];
    for (const key of notPlain) {
      expect(plainPath(key)).toBeUndefined();
      const path = objectFilePath(key);
      expect(path).toEqual(encodedObjectPath(key));
      expect(path.slice(0, 2)).toEqual([INTERNAL_DIR, 'objects']);
      expect(path[2]).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(notPlain.map(keyFileName)).size).toBe(notPlain.length);
  });

  test('names are plain only when they are portable file names', () => {
    expect(isPlainName('0000000000000000004-0000000000000000006.json')).toBe(true);
    expect(isPlainName('con.d')).toBe(false);
    expect(isPlainName('console')).toBe(true);
    expect(isPlainName('')).toBe(false);
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
