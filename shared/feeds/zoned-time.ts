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

/** The day after `value` (`YYYY-MM-DD`), for exclusive ends. */
export function nextDay(value: string): string {
  const { year, month, day } = parseDay(value);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}
