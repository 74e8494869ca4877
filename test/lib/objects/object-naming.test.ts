import { DEFAULT_KEY_TEMPLATE, type KeyTemplate, parseKeyTemplate } from '../../../lib/objects/key-template';
import { timeBucketer } from '../../../lib/objects/key-template-time';
import { normalizeKeyPrefix, ObjectNaming } from '../../../lib/objects/object-naming';
import { topicSegment } from '../../../lib/objects/topic-segment';

const template = (text: string): KeyTemplate => {
  const parsed = parseKeyTemplate(text);
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  return parsed.template;
};
const naming = new ObjectNaming('archive/', template(DEFAULT_KEY_TEMPLATE), '.json');
const range = { first: 1200n, last: 1299n };

describe('ObjectNaming', () => {
  it('names records prefix/topic/partition/first-last with offsets padded to 19 digits', () => {
    expect(naming.dataKey('orders', 3, range)).toBe('archive/orders/3/0000000000000001200-0000000000000001299.json');
  });

  it('sorts the keys of a partition in offset order', () => {
    const offsets = [5n, 40n, 300n, 9223372036854775807n];
    const keys = offsets.map((first) => naming.dataKey('orders', 3, { first, last: first }));
    expect([...keys].sort()).toEqual(keys);
  });

  it('keeps the other objects of a partition in folders beside its records, named by what they hold', () => {
    expect(naming.conflictKey('orders', 3, range, 'abc123')).toBe(
      'archive/orders/3/_conflicts/0000000000000001200-0000000000000001299.abc123.json',
    );
    expect(naming.overflowKey('orders', 3, 1250n)).toBe('archive/orders/3/_overflow/0000000000000001250.bin');
    expect(naming.overflowKey('orders', 3, 1250n, 'def456')).toBe('archive/orders/3/_overflow/0000000000000001250.def456.bin');
    expect(naming.errorKey('0123')).toBe('archive/_errors/0123.json');
  });

  it('lists a partition in offset order, the folders after its records', () => {
    const listing = naming.rangeListing('orders', 3);
    expect(listing).toMatchObject({ prefix: 'archive/orders/3/', indexed: false });
    expect(listing.rangeOf(naming.dataKey('orders', 3, range))).toEqual(range);
    expect(listing.rangeOf(naming.overflowKey('orders', 3, 1n))).toBeUndefined();
    expect(
      naming.dataKey('orders', 3, { first: 9223372036854775807n, last: 9223372036854775807n }) < naming.overflowKey('orders', 3, 0n),
    ).toBe(true);
  });
});

describe('ObjectNaming with a key template that does not sort by offset', () => {
  const hive = template(
    'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}',
  );
  const byHour = new ObjectNaming('archive/', hive, '.jsonl.gz');

  it('names records by their time bucket', () => {
    const bucket = timeBucketer(hive, 'Asia/Shanghai').bucketOf(Date.parse('2026-11-24T02:30:00Z'));
    expect(byHour.dataKey('orders', 3, range, bucket)).toBe(
      'archive/dt=2026-11-24/hour=10/orders/3/0000000000000001200-0000000000000001299.jsonl.gz',
    );
  });

  it("looks archived ranges up in each time bucket's own folder, reading ranges from the keys", () => {
    const bucket = timeBucketer(hive, 'Asia/Shanghai').bucketOf(Date.parse('2026-11-24T02:30:00Z'));
    expect(byHour.listsByBucket).toBe(true);
    const listing = byHour.bucketListing('orders', 3, bucket);
    expect(listing).toMatchObject({ prefix: 'archive/dt=2026-11-24/hour=10/orders/3/', indexed: false });
    expect(listing?.rangeOf(byHour.dataKey('orders', 3, range, bucket))).toEqual(range);
    expect(listing?.rangeOf('archive/dt=2026-11-24/hour=10/orders/3/0000000000000001200-0000000000000001299.json')).toBeUndefined();
  });

  it('does not list by bucket when the offsets come before the time', () => {
    const after = new ObjectNaming(
      'archive/',
      template('{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}/{{timestamp:unit=yyyy}}'),
      '.json',
    );
    expect(after.listsByBucket).toBe(false);
    expect(after.bucketListing('orders', 3, 'yyyy=2026')).toBeUndefined();
  });

  it('lists ranges through _index/ entries in the partition folder', () => {
    const listing = byHour.rangeListing('orders', 3);
    expect(listing).toMatchObject({ prefix: 'archive/orders/3/_index/', indexed: true });
    expect(listing.rangeOf(byHour.indexKey('orders', 3, range))).toEqual(range);
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

  it.each([['/archive'], ['\\archive'], ['a//b'], ['a/../b'], ['./a'], [`${'p'.repeat(513)}`]])('rejects %j', (prefix) => {
    expect(normalizeKeyPrefix(prefix)).toHaveProperty('problem');
  });
});
