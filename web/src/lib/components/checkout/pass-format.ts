/**
 * How a buyer reads a pass (TIX-08) on the « Passes » tab, its page and an event's sheet: how many
 * events it admits to and their first and last days (each in its own event's zone), its lowest
 * price, its sale state with its dates (in the pass's zone). The figures come from the server
 * (shared/ticketing/passes.ts `publicPass`, `passesOfEvent`); this only words them.
 */
import { formatDate, formatDateTime, formatMoney } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

/** « 1 événement », « 3 événements ». */
export function eventCountText(count: number, locale: Locale): string {
  return count === 1 ? t(locale, 'passes.events.one') : t(locale, 'passes.events.many', { count });
}

/** « du mercredi 23 décembre 2026 au dimanche 3 janvier 2027 »: the events in date order. */
export function eventDaysText(events: { startsAt: string; timeZone: string }[], locale: Locale): string {
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) return '';
  const from = formatDate(first.startsAt, first.timeZone, locale);
  const to = formatDate(last.startsAt, last.timeZone, locale);
  return from === to
    ? t(locale, 'passes.dates.one', { date: from })
    : t(locale, 'passes.dates.span', { from, to });
}

/** The tiers still offered (active), for « à partir de ». */
export interface PriceRange {
  /** The lowest price, 0 when a free tier is offered. */
  minCents: number;
  /** The lowest price above 0, when a paid tier is offered. */
  minPaidCents?: number;
  currency: string;
}

/** « À partir de 45,00 $ », « Gratuit », « Gratuit, ou à partir de 45,00 $ ». */
export function priceFromText(range: PriceRange, locale: Locale): string {
  const money = (cents: number) => formatMoney(cents, range.currency, locale);
  if (range.minCents > 0) return t(locale, 'passes.price.from', { price: money(range.minCents) });
  if (range.minPaidCents === undefined) return t(locale, 'passes.price.free');
  return t(locale, 'passes.price.freeOrFrom', { price: money(range.minPaidCents) });
}

export type PassState = 'upcoming' | 'onSale' | 'ended';

/** « En vente jusqu’au 31 janvier 2027 à 23 h 59 », « En vente à partir du … », « Vente terminée ». */
export function passStateText(
  pass: { state: PassState; salesStartAt: string; salesEndAt: string; timeZone: string },
  locale: Locale,
): string {
  switch (pass.state) {
    case 'onSale':
      return t(locale, 'passes.state.onSale', {
        date: formatDateTime(pass.salesEndAt, pass.timeZone, locale),
      });
    case 'upcoming':
      return t(locale, 'passes.state.upcoming', {
        date: formatDateTime(pass.salesStartAt, pass.timeZone, locale),
      });
    default:
      return t(locale, 'passes.state.ended');
  }
}
