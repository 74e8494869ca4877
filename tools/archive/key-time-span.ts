/**
 * @module The instants a key's time folders can hold, whatever TIMEZONE the writer used: a local
 * period read as UTC, widened by the largest offsets zones have (UTC-12 to UTC+14). Enough to skip
 * objects outside a time window without knowing the zone.
 */
import type { TimeUnit } from '../../lib/objects/key-template';

const HOUR = 3_600_000;
const EARLIEST_ZONE_SHIFT = 14 * HOUR;
const LATEST_ZONE_SHIFT = 12 * HOUR;

/** [from, to) in epoch milliseconds, or undefined when the fields do not name a year. */
export function keyTimeSpan(fields: Partial<Record<TimeUnit, number>>): { from: number; to: number } | undefined {
  const { yyyy, MM, dd, HH, mm } = fields;
  if (yyyy === undefined) return undefined;
  const at = (year: number, month: number, day: number, hour: number, minute: number) => {
    const date = new Date(0);
    date.setUTCFullYear(year, month, day); // not Date.UTC: it reads years 0-99 as 1900-1999
    date.setUTCHours(hour, minute, 0, 0);
    return date.getTime();
  };
  const month = MM === undefined ? 0 : MM - 1;
  const day = dd ?? 1;
  const start = at(yyyy, month, day, HH ?? 0, mm ?? 0);
  const end =
    MM === undefined
      ? at(yyyy + 1, 0, 1, 0, 0)
      : dd === undefined
        ? at(yyyy, month + 1, 1, 0, 0)
        : HH === undefined
          ? at(yyyy, month, day + 1, 0, 0)
          : mm === undefined
            ? start + HOUR
            : start + 60_000;
  return { from: start - EARLIEST_ZONE_SHIFT, to: end + LATEST_ZONE_SHIFT };
}
