/**
 * @module The time fields of object keys: each record goes into the bucket of its own timestamp
 * (never the time it is processed, so a redelivered batch is bucketed the same way), read in the
 * zone of the setting TIMEZONE.
 *
 * Local time is computed as UTC time plus the zone's offset at that instant, on the proleptic
 * Gregorian calendar (as Date does). The offset comes from Intl (the runtime's tz database),
 * once per UTC hour, so a wall-clock hour that happens twice (autumn) holds both real hours, and
 * one that never happens (spring) holds nothing.
 */
import type { KeyTemplate, TimeUnit } from './key-template';

export const TIME_ZONE_SETTING = 'TIMEZONE';
export const DEFAULT_TIME_ZONE = 'UTC';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Intl switches to the Julian calendar before 1582, and no zone changes its offset before 1845:
 * earlier instants take the offset of 1800 (the zone's local mean time). Later than Date's last
 * instant, the offset of that instant holds.
 */
const EARLIEST_PROBE = -5364662400000; // 1800-01-01T00:00:00Z
const LATEST_PROBE = 8.64e15;

/** Caches are dropped whole when they reach this size: batches span a few hours, not thousands. */
const CACHE_LIMIT = 4096;

/** A problem sentence for the operator when `name` is not a time zone this runtime knows, else undefined. */
export function checkTimeZone(name: string): string | undefined {
  try {
    // Not resolvedOptions().timeZone: it answers old names (Asia/Calcutta), and the zone's name never enters a key.
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return undefined;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const examples = 'such as UTC, Asia/Shanghai, Europe/Berlin or America/New_York';
  if (name.trim() === '') return `${TIME_ZONE_SETTING} is empty: leave it unset for UTC, or set an IANA time zone name ${examples}`;
  return `${TIME_ZONE_SETTING} ${JSON.stringify(name)} is not a time zone this runtime knows: set an IANA time zone name ${examples}${offsetHint(name)}`;
}

function offsetHint(name: string): string {
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(name.trim());
  if (!offset) return '';
  const [, sign, hours, minutes] = offset;
  const etc = `Etc/GMT${sign === '+' ? '-' : '+'}${Number(hours)}`;
  const whole = (minutes === undefined || Number(minutes) === 0) && Number(hours) <= (sign === '+' ? 14 : 12);
  return (
    '; for a fixed offset, name a place that keeps it (Asia/Shanghai for +08:00)' +
    (whole ? `, or use ${etc}, whose sign is inverted: ${etc} is UTC${sign}${hours?.padStart(2, '0')}:00` : '')
  );
}

export interface TimeBucketer {
  /**
   * The bucket of a record's timestamp (epoch milliseconds, before 1970 too): a stable id of the
   * time fields the template uses, e.g. `yyyy=2024,MM=03,dd=31,HH=02`; '' when it uses none.
   */
  bucketOf(timestampMs: number): string;
}

/** A bucketer for the template's time fields in `timeZone`; throws when the zone is unknown. */
export function timeBucketer(template: KeyTemplate, timeZone: string): TimeBucketer {
  const problem = checkTimeZone(timeZone);
  if (problem !== undefined) throw new RangeError(problem);
  return new ZonedBucketer(template.timeUnits, timeZone);
}

class ZonedBucketer implements TimeBucketer {
  private readonly formatter: Intl.DateTimeFormat;
  /** The zone's offset in each UTC hour seen, NaN when it changes inside that hour. */
  private readonly hourOffsets = new Map<number, number>();
  /** Bucket ids by local period (a day, hour or minute of local time, the finest unit used). */
  private readonly ids = new Map<number, string>();
  private readonly periodMs: number;

  constructor(
    private readonly units: readonly TimeUnit[],
    timeZone: string,
  ) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23', // hour12: false would write midnight as "24"
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.periodMs = units.includes('mm') ? MINUTE : units.includes('HH') ? HOUR : DAY;
  }

  bucketOf(timestampMs: number): string {
    if (!Number.isSafeInteger(timestampMs)) throw new RangeError(`timestamp ${timestampMs} is not a whole number of epoch milliseconds`);
    if (this.units.length === 0) return '';
    const period = Math.floor((timestampMs + this.offsetAt(timestampMs)) / this.periodMs);
    let id = this.ids.get(period);
    if (id === undefined) {
      if (this.ids.size >= CACHE_LIMIT) this.ids.clear();
      id = bucketId(this.units, period * this.periodMs);
      this.ids.set(period, id);
    }
    return id;
  }

  private offsetAt(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    let offset = this.hourOffsets.get(hour);
    if (offset === undefined) {
      if (this.hourOffsets.size >= CACHE_LIMIT) this.hourOffsets.clear();
      const first = this.probe(hour * HOUR);
      offset = first === this.probe(hour * HOUR + HOUR - SECOND) ? first : NaN;
      this.hourOffsets.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.probe(ms) : offset;
  }

  /** The zone's offset at the whole second of `ms`: its local time read as UTC, less the instant. */
  private probe(ms: number): number {
    const instant = Math.min(Math.max(Math.floor(ms / SECOND) * SECOND, EARLIEST_PROBE), LATEST_PROBE);
    const local = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.formatter.formatToParts(instant)) {
      if (part.type in local) local[part.type as keyof typeof local] = Number(part.value);
    }
    const days = daysFromCivil(local.year, local.month, local.day);
    return days * DAY + local.hour * HOUR + local.minute * MINUTE + local.second * SECOND - instant;
  }
}

function bucketId(units: readonly TimeUnit[], localMs: number): string {
  const days = Math.floor(localMs / DAY);
  const { year, month, day } = civilFromDays(days);
  const inDay = localMs - days * DAY;
  const values: Record<TimeUnit, string> = {
    yyyy: formatYear(year),
    MM: pad2(month),
    dd: pad2(day),
    HH: pad2(Math.floor(inDay / HOUR)),
    mm: pad2(Math.floor((inDay % HOUR) / MINUTE)),
  };
  return units.map((unit) => `${unit}=${values[unit]}`).join(',');
}

/** The rendered time fields of a bucket id. */
export function bucketFields(bucket: string): Partial<Record<TimeUnit, string>> {
  const fields: Partial<Record<TimeUnit, string>> = {};
  if (bucket === '') return fields;
  for (const field of bucket.split(',')) {
    const [unit, value] = field.split('=') as [TimeUnit, string];
    fields[unit] = value;
  }
  return fields;
}

/** Four digits at least (year 0 is 1 BC, as in ISO 8601), a sign before years BC, so 1999 sorts before 2000. */
export function formatYear(year: number): string {
  return year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1 };
}
