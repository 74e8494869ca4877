import { conflictKey, normalizeKeyPrefix, objectKey, topicSegment } from '../../../lib/objects/object-key';

const parts = { prefix: 'archive/', topic: 'orders', partition: 3, firstOffset: 1200n, lastOffset: 1299n, extension: '.json' };

describe('objectKey', () => {
  it('is prefix/topic/partition/first-last with offsets padded to 19 digits', () => {
    expect(objectKey(parts)).toBe('archive/orders/3/0000000000000001200-0000000000000001299.json');
  });

  it('is the same for the same batch, so a redelivery maps to the same object', () => {
    expect(objectKey({ ...parts })).toBe(objectKey(parts));
  });

  it('sorts the keys of a partition in offset order', () => {
    const offsets = [5n, 40n, 300n, 9223372036854775807n];
    const keys = offsets.map((first) => objectKey({ ...parts, firstOffset: first, lastOffset: first }));
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('topicSegment: a topic cannot escape its prefix', () => {
  it.each([
    ['orders.v1_x-y', 'orders.v1_x-y'],
    ['a/b', 'a%2Fb'],
    ['../etc', '..%2Fetc'],
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['a\\b', 'a%5Cb'],
    ['主题', '%E4%B8%BB%E9%A2%98'],
  ])('%s → %s', (topic, segment) => {
    expect(topicSegment(topic)).toBe(segment);
    expect(topicSegment(topic)).not.toContain('/');
  });
});

describe('normalizeKeyPrefix', () => {
  it.each([
    ['', ''],
    ['archive', 'archive/'],
    ['archive/kafka/', 'archive/kafka/'],
  ])('%j → %j', (prefix, normalized) => {
    expect(normalizeKeyPrefix(prefix)).toEqual({ prefix: normalized });
  });

  it.each([['/archive'], ['\\archive'], ['a//b'], ['a/../b'], ['./a']])('rejects %j', (prefix) => {
    expect(normalizeKeyPrefix(prefix)).toHaveProperty('problem');
  });
});

describe('conflictKey', () => {
  it('puts the other version in _conflicts beside the original, named by its MD5', () => {
    expect(conflictKey('archive/orders/3/0000000000000001200-0000000000000001299.json', 'abc123', '.json')).toBe(
      'archive/orders/3/_conflicts/0000000000000001200-0000000000000001299.abc123.json',
    );
  });
});

describe('objectKey length', () => {
  it("refuses a key over OSS's 1023 bytes, saying what to shorten", () => {
    expect(() => objectKey({ ...parts, prefix: `${'p'.repeat(500)}/`, topic: '#'.repeat(249) })).toThrow(
      /would be 1295 bytes, over OSS's limit of 1023: shorten OSS_PREFIX/,
    );
  });
});
