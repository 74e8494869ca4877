import fc from 'fast-check';
import { DEFAULT_KEY_TEMPLATE, type KeyTemplate, parseKeyTemplate } from '../../../lib/objects/key-template';
import { checkTimeZone, civilFromDays, daysFromCivil, formatYear, timeBucketer } from '../../../lib/objects/key-template-time';

const TAIL = '{{topic}}/{{partition}}/{{start_offset}}';
const HOURLY = `{{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/{{timestamp:unit=HH}}/${TAIL}`;
const BY_MINUTE = `{{timestamp:unit=yyyy}}{{timestamp:unit=MM}}{{timestamp:unit=dd}}/{{timestamp:unit=HH}}{{timestamp:unit=mm}}/${TAIL}`;

function parsed(text: string): KeyTemplate {
  const result = parseKeyTemplate(text);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.template;
}

const hourly = (zone: string) => timeBucketer(parsed(HOURLY), zone);
const byMinute = (zone: string) => timeBucketer(parsed(BY_MINUTE), zone);
const at = (iso: string) => Date.parse(iso);

describe('checkTimeZone', () => {
  it.each([['UTC'], ['Asia/Shanghai'], ['Europe/Berlin'], ['Asia/Kolkata'], ['Asia/Calcutta'], ['America/New_York'], ['utc']])(
    'accepts %s',
    (zone) => {
      expect(checkTimeZone(zone)).toBeUndefined();
    },
  );

  const examples = 'such as UTC, Asia/Shanghai, Europe/Berlin or America/New_York';
  it.each([
    ['Asia/Shangai', `TIMEZONE "Asia/Shangai" is not a time zone this runtime knows: set an IANA time zone name ${examples}`],
    ['Local', `TIMEZONE "Local" is not a time zone this runtime knows: set an IANA time zone name ${examples}`],
    ['', `TIMEZONE is empty: leave it unset for UTC, or set an IANA time zone name ${examples}`],
    [
      '+08:00',
      `TIMEZONE "+08:00" is not a time zone this runtime knows: set an IANA time zone name ${examples}; for a fixed offset, ` +
        'name a place that keeps it (Asia/Shanghai for +08:00), or use Etc/GMT-8, whose sign is inverted: Etc/GMT-8 is UTC+08:00',
    ],
    [
      'GMT-3',
      `TIMEZONE "GMT-3" is not a time zone this runtime knows: set an IANA time zone name ${examples}; for a fixed offset, ` +
        'name a place that keeps it (Asia/Shanghai for +08:00), or use Etc/GMT+3, whose sign is inverted: Etc/GMT+3 is UTC-03:00',
    ],
    [
      'UTC+5:30',
      `TIMEZONE "UTC+5:30" is not a time zone this runtime knows: set an IANA time zone name ${examples}; for a fixed offset, ` +
        'name a place that keeps it (Asia/Shanghai for +08:00)',
    ],
  ])('refuses %j', (zone, problem) => {
    expect(checkTimeZone(zone)).toBe(problem);
  });

  it('makes timeBucketer refuse the zone too', () => {
    expect(() => hourly('Asia/Shangai')).toThrow(/^TIMEZONE "Asia\/Shangai" is not a time zone this runtime knows/);
  });
});

