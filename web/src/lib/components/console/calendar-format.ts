import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone,
    });
    formats.set(key, found);
  }
  return found;
}

/** One instant at the event's venue: "12 déc. 2026, 19 h 30", or only the day when no time is shown. */
export function eventMoment(iso: string, timeZone: string, withTime: boolean, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return format(locale, timeZone, withTime).format(date);
  } catch {
    return iso;
  }
}

/**
 * An event's span as staff scan it in a list, in the venue's zone (PLAT-01): its start, and its
 * last day when it ends on another day.
 */
export function eventSpan(
  event: { startsAt: string; endsAt: string; timeZone: string; showTime: boolean },
  locale: Locale,
): string {
  const start = eventMoment(event.startsAt, event.timeZone, event.showTime, locale);
  const firstDay = eventMoment(event.startsAt, event.timeZone, false, locale);
  const lastDay = eventMoment(event.endsAt, event.timeZone, false, locale);
  return firstDay === lastDay ? start : t(locale, 'consoleCalendar.dateRange', { start, end: lastDay });
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** The time alone at the venue ("22 h 00"), for the end of a date on its start's day. */
export function eventTime(iso: string, timeZone: string, locale: Locale): string {
  const key = `${locale}|${timeZone}`;
  let found = timeFormats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { timeStyle: 'short', timeZone });
    timeFormats.set(key, found);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : found.format(date);
}
