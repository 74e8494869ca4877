import { keyTimeSpan } from '../../../tools/archive/key-time-span';
import { runExport } from '../../../tools/archive';
import { ossPerTest } from '../../support/sink-fixture';
import { captureIo, exportedLines, pad, plant, record, sourceFor } from './archive-fixture';

const HOUR = 3_600_000;

describe('keyTimeSpan', () => {
  it('is the local period widened by the zones furthest from UTC (UTC+14 before, UTC-12 after)', () => {
    expect(keyTimeSpan({ yyyy: 2026, MM: 11, dd: 24, HH: 10 })).toEqual({
      from: Date.parse('2026-11-24T10:00:00Z') - 14 * HOUR,
      to: Date.parse('2026-11-24T11:00:00Z') + 12 * HOUR,
    });
    expect(keyTimeSpan({ yyyy: 2026, MM: 12 })).toEqual({
      from: Date.parse('2026-12-01T00:00:00Z') - 14 * HOUR,
      to: Date.parse('2027-01-01T00:00:00Z') + 12 * HOUR,
    });
  });

  it('reads years 0-99 as themselves, and gives nothing without a year', () => {
    expect(new Date((keyTimeSpan({ yyyy: 50 })?.from ?? 0) + 14 * HOUR).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(keyTimeSpan({ HH: 3 })).toBeUndefined();
  });
});

describe('export with a time-first key template', () => {
  const oss = ossPerTest();
  const HIVE =
    'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';

  it('reads only the days a --from-time/--to-time window can reach', async () => {
    const day = (date: string, offset: number) => record(offset, { timestamp: Date.parse(`${date}T12:00:00Z`) });
    await plant(oss.server, `archive/dt=2026-11-20/orders/0/${pad(0)}-${pad(0)}.json`, [day('2026-11-20', 0)]);
    await plant(oss.server, `archive/dt=2026-11-22/orders/0/${pad(1)}-${pad(1)}.json`, [day('2026-11-22', 1)]);
    await plant(oss.server, `archive/dt=2026-11-24/orders/0/${pad(2)}-${pad(2)}.json`, [day('2026-11-24', 2)]);
    const captured = captureIo();
    const source = sourceFor(oss.server, {}, { OBJECT_KEY_TEMPLATE: HIVE });
    const code = await runExport({ source, topic: 'orders', fromTime: '2026-11-22', toTime: '2026-11-23', json: true }, captured.io);
    expect(code).toBe(0);
    expect(exportedLines(captured.stdoutText()).map((line) => line.offset)).toEqual(['1']);
    expect(JSON.parse(captured.stderr())).toMatchObject({ objectsRead: 1, objectsOpenedToPlace: 0 });
  });
});
