import { type Locale, localeTag } from './locale';

// Intl formatters are costly to build and immutable once built: one per locale and options.
const numberFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A currency's formatter and its minor-unit digits (2 for CAD, 0 for JPY), built once each. */
function numberFormat(locale: Locale, currency: string): { format: Intl.NumberFormat; digits: number } {
  const key = `${locale}|${currency}`;
  let found = numberFormats.get(key);
  if (!found) {
    const format = new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency });
    found = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    numberFormats.set(key, found);
  }
  return found;
}

function dateFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${options.dateStyle ?? ''}|${options.timeStyle ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag(locale), { ...options, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

function toDate(isoUtc: string): Date {
  const date = new Date(isoUtc);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO-8601 date-time: ${isoUtc}`);
  return date;
}

/**
 * Money is stored as integer minor units plus an ISO currency (PLAT-01); this is the only place
 * it becomes text, so `12,34 $` (fr-CA) and `$12.34` (en-CA) follow each locale's rules, and
 * currencies without cents (JPY) are not divided by 100.
 */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  const { format, digits } = numberFormat(locale, currency);
  return format.format(cents / 10 ** digits);
}

/**
 * Times are stored in UTC but an event happens at its venue (PLAT-01): render in the venue's IANA
 * zone (e.g. America/Toronto), not the server's or the reader's, so a Lambda in UTC and a visitor
 * abroad both read the time printed on the poster.
 */
export function formatDateTime(isoUtc: string, timeZone: string, locale: Locale): string {
  return dateFormat(locale, timeZone, { dateStyle: 'long', timeStyle: 'short' }).format(toDate(isoUtc));
}

/**
 * The day of an instant at the venue (PLAT-01), weekday included as calendars show it: 20:30 in
 * Toronto on the 14th is already the 15th in UTC, so the zone decides the date too.
 */
export function formatDate(isoUtc: string, timeZone: string, locale: Locale): string {
  return dateFormat(locale, timeZone, { dateStyle: 'full' }).format(toDate(isoUtc));
}
