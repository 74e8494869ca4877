// Object key templates, written by the built function: records go to the hour of their own
// timestamp in TIMEZONE, a batch across hours is split, and every guarantee holds with a layout
// whose keys do not sort by offset.
import { BUCKET, cloudEvents, errorOf, sinkInstance, ossPerTest, summaryOf } from '../../support/sink-fixture';

const oss = ossPerTest();

const HIVE =
  'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
const keys = () => oss.server.listKeys(BUCKET, 'archive/');
const recordKeys = async () => (await keys()).filter((key) => key.startsWith('archive/dt='));
const at = (iso: string, offset: number) => ({ partition: 0, offset, timestamp: Date.parse(iso), value: `at ${iso}` });
const folders = async () => (await recordKeys()).map((key) => key.split('/').slice(1, 3).join('/'));
const hive = (timeZone: string) => sinkInstance(oss.server, { env: { OBJECT_KEY_TEMPLATE: HIVE, TIMEZONE: timeZone } });

describe('records go to the hour of their own timestamp, in TIMEZONE', () => {
  it('Asia/Shanghai (UTC+8)', async () => {
    summaryOf(await hive('Asia/Shanghai').invoke(cloudEvents([at('2026-11-24T15:59:59.999Z', 1), at('2026-11-24T16:00:00Z', 2)])));
    expect(await folders()).toEqual(['dt=2026-11-24/hour=23', 'dt=2026-11-25/hour=00']);
  });

  it('Asia/Kolkata (UTC+5:30): the half hour moves the hour boundary', async () => {
    summaryOf(await hive('Asia/Kolkata').invoke(cloudEvents([at('2026-11-24T04:29:00Z', 1), at('2026-11-24T04:30:00Z', 2)])));
    expect(await folders()).toEqual(['dt=2026-11-24/hour=09', 'dt=2026-11-24/hour=10']);
  });

  it('Europe/Berlin in spring: 02:00 never happens, so there is no hour=02', async () => {
    const events = cloudEvents([at('2026-03-29T00:59:59Z', 1), at('2026-03-29T01:00:00Z', 2)]);
    summaryOf(await hive('Europe/Berlin').invoke(events));
    expect(await folders()).toEqual(['dt=2026-03-29/hour=01', 'dt=2026-03-29/hour=03']);
  });

  it('Europe/Berlin in autumn: both real hours of 02:00 go into hour=02', async () => {
    const events = cloudEvents([at('2026-10-25T00:30:00Z', 1), at('2026-10-25T01:30:00Z', 2), at('2026-10-25T02:30:00Z', 3)]);
    summaryOf(await hive('Europe/Berlin').invoke(events));
    expect(await recordKeys()).toEqual([
      'archive/dt=2026-10-25/hour=02/orders/0/0000000000000000001-0000000000000000002.json',
      'archive/dt=2026-10-25/hour=03/orders/0/0000000000000000003-0000000000000000003.json',
    ]);
  });

  it('at New Year, December 31 stays in its calendar year', async () => {
    summaryOf(await hive('UTC').invoke(cloudEvents([at('2024-12-31T23:59:59Z', 1), at('2025-01-01T00:00:00Z', 2)])));
    expect(await folders()).toEqual(['dt=2024-12-31/hour=23', 'dt=2025-01-01/hour=00']);
  });
});

describe('every guarantee holds with a layout that does not sort by offset', () => {
  const batch = (offsets: number[]) =>
    cloudEvents(
      offsets.map((offset) => ({
        partition: 0,
        offset,
        timestamp: Date.parse('2026-11-24T10:00:00Z') + (offset % 2) * 3_600_000,
        value: `v${offset}`,
      })),
    );

  it('a batch across two hours is one object per hour, and its redelivery adds nothing', async () => {
    const instance = hive('UTC');
    expect(summaryOf(await instance.invoke(batch([1, 2, 3, 4])))).toMatchObject({ created: 2 });
    expect(await recordKeys()).toEqual([
      'archive/dt=2026-11-24/hour=10/orders/0/0000000000000000002-0000000000000000004.json',
      'archive/dt=2026-11-24/hour=11/orders/0/0000000000000000001-0000000000000000003.json',
    ]);
    expect((await keys()).filter((key) => key.includes('/_index/'))).toEqual([
      'archive/orders/0/_index/0000000000000000001-0000000000000000004',
    ]);
    const before = await keys();
    expect(summaryOf(await instance.invoke(batch([1, 2, 3, 4])))).toMatchObject({ created: 0, alreadyArchivedRecords: 4 });
    expect(await keys()).toEqual(before);
  });

  it('0–9, then 0–14, then 5–19: each offset archived once', async () => {
    const instance = hive('UTC');
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    for (const offsets of [range(0, 9), range(0, 14), range(5, 19)]) summaryOf(await instance.invoke(batch(offsets)));
    const offsets: number[] = [];
    for (const key of await recordKeys()) {
      offsets.push(
        ...(JSON.parse((await oss.server.getObject(BUCKET, key))?.toString('utf8') as string) as Array<{ offset: number }>).map(
          (r) => r.offset,
        ),
      );
    }
    expect(offsets.sort((a, b) => a - b)).toEqual(range(0, 19));
  });

  it('refuses a template or zone it cannot honour before writing anything', async () => {
    const error = errorOf(
      await sinkInstance(oss.server, { env: { OBJECT_KEY_TEMPLATE: '{{topic}}/{{start_offset}}' } }).invoke(batch([1])),
    );
    expect(error.message).toContain('OBJECT_KEY_TEMPLATE must contain {{topic}}, {{partition}} and {{start_offset}}');
    expect(oss.server.requests).toHaveLength(0);
  });
});
