import fc from 'fast-check';
import { DEFAULT_KEY_TEMPLATE, type KeyTemplate, parseKeyTemplate } from '../../../lib/objects/key-template';
import { bucketListingPrefix, parseRenderedKey, partitionListingPrefix, renderKey } from '../../../lib/objects/key-template-keys';
import { timeBucketer } from '../../../lib/objects/key-template-time';
import { padOffset } from '../../../lib/platform/kafka';
import { topicSegment } from '../../../lib/objects/topic-segment';
import { MAX_OFFSET, MAX_PARTITION } from '../../../lib/platform/kafka';

const HIVE =
  'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
const TIME_AFTER =
  '{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}.{{timestamp:unit=yyyy}}{{timestamp:unit=MM}}{{timestamp:unit=dd}}';

function parsed(text: string): KeyTemplate {
  const result = parseKeyTemplate(text);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.template;
}

const anyTopic = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
const anyPartition = fc.integer({ min: 0, max: MAX_PARTITION });
const anyOffset = fc.bigInt({ min: 0n, max: MAX_OFFSET });
const anyTimestamp = fc.integer({ min: -8.64e15, max: 8.64e15 });

describe('renderKey', () => {
  it("gives exactly today's keys with the default template", () => {
    const template = parsed(DEFAULT_KEY_TEMPLATE);
    fc.assert(
      fc.property(anyTopic, anyPartition, anyOffset, anyOffset, (topic, partition, a, b) => {
        const [startOffset, endOffset] = a <= b ? [a, b] : [b, a];
        const today = `archive/${topicSegment(topic)}/${partition}/${padOffset(startOffset)}-${padOffset(endOffset)}.json`;
        expect(`archive/${renderKey(template, { topic, partition, startOffset, endOffset, bucket: '' })}.json`).toBe(today);
      }),
      { numRuns: 2000 },
    );
  });

  it('fills a Hive-style layout from the bucket', () => {
    const template = parsed(HIVE);
    const bucket = timeBucketer(template, 'Europe/Berlin').bucketOf(Date.parse('2024-10-27T01:30:00Z'));
    expect(renderKey(template, { topic: 'orders', partition: 3, startOffset: 1200n, endOffset: 1299n, bucket })).toBe(
      'dt=2024-10-27/hour=02/orders/3/0000000000000001200-0000000000000001299',
    );
  });

  it('refuses a bucket that lacks a field the template uses', () => {
    const fields = { topic: 'orders', partition: 3, startOffset: 1n, endOffset: 2n, bucket: 'yyyy=2024' };
    expect(() => renderKey(parsed(HIVE), fields)).toThrow(`bucket "yyyy=2024" has no MM: it must come from this template's TimeBucketer`);
  });
});

