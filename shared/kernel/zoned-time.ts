/**
 * Wall-clock times in a venue's IANA zone, with Intl only (no time library): organizers type local
 * times, storage keeps UTC instants (data-model §1.3), and the calendar groups by local day, which
 * must stay right across daylight-saving changes (CAL-04, CAL-10).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the zone (venues are validated with it, ORG-09). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0 && zone.length <= 64;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (−4 h in Rimouski in summer). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (instant - (instant % 1000));
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `yyyy-mm-ddThh:mm` as an HTML `datetime-local` input sends it. */
export function isLocalDateTime(value: string): boolean {
  const match = localPattern.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60
  );
}

/**
 * The UTC instant of a wall-clock time in `timeZone`. A time skipped by the spring change
 * (02:30 on that Sunday) moves forward by the gap, as clocks do; an ambiguous autumn time takes
 * its first (daylight) occurrence.
 */
export function zonedToUtc(local: string, timeZone: string): string {
  const match = localPattern.exec(local);
  if (!match) throw new RangeError(`not a local date-time: ${local}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset; the earlier candidate wins in the repeated autumn hour.
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  const candidates = [first, second].filter((instant) => {
    const wall = wallClockAt(instant, timeZone);
    return wall.hour === h && wall.minute === mi && wall.day === d;
  });
  const chosen = candidates.length > 0 ? Math.min(...candidates) : Math.max(first, second);
  return new Date(chosen).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day (`yyyy-mm-dd`) of an instant in `timeZone`. */
export function localDateOf(isoUtc: string, timeZone: string): string {
  const wall = wallClockAt(Date.parse(isoUtc), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The local wall-clock time of an instant, as `yyyy-mm-ddThh:mm` (what the edit form shows). */
export function utcToZoned(isoUtc: string, timeZone: string): string {
  const wall = wallClockAt(Date.parse(isoUtc), timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** `yyyy-mm-dd` plus `days` (calendar arithmetic, no zone involved). */
export function addDays(localDate: string, days: number): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Whole days from `from` to `to` (both `yyyy-mm-dd`). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

export const defaultTimeZone = 'America/Toronto';

/**
 * Local wall-clock time of an instant in an IANA zone, with its UTC offset, from Intl only (no
 * time-zone database in the bundle): `2026-03-08T01:30:00-05:00`.
 */
export function zonedIso(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // longOffset gives "GMT-05:00", or "GMT" for a zero offset.
  const offset = part('timeZoneName').replace('GMT', '') || '+00:00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}

/** Parses an instant; throws on anything Date cannot read, so a feed never says "Invalid Date". */
export function toInstant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not an instant: ${value}`);
  return date;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local date `YYYY-MM-DD` checked and split. */
export function parseDay(value: string): { year: number; month: number; day: number } {
  const match = dayPattern.exec(value);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`not a date: ${value}`);
  }
  return { year, month, day };
}

/** The day after `value` (`YYYY-MM-DD`, checked), for exclusive ends. */
export function nextDay(value: string): string {
  parseDay(value);
  return addDays(value, 1);
}
