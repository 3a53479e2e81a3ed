/**
 * Wall-clock parts of an instant in the store's time zone (IANA name, default Asia/Tokyo), with
 * Intl only: the business day, receipt times and CSV timestamps are the store's, never UTC and
 * never the kiosk process's TZ.
 */
export const DEFAULT_STORE_TIME_ZONE = 'Asia/Tokyo';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Offset from UTC in minutes at that instant (+540 for JST). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: a bad setting shows at once, not on some receipt.
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedParts(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const wholeSecond = Math.floor(at / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond) / 60_000);
  return { year, month, day, hour, minute, second, weekday: WEEKDAYS.indexOf(parts.weekday ?? ''), offsetMinutes };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The store's calendar day of `at`, `YYYY-MM-DD`: the business day. */
export function zonedDay(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): string {
  const p = zonedParts(at, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 local time with its offset, e.g. `2026-12-01T08:30:00+09:00` (spreadsheets and people both read it). */
export function zonedIso(at: number, timeZone: string = DEFAULT_STORE_TIME_ZONE): string {
  const p = zonedParts(at, timeZone);
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(p.offsetMinutes);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}
