import type { CardBadge, CardWhen } from '$shared/calendar/calendar-cards';
import { formatMoney } from '$shared/templates/i18n/format';
import { type Locale, localeTag } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/**
 * How the calendar says its dates (CAL-04): always in the venue's zone (a card's `timeZone`; local
 * days are already the venue's), short on cards, full on the sheet. Formatters are built once each.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(localeTag(locale), { ...options, timeZone });
    formats.set(key, found);
  }
  return found;
}

const dayOptions = { weekday: 'short', day: 'numeric', month: 'short' } as const;
const fullDayOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;
const timeOptions = { hour: 'numeric', minute: '2-digit' } as const;

/** Times and short dates stay on one line (« 20 h 00 », « 22 déc. »). */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

/** A local day `yyyy-mm-dd` as a date at noon UTC, so formatting it in UTC gives that day. */
const atNoon = (localDate: string) => new Date(`${localDate}T12:00:00Z`);

/** « samedi 12 décembre 2026 »: the heading of a day of the calendar. */
export function dayHeading(localDate: string, locale: Locale): string {
  return format(locale, 'UTC', fullDayOptions).format(atNoon(localDate));
}

/** « sam. 12 déc. » */
export function shortDay(localDate: string, locale: Locale): string {
  return format(locale, 'UTC', dayOptions).format(atNoon(localDate));
}

/** A card's or a sheet date's line: « sam. 12 déc., 19 h 30 » or « Du 2 déc. au 6 janv. ». */
export function whenText(when: CardWhen, locale: Locale, style: 'short' | 'full' = 'short'): string {
  const dayFormat = style === 'full' ? fullDayOptions : dayOptions;
  // A short day stays whole (« mer. 6 janv. »); a full one may wrap.
  const keep = style === 'short' ? unbroken : (text: string) => text;
  if (when.kind === 'timed') {
    const start = new Date(when.startsAt);
    const day = keep(format(locale, when.timeZone, dayFormat).format(start));
    const time = unbroken(format(locale, when.timeZone, timeOptions).format(start));
    if (style === 'short' || when.endsAt <= when.startsAt) return `${day}, ${time}`;
    const end = new Date(when.endsAt);
    const endDay = keep(format(locale, when.timeZone, dayFormat).format(end));
    const endTime = unbroken(format(locale, when.timeZone, timeOptions).format(end));
    const sameDay = endDay === day ? endTime : `${endDay}, ${endTime}`;
    return `${day}, ${t(locale, 'calendar.when.timeRange', { start: time, end: sameDay })}`;
  }
  const first = keep(format(locale, 'UTC', dayFormat).format(atNoon(when.firstDay)));
  if (when.firstDay === when.lastDay) return first;
  const last = keep(format(locale, 'UTC', dayFormat).format(atNoon(when.lastDay)));
  return t(locale, 'calendar.when.span', { from: first, to: last });
}

/** The machine-readable date of a `<time>`: the instant, or the first day. */
export function whenDatetime(when: CardWhen): string {
  return when.kind === 'timed' ? when.startsAt : when.firstDay;
}

/** CAL-09: a badge's words. */
export function badgeText(badge: CardBadge, locale: Locale): string {
  switch (badge.kind) {
    case 'price': {
      const min = formatMoney(badge.minCents, badge.currency, locale);
      if (badge.minCents === badge.maxCents) return min;
      return t(locale, 'calendar.badge.price', {
        min,
        max: formatMoney(badge.maxCents, badge.currency, locale),
      });
    }
    default:
      return t(locale, `calendar.badge.${badge.kind}` as const);
  }
}

/**
 * Where a stored rendition is served: CloudFront serves the images bucket under the same path as
 * its keys (`images/<imageId>/…`, shared/images/crops.ts `renditionKey`).
 */
export function renditionUrl(key: string): string {
  return `/${key.replace(/^\/+/, '')}`;
}
