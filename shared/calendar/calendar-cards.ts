/**
 * The public calendar's cards (CAL-04, CAL-09): what a card shows of a calendar entry (its date,
 * its badges) and the page's days. Pure: the browser's code imports it too (the sheet's price, the
 * cards' words), so it stays free of the database modules (decision 0012).
 */
import type { StoredRendition } from '../images/crops';
import { localDateOf } from '../kernel/zoned-time';
import type { CalendarEntry } from './calendar-entry';

export type CardWhen =
  /** Shown with its time: one date and time (CAL-04's « Afficher la date et l'heure »). */
  | { kind: 'timed'; startsAt: string; endsAt: string; timeZone: string }
  /** A day, or a span of days, without time: an exhibition, a festival. */
  | { kind: 'days'; firstDay: string; lastDay: string };

export type CardBadge =
  | { kind: 'soldOut' }
  | { kind: 'free' }
  | { kind: 'freeOption' }
  | { kind: 'price'; minCents: number; maxCents: number; currency: string }
  | { kind: 'online' }
  | { kind: 'externalTicketing' }
  | { kind: 'bigEvent' };

export interface CalendarCard {
  eventId: string;
  slug: string;
  title: string;
  presenterName: string;
  venueNames: string[];
  /** The primary category's id (names come with the page's pick lists). */
  categoryId?: string;
  when: CardWhen;
  badges: CardBadge[];
  /** The card crop's default rendition, when the image pipeline produced it. */
  imageKey?: string;
  /** Its renditions (WebP and JPEG, for `srcset`), read for the page's cards (`withRenditions`). */
  renditions?: StoredRendition[];
  imageId?: string;
}

type CardSource = Pick<
  CalendarEntry,
  | 'eventId'
  | 'slug'
  | 'title'
  | 'presenterName'
  | 'venueNames'
  | 'categoryIds'
  | 'startsAt'
  | 'endsAt'
  | 'showTime'
  | 'timeZone'
  | 'soldOut'
  | 'free'
  | 'freeOption'
  | 'priceMinCents'
  | 'priceMaxCents'
  | 'currency'
  | 'online'
  | 'externalTicketing'
  | 'bigEvent'
  | 'cardImageKey'
  | 'imageId'
>;

type PriceSource = Pick<CardSource, 'free' | 'freeOption' | 'priceMinCents' | 'priceMaxCents' | 'currency'>;

/** What an event costs, as badges: free, or its price range and whether a free option exists. */
export function priceBadges(entry: PriceSource): CardBadge[] {
  if (entry.free) return [{ kind: 'free' }];
  const badges: CardBadge[] = [];
  const min = entry.priceMinCents ?? entry.priceMaxCents;
  const max = entry.priceMaxCents ?? entry.priceMinCents;
  if (min !== undefined && max !== undefined && max > 0) {
    badges.push({ kind: 'price', minCents: min, maxCents: max, currency: entry.currency });
  }
  if (entry.freeOption) badges.push({ kind: 'freeOption' });
  return badges;
}

/** CAL-09: what a card says besides its title, in the order it says it. */
export function cardBadges(
  entry: PriceSource & Pick<CardSource, 'soldOut' | 'online' | 'externalTicketing' | 'bigEvent'>,
): CardBadge[] {
  const badges: CardBadge[] = [];
  if (entry.soldOut) badges.push({ kind: 'soldOut' });
  badges.push(...priceBadges(entry));
  if (entry.online) badges.push({ kind: 'online' });
  if (entry.externalTicketing) badges.push({ kind: 'externalTicketing' });
  if (entry.bigEvent) badges.push({ kind: 'bigEvent' });
  return badges;
}

/** When a card happens: with its time when the event shows it, else its days in the venue's zone. */
export function cardWhen(entry: Pick<CardSource, 'startsAt' | 'endsAt' | 'showTime' | 'timeZone'>): CardWhen {
  if (entry.showTime) {
    return { kind: 'timed', startsAt: entry.startsAt, endsAt: entry.endsAt, timeZone: entry.timeZone };
  }
  return {
    kind: 'days',
    firstDay: localDateOf(entry.startsAt, entry.timeZone),
    lastDay: localDateOf(entry.endsAt, entry.timeZone),
  };
}

export function toCard(entry: CardSource): CalendarCard {
  return {
    eventId: entry.eventId,
    slug: entry.slug,
    title: entry.title,
    presenterName: entry.presenterName,
    venueNames: entry.venueNames,
    categoryId: entry.categoryIds[0],
    when: cardWhen(entry),
    badges: cardBadges(entry),
    imageKey: entry.cardImageKey,
    imageId: entry.imageId,
  };
}

export interface CalendarDay {
  localDate: string;
  cards: CalendarCard[];
}

/**
 * CAL-04: the page's entries under their local day. An event without show time has an entry per
 * day it spans; on one page it is shown on its first day only (its card says until when), so an
 * exhibition of five weeks does not fill the page.
 */
export function groupByDay(entries: CalendarEntry[]): CalendarDay[] {
  const days: CalendarDay[] = [];
  const shownSpans = new Set<string>();
  for (const entry of entries) {
    if (!entry.showTime) {
      if (shownSpans.has(entry.eventId)) continue;
      shownSpans.add(entry.eventId);
    }
    let day = days.at(-1);
    if (day?.localDate !== entry.localDate) {
      day = { localDate: entry.localDate, cards: [] };
      days.push(day);
    }
    day.cards.push(toCard(entry));
  }
  return days;
}