describe('bucketOf puts records into the local hour of their own timestamp', () => {
  it('is empty for a template without time', () => {
    expect(timeBucketer(parsed(DEFAULT_KEY_TEMPLATE), 'Asia/Shanghai').bucketOf(at('2024-05-01T12:00:00Z'))).toBe('');
  });

  it('in Asia/Shanghai (UTC+8): 16:00 UTC on New Year’s Eve is already the new year', () => {
    const bucketer = hourly('Asia/Shanghai');
    expect(bucketer.bucketOf(at('2023-12-31T15:59:59.999Z'))).toBe('yyyy=2023,MM=12,dd=31,HH=23');
    expect(bucketer.bucketOf(at('2023-12-31T16:00:00Z'))).toBe('yyyy=2024,MM=01,dd=01,HH=00');
  });

  it('in Asia/Kolkata (UTC+5:30): the half-hour offset moves the day at 18:30 UTC', () => {
    const bucketer = byMinute('Asia/Kolkata');
    expect(bucketer.bucketOf(at('2024-06-30T18:29:59.999Z'))).toBe('yyyy=2024,MM=06,dd=30,HH=23,mm=59');
    expect(bucketer.bucketOf(at('2024-06-30T18:30:00Z'))).toBe('yyyy=2024,MM=07,dd=01,HH=00,mm=00');
    expect(hourly('Asia/Kolkata').bucketOf(at('2024-06-30T03:29:00Z'))).toBe('yyyy=2024,MM=06,dd=30,HH=08');
    expect(hourly('Asia/Kolkata').bucketOf(at('2024-06-30T03:30:00Z'))).toBe('yyyy=2024,MM=06,dd=30,HH=09');
  });

  it('in Europe/Berlin, autumn: hour 02 holds two real hours (CEST, then CET)', () => {
    const bucketer = hourly('Europe/Berlin');
    expect(bucketer.bucketOf(at('2024-10-27T00:00:00Z'))).toBe('yyyy=2024,MM=10,dd=27,HH=02');
    expect(bucketer.bucketOf(at('2024-10-27T00:59:59.999Z'))).toBe('yyyy=2024,MM=10,dd=27,HH=02');
    expect(bucketer.bucketOf(at('2024-10-27T01:00:00Z'))).toBe('yyyy=2024,MM=10,dd=27,HH=02');
    expect(bucketer.bucketOf(at('2024-10-27T01:59:59.999Z'))).toBe('yyyy=2024,MM=10,dd=27,HH=02');
    expect(bucketer.bucketOf(at('2024-10-27T02:00:00Z'))).toBe('yyyy=2024,MM=10,dd=27,HH=03');
    const minutes = Array.from({ length: 24 * 60 }, (_, i) => at('2024-10-26T22:00:00Z') + i * 60_000);
    expect(minutes.filter((ms) => bucketer.bucketOf(ms).endsWith('dd=27,HH=02'))).toHaveLength(120);
  });

  it('in Europe/Berlin, spring: there is no hour 02', () => {
    const bucketer = hourly('Europe/Berlin');
    expect(bucketer.bucketOf(at('2024-03-31T00:59:59.999Z'))).toBe('yyyy=2024,MM=03,dd=31,HH=01');
    expect(bucketer.bucketOf(at('2024-03-31T01:00:00Z'))).toBe('yyyy=2024,MM=03,dd=31,HH=03');
    const minutes = Array.from({ length: 24 * 60 }, (_, i) => at('2024-03-30T23:00:00Z') + i * 60_000);
    const hours = new Set(minutes.map((ms) => bucketer.bucketOf(ms).slice(-2)));
    expect(hours.has('02')).toBe(false);
    expect(hours.size).toBe(23);
  });

  it('keeps late-December records in their calendar year (the week-based year would be the next)', () => {
    const bucketer = hourly('UTC');
    // 2024-12-30 and -31 belong to ISO week 1 of 2025; 2021-01-01 to week 53 of 2020.
    expect(bucketer.bucketOf(at('2024-12-30T00:00:00Z'))).toBe('yyyy=2024,MM=12,dd=30,HH=00');
    expect(bucketer.bucketOf(at('2024-12-31T23:59:59.999Z'))).toBe('yyyy=2024,MM=12,dd=31,HH=23');
    expect(bucketer.bucketOf(at('2025-01-01T00:00:00Z'))).toBe('yyyy=2025,MM=01,dd=01,HH=00');
    expect(bucketer.bucketOf(at('2021-01-01T00:00:00Z'))).toBe('yyyy=2021,MM=01,dd=01,HH=00');
    expect(hourly('Asia/Shanghai').bucketOf(at('2024-12-31T15:59:59.999Z'))).toBe('yyyy=2024,MM=12,dd=31,HH=23');
  });

  it('writes midnight as hour 00, never 24', () => {
    expect(hourly('America/New_York').bucketOf(at('2024-07-04T04:00:00Z'))).toBe('yyyy=2024,MM=07,dd=04,HH=00');
  });

  it('handles timestamps before 1970', () => {
    expect(byMinute('UTC').bucketOf(-1)).toBe('yyyy=1969,MM=12,dd=31,HH=23,mm=59');
    expect(hourly('Asia/Shanghai').bucketOf(-1)).toBe('yyyy=1970,MM=01,dd=01,HH=07');
    expect(hourly('UTC').bucketOf(at('1900-02-28T23:00:00Z'))).toBe('yyyy=1900,MM=02,dd=28,HH=23');
  });

  it('handles the whole range of Date, and beyond it the safe integers, on the proleptic Gregorian calendar', () => {
    const bucketer = hourly('UTC');
    expect(bucketer.bucketOf(8.64e15)).toBe('yyyy=275760,MM=09,dd=13,HH=00');
    expect(bucketer.bucketOf(-8.64e15)).toBe('yyyy=-271821,MM=04,dd=20,HH=00');
    expect(bucketer.bucketOf(at('0000-12-31T23:00:00Z'))).toBe('yyyy=0000,MM=12,dd=31,HH=23');
    expect(bucketer.bucketOf(at('-000001-01-01T00:00:00Z'))).toBe('yyyy=-0001,MM=01,dd=01,HH=00');
    expect(bucketer.bucketOf(Number.MAX_SAFE_INTEGER)).toMatch(/^yyyy=287396,/);
    expect(bucketer.bucketOf(Number.MIN_SAFE_INTEGER)).toMatch(/^yyyy=-283457,/);
    expect(hourly('Asia/Kolkata').bucketOf(8.64e15)).toBe('yyyy=275760,MM=09,dd=13,HH=05');
  });

  it('refuses what is not a whole number of milliseconds', () => {
    for (const bad of [Number.NaN, 1.5, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => hourly('UTC').bucketOf(bad)).toThrow(`timestamp ${bad} is not a whole number of epoch milliseconds`);
    }
  });
});