describe('partitionListingPrefix', () => {
  it.each([
    [DEFAULT_KEY_TEMPLATE, 'orders/3/'],
    [TIME_AFTER, 'orders/3/'],
    ['topic={{topic}}/partition={{partition}}/{{start_offset}}', 'topic=orders/partition=3/'],
    ['{{partition}}~{{topic}}/x-{{start_offset}}', '3~orders/x-'],
  ])('is the text before the start offset for %s', (text, prefix) => {
    expect(partitionListingPrefix(parsed(text), 'orders', 3)).toBe(prefix);
  });

  it('percent-encodes the topic as the key does', () => {
    expect(partitionListingPrefix(parsed(DEFAULT_KEY_TEMPLATE), 'a/b', 0)).toBe('a%2Fb/0/');
  });

  it.each([
    ['time comes first', HIVE],
    ['time comes between partition and offset', '{{topic}}/{{partition}}/{{timestamp:unit=yyyy}}/{{start_offset}}'],
    ['the topic comes after the offset', '{{partition}}/{{start_offset}}/{{topic}}'],
    ['the partition touches the offset (3 would list 30-39 too)', '{{topic}}/{{partition}}{{start_offset}}'],
  ])('is undefined when %s', (_, text) => {
    expect(partitionListingPrefix(parsed(text), 'orders', 3)).toBeUndefined();
  });

  it("lists exactly one partition's keys, in start-offset order", () => {
    const templates = [DEFAULT_KEY_TEMPLATE, TIME_AFTER, 'topic={{topic}}/partition={{partition}}/{{start_offset}}'].map(parsed);
    // Topics and partitions whose keys begin alike: orders/3/ must not list orders/30/, orders.x/3/ or orders-3/…
    const object = fc.record({
      topic: fc.constantFrom('orders', 'orders.', 'orders-3', 'order', 'orders3', 'o'),
      partition: fc.constantFrom(0, 3, 30, 33, 300),
      startOffset: fc.oneof(fc.bigInt({ min: 0n, max: 400n }), anyOffset),
      length: fc.bigInt({ min: 0n, max: 1000n }),
      ms: anyTimestamp,
    });
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.array(object, { minLength: 1, maxLength: 60 }), (template, objects) => {
        const bucketer = timeBucketer(template, 'Asia/Kolkata');
        const keys = objects.map((o) => {
          const endOffset = o.startOffset + o.length > MAX_OFFSET ? MAX_OFFSET : o.startOffset + o.length;
          return { ...o, key: renderKey(template, { ...o, endOffset, bucket: bucketer.bucketOf(o.ms) }) };
        });
        const { topic, partition } = objects[0] as (typeof objects)[number];
        const prefix = partitionListingPrefix(template, topic, partition) as string;
        // OSS lists keys in the byte order of their UTF-8.
        const listed = keys
          .filter(({ key }) => key.startsWith(prefix))
          .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
        expect(listed.map((k) => [k.topic, k.partition])).toEqual(listed.map(() => [topic, partition]));
        expect(listed).toHaveLength(keys.filter((k) => k.topic === topic && k.partition === partition).length);
        const starts = listed.map((k) => k.startOffset);
        expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('bucketListingPrefix', () => {
  const berlin = (template: KeyTemplate, iso: string) => timeBucketer(template, 'Europe/Berlin').bucketOf(Date.parse(iso));

  it("is the folder of one partition's keys in one hour of a Hive-style layout", () => {
    const template = parsed(HIVE);
    const bucket = berlin(template, '2024-10-27T01:30:00Z');
    expect(bucketListingPrefix(template, 'a/b', 3, bucket)).toBe('dt=2024-10-27/hour=02/a%2Fb/3/');
  });

  it('takes time fields of fixed width that touch', () => {
    const template = parsed(
      '{{timestamp:unit=yyyy}}{{timestamp:unit=MM}}{{timestamp:unit=dd}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}',
    );
    expect(bucketListingPrefix(template, 'orders', 3, berlin(template, '2024-10-27T01:30:00Z'))).toBe('20241027/orders/3/');
  });

  it.each([
    ['the offsets come before the time', TIME_AFTER],
    ['the template has no end offset, so a listed key does not say its range', HIVE.replace('-{{end_offset}}', '')],
    ['there is no time folder (partitionListingPrefix lists it)', DEFAULT_KEY_TEMPLATE],
    ['the topic is not in the folder', 'dt={{timestamp:unit=yyyy}}/{{partition}}/{{start_offset}}-{{end_offset}}-{{topic}}'],
    ['the partition touches the offset', 'dt={{timestamp:unit=yyyy}}/{{topic}}/{{partition}}{{start_offset}}-{{end_offset}}'],
  ])('is undefined when %s', (_, text) => {
    const template = parsed(text);
    expect(bucketListingPrefix(template, 'orders', 3, berlin(template, '2024-10-27T01:30:00Z'))).toBeUndefined();
  });

  it("lists exactly one partition's keys of one bucket, in start-offset order", () => {
    const template = parsed(HIVE);
    const bucketer = timeBucketer(template, 'Asia/Kolkata');
    const object = fc.record({
      topic: fc.constantFrom('orders', 'orders.', 'orders-3', 'order'),
      partition: fc.constantFrom(0, 3, 30, 33),
      startOffset: fc.oneof(fc.bigInt({ min: 0n, max: 400n }), anyOffset),
      length: fc.bigInt({ min: 0n, max: 1000n }),
      // A few hours around one DST-free day, so that buckets are shared and not.
      ms: fc.integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-03-01T04:00:00Z') }),
    });
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 60 }), (objects) => {
        const keys = objects.map((o) => {
          const endOffset = o.startOffset + o.length > MAX_OFFSET ? MAX_OFFSET : o.startOffset + o.length;
          const bucket = bucketer.bucketOf(o.ms);
          return { ...o, bucket, key: renderKey(template, { ...o, endOffset, bucket }) };
        });
        const { topic, partition, bucket } = keys[0] as (typeof keys)[number];
        const prefix = bucketListingPrefix(template, topic, partition, bucket) as string;
        const listed = keys
          .filter(({ key }) => key.startsWith(prefix))
          .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
        const same = keys.filter((k) => k.topic === topic && k.partition === partition && k.bucket === bucket);
        expect(listed).toHaveLength(same.length);
        expect(listed.every((k) => k.topic === topic && k.partition === partition && k.bucket === bucket)).toBe(true);
        const starts = listed.map((k) => k.startOffset);
        expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseRenderedKey', () => {
  const templates = [
    DEFAULT_KEY_TEMPLATE,
    HIVE,
    TIME_AFTER,
    '{{topic}}/{{partition}}/{{timestamp:unit=HH}}{{timestamp:unit=mm}}-{{start_offset}}',
    '{{partition}}/{{start_offset}}/{{topic}}',
    'x/{{topic}}+{{timestamp:unit=yyyy}}/{{partition}}/{{topic}}/{{start_offset}}',
  ].map(parsed);

  it('reads back every field renderKey wrote', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...templates),
        anyTopic,
        anyPartition,
        anyOffset,
        anyOffset,
        anyTimestamp,
        fc.constantFrom('UTC', 'Asia/Kolkata', 'Europe/Berlin'),
        (template, topic, partition, a, b, ms, zone) => {
          const [startOffset, endOffset] = a <= b ? [a, b] : [b, a];
          const bucket = timeBucketer(template, zone).bucketOf(ms);
          const key = renderKey(template, { topic, partition, startOffset, endOffset, bucket });
          const timeFields = Object.fromEntries(
            bucket === ''
              ? []
              : bucket
                  .split(',')
                  .map((field) => field.split('='))
                  .map(([unit, v]) => [unit, Number(v)]),
          );
          const hasEnd = template.parts.some((part) => part.kind === 'end_offset');
          expect(parseRenderedKey(template, key)).toEqual({ topic, partition, startOffset, ...(hasEnd ? { endOffset } : {}), timeFields });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a Hive-style key', () => {
    expect(parseRenderedKey(parsed(HIVE), 'dt=1969-12-31/hour=23/a%2Fb/7/0000000000000000005-0000000000000000009')).toEqual({
      topic: 'a/b',
      partition: 7,
      startOffset: 5n,
      endOffset: 9n,
      timeFields: { yyyy: 1969, MM: 12, dd: 31, HH: 23 },
    });
  });

  it.each([
    ['a conflict copy', 'orders/3/_conflicts/0000000000000000001-0000000000000000002.abc123'],
    ['a key with its extension', 'orders/3/0000000000000000001-0000000000000000002.json'],
    ['a topic spelled otherwise than the key writes it', '%6Frders/3/0000000000000000001-0000000000000000002'],
    ['a broken percent-encoding', 'or%zzders/3/0000000000000000001-0000000000000000002'],
    ['a partition beyond int32', 'orders/2147483648/0000000000000000001-0000000000000000002'],
    ['a partition with a leading zero', 'orders/03/0000000000000000001-0000000000000000002'],
    ['an offset beyond int64', 'orders/3/9223372036854775808-9223372036854775808'],
    ['an end before the start', 'orders/3/0000000000000000002-0000000000000000001'],
    ['a short offset', 'orders/3/1-2'],
  ])('is undefined for %s', (_, key) => {
    expect(parseRenderedKey(parsed(DEFAULT_KEY_TEMPLATE), key)).toBeUndefined();
  });

  it.each([
    ['a month 13', 'dt=2024-13-01/hour=00/orders/3/0000000000000000001-0000000000000000002'],
    ['an hour 24', 'dt=2024-12-01/hour=24/orders/3/0000000000000000001-0000000000000000002'],
    ['a year written with 5 digits below 10000', 'dt=02024-12-01/hour=00/orders/3/0000000000000000001-0000000000000000002'],
    ['a year -0000', 'dt=-0000-12-01/hour=00/orders/3/0000000000000000001-0000000000000000002'],
  ])('is undefined for %s', (_, key) => {
    expect(parseRenderedKey(parsed(HIVE), key)).toBeUndefined();
  });

  it('is undefined when a variable used twice says two things', () => {
    const template = parsed('x/{{topic}}+{{timestamp:unit=yyyy}}/{{partition}}/{{topic}}/{{start_offset}}');
    expect(parseRenderedKey(template, 'x/a+2024/1/a/0000000000000000001')).toMatchObject({ topic: 'a' });
    expect(parseRenderedKey(template, 'x/a+2024/1/b/0000000000000000001')).toBeUndefined();
  });
});