describe('bucketOf agrees with independent clocks', () => {
  const ZONES = [
    'UTC',
    'Asia/Shanghai',
    'Europe/Berlin',
    'Asia/Kolkata',
    'Asia/Kathmandu', // +05:45
    'Australia/Lord_Howe', // a 30-minute DST change
    'America/St_Johns', // -03:30 with DST
    'Africa/Monrovia', // -00:44:30 until 1972: an offset with seconds
    'Pacific/Apia', // skipped 2011-12-30 entirely
    'America/Sao_Paulo', // DST changes at local midnight
  ];
  const sinceIcuIsGregorian = fc.integer({ min: at('1800-01-01T00:00:00Z'), max: at('2200-01-01T00:00:00Z') });

  function intlFields(zone: string, ms: number): string {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const part = Object.fromEntries(format.formatToParts(ms).map(({ type, value }) => [type, value]));
    return `yyyy=${String(part['year']).padStart(4, '0')},MM=${part['month']},dd=${part['day']},HH=${part['hour']},mm=${part['minute']}`;
  }

  it('matches a fresh Intl formatter in every zone, whatever the order and the cache hold', () => {
    const shared = new Map(ZONES.map((zone) => [zone, byMinute(zone)]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), sinceIcuIsGregorian, (zone, ms) => {
        expect(shared.get(zone)?.bucketOf(ms)).toBe(intlFields(zone, ms));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches a fresh Intl formatter minute by minute around DST changes and offsets with seconds', () => {
    for (const [zone, start] of [
      ['Australia/Lord_Howe', '2024-04-06T14:00:00Z'],
      ['America/St_Johns', '2024-11-03T03:00:00Z'],
      ['Africa/Monrovia', '1972-01-06T23:00:00Z'],
      ['Pacific/Apia', '2011-12-29T09:00:00Z'],
      ['America/Sao_Paulo', '2018-11-04T01:00:00Z'],
    ] as const) {
      const bucketer = byMinute(zone);
      for (let ms = at(start); ms < at(start) + 4 * 3_600_000; ms += 29_000) expect(bucketer.bucketOf(ms)).toBe(intlFields(zone, ms));
    }
  });

  it("matches Date's UTC fields over Date's whole range", () => {
    const bucketer = byMinute('UTC');
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const date = new Date(ms);
        const two = (n: number) => String(n).padStart(2, '0');
        const expected =
          `yyyy=${formatYear(date.getUTCFullYear())},MM=${two(date.getUTCMonth() + 1)},dd=${two(date.getUTCDate())},` +
          `HH=${two(date.getUTCHours())},mm=${two(date.getUTCMinutes())}`;
        expect(bucketer.bucketOf(ms)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('calendar arithmetic', () => {
  it('formats years with 4 digits at least and a sign before year 0', () => {
    expect([0, 1, 999, 2024, 12345, -1, -271821].map(formatYear)).toEqual(['0000', '0001', '0999', '2024', '12345', '-0001', '-271821']);
  });

  it('turns day counts into dates and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -110_000_000, max: 110_000_000 }), (days) => {
        const { year, month, day } = civilFromDays(days);
        expect(daysFromCivil(year, month, day)).toBe(days);
      }),
    );
  });
});
