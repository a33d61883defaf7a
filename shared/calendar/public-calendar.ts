/**
 * The public calendar's pages as the visitor reads them (CAL-01..05, CAL-09): the home page's
 * cards grouped by day with « À la une », the event sheet with its names, image crops and
 * schema.org data, and the feeds. The reads are list-calendar.ts and event-sheet.ts; this shapes
 * them. The filter's address is calendar-address.ts and the cards calendar-cards.ts: pure modules
 * the browser's code may import, which this one cannot be.
 */

import type { Deps } from '../deps';
import type { FeedEvent } from '../feeds/feed-event';
import { eventJsonLd, type JsonLd } from '../feeds/json-ld';
import type { StoredRendition } from '../images/crops';
import { ContainerCache } from '../kernel/container-cache';
import type { Locale } from '../kernel/errors';
import { addDays, defaultTimeZone, localDateOf } from '../kernel/zoned-time';
import { type CalendarQuery, calendarQueryString, isFiltered } from './calendar-address';
import {
  type CalendarCard,
  type CalendarDay,
  type CardWhen,
  cardWhen,
  groupByDay,
  toCard,
} from './calendar-cards';
import type { CalendarEntry } from './calendar-entry';
import { type EventSheet, eventSheetBySlug } from './event-sheet';
import {
  type CalendarFilter,
  calendarPage,
  type FeaturedCard,
  featuredEvents,
  listCalendar,
  matchesCalendarFilter,
  readCalendar,
} from './list-calendar';
import { listPresenters, listTaxonomyTerms, listVenues } from './reference-data';
import type { TaxonomyTerm } from './taxonomy-term';

function filterOf(query: CalendarQuery): CalendarFilter {
  return {
    categoryIds: query.categoryIds,
    audienceIds: query.audienceIds,
    presenterOrgId: query.presenterOrgId,
    bigEvent: query.bigEvent,
    free: query.free,
    online: query.online,
    exhibition: query.exhibition,
    onPlatformTicketing: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The home page (CAL-02, CAL-03).

export interface PickItem {
  id: string;
  name: string;
}

export interface CalendarChoices {
  categories: PickItem[];
  audiences: PickItem[];
  presenters: PickItem[];
}

export interface CalendarHome {
  query: CalendarQuery;
  filtered: boolean;
  /** « À la une », on the first page of the unfiltered calendar only. */
  featured: CalendarCard[];
  days: CalendarDay[];
  /** The next page's query string, when more may follow. */
  nextQuery?: string;
  from: string;
  to: string;
  choices: CalendarChoices;
}

const termName = (term: TaxonomyTerm, locale: Locale) => (locale === 'en' ? term.nameEn : term.nameFr);

function pickItems(terms: TaxonomyTerm[], locale: Locale): PickItem[] {
  return terms
    .map((term) => ({ id: term.termId, name: termName(term, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The filters' choices in the visitor's language: categories, audiences, presenting organizations. */
export async function calendarChoices(deps: Pick<Deps, 'db'>, locale: Locale): Promise<CalendarChoices> {
  const [categories, audiences, presenters] = await Promise.all([
    listTaxonomyTerms(deps, 'category'),
    listTaxonomyTerms(deps, 'audience'),
    listPresenters(deps),
  ]);
  return {
    categories: pickItems(categories, locale),
    audiences: pickItems(audiences, locale),
    presenters: presenters.map((presenter) => ({ id: presenter.orgId, name: presenter.name })),
  };
}

/** A featured card: its first entry in the window, or the pinned event read by key. */
function featuredCard(
  card: FeaturedCard,
  names: { presenters: Map<string, string>; venues: Map<string, string> },
): CalendarCard | undefined {
  if (card.entry) return toCard(card.entry);
  const event = card.event;
  if (!event) return undefined;
  return toCard({
    ...event,
    eventId: card.eventId,
    presenterName: names.presenters.get(event.presenterOrgId) ?? '',
    venueNames: event.venueIds.flatMap((venueId) => names.venues.get(venueId) ?? []),
    externalTicketing: Boolean(event.externalTicketingUrl),
    cardImageKey: undefined,
  });
}

/**
 * The calendar crops' renditions of the images on a page's cards, kept a minute per container
 * (kernel/container-cache.ts): a rendition's key names its content, so a copy never shows a wrong
 * picture, and a new crop shows within the minute. Crops whose renditions are not made yet are not
 * kept: their pictures appear as soon as they are.
 */
const renditionsCache = new ContainerCache<StoredRendition[]>(60_000, 5_000);

export async function withRenditions(deps: Pick<Deps, 'db'>, cards: CalendarCard[]): Promise<void> {
  const imageIds = [...new Set(cards.flatMap((card) => (card.imageId ? [card.imageId] : [])))];
  const found = new Map<string, StoredRendition[]>();
  for (const imageId of imageIds) {
    const kept = renditionsCache.get(imageId);
    if (kept) found.set(imageId, kept);
  }
  const missing = imageIds.filter((imageId) => !found.has(imageId));
  if (missing.length > 0) {
    const started = renditionsCache.generation();
    const { data } = await deps.db.calendar.entities.crop
      .get(missing.map((imageId) => ({ imageId, kind: 'calendar' as const })))
      .go();
    for (const crop of data) {
      const renditions = Array.isArray(crop.renditions) ? (crop.renditions as StoredRendition[]) : [];
      if (renditions.length === 0) continue;
      found.set(crop.imageId, renditions);
      renditionsCache.keep(started, crop.imageId, renditions);
    }
  }
  for (const card of cards) {
    const renditions = card.imageId ? found.get(card.imageId) : undefined;
    if (renditions) card.renditions = renditions;
  }
}

/** Query pages read at most to fill one page of cards when spans are folded (`groupByDay`). */
const maxReadsPerPage = 3;

/** The cards a list of entries gives once spans are folded. */
const cardCount = (entries: CalendarEntry[]) =>
  groupByDay(entries).reduce((sum, day) => sum + day.cards.length, 0);

/** A page of the calendar's entries for a filter: 24 a Query, read on while spans fold them to fewer cards. */
async function calendarEntries(deps: Pick<Deps, 'db' | 'clock'>, query: CalendarQuery) {
  // A page of 24 entries may fold to a few cards (five weeks of an exhibition): read on, a little.
  const entries: CalendarEntry[] = [];
  let cursor = query.cursor;
  let range = { from: '', to: '' };
  for (let reads = 0; reads < maxReadsPerPage; reads += 1) {
    const page = await listCalendar(deps, {
      from: query.from,
      to: query.to,
      cursor,
      filter: filterOf(query),
    });
    entries.push(...page.entries);
    cursor = page.cursor;
    range = { from: page.from, to: page.to };
    if (!cursor || cardCount(entries) >= calendarPage.cards) break;
  }
  return { entries, cursor, ...range };
}

/**
 * CAL-02, CAL-03: the home page for a filter read from its address: « À la une » (unfiltered first
 * page), the matching events by day, 24 entries a page with the next page's address, and the
 * filters' choices.
 */
export async function calendarHome(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { query: CalendarQuery; locale: Locale },
): Promise<CalendarHome> {
  const { query, locale } = input;
  const filtered = isFiltered(query);
  // One round of reads at once: the page's entries, the pick lists and venues (copied per
  // container, reference-data.ts); then « À la une » from the same entries (its pins are copied
  // per container too) and the cards' image renditions.
  const [page, choices, venues] = await Promise.all([
    calendarEntries(deps, query),
    calendarChoices(deps, locale),
    listVenues(deps),
  ]);
  const featured =
    filtered || query.cursor
      ? []
      : await featuredEvents(deps, { read: { entries: page.entries, more: Boolean(page.cursor) } });
  const { entries, cursor } = page;
  const names = {
    presenters: new Map(choices.presenters.map((item) => [item.id, item.name])),
    venues: new Map(venues.map((venue) => [venue.venueId, venue.name])),
  };
  const featuredCards = featured.flatMap((card) => featuredCard(card, names) ?? []);
  const days = groupByDay(entries);
  await withRenditions(deps, [...featuredCards, ...days.flatMap((day) => day.cards)]);
  return {
    query,
    filtered,
    featured: featuredCards,
    days,
    nextQuery: cursor ? calendarQueryString({ ...query, cursor }) : undefined,
    from: page.from,
    to: page.to,
    choices,
  };
}

// ---------------------------------------------------------------------------------------------
// The event sheet (CAL-01, CAL-05, CAL-06).

export interface SheetImage {
  /** The sheet crop's renditions (WebP and JPEG, for `srcset`); empty until they are produced. */
  renditions: StoredRendition[];
  width: number;
  height: number;
}

export interface PublicSheet {
  sheet: EventSheet;
  categories: string[];
  audiences: string[];
  exhibitionType?: string;
  /** The header image, once the crop function produced its renditions. */
  image?: SheetImage;
  /** The share image's key (CAL-06): the social crop when made, else the card crop. */
  shareImageKey?: string;
  /** Dates as the sheet lists them (CAL-04), first to last. */
  dates: CardWhen[];
}

/**
 * CAL-01: the sheet of a published event by its address, with the names of its categories,
 * audiences and exhibition type in the visitor's language and its image crops; a former address
 * answers `{ kind: 'redirect' }` (CAL-06) and an unknown one throws NotFoundError.
 */
export async function publicEventSheet(
  deps: Pick<Deps, 'db'>,
  input: { slug: string; locale: Locale },
): Promise<PublicSheet | { kind: 'redirect'; slug: string }> {
  const result = await eventSheetBySlug(deps, { slug: input.slug });
  if (result.kind === 'redirect') return result;
  const { event } = result;
  const [categories, audiences, exhibitionTypes] = await Promise.all([
    listTaxonomyTerms(deps, 'category'),
    listTaxonomyTerms(deps, 'audience'),
    event.exhibitionTypeId ? listTaxonomyTerms(deps, 'exhibitionType') : Promise.resolve([]),
  ]);
  const names = (terms: TaxonomyTerm[], ids: string[]) =>
    ids.flatMap((id) => {
      const term = terms.find((candidate) => candidate.termId === id);
      return term ? [termName(term, input.locale)] : [];
    });
  const crop = (kind: string) => result.crops.find((item) => item.kind === kind);
  const sheetCrop = crop('sheet');
  const renditions = Array.isArray(sheetCrop?.renditions) ? (sheetCrop.renditions as StoredRendition[]) : [];
  const widest = [...renditions].sort((a, b) => b.width - a.width)[0];
  const social = crop('social');
  return {
    sheet: result,
    categories: names(categories, event.categoryIds),
    audiences: names(audiences, event.audienceIds),
    exhibitionType: event.exhibitionTypeId ? names(exhibitionTypes, [event.exhibitionTypeId])[0] : undefined,
    image: widest ? { renditions, width: widest.width, height: widest.height } : undefined,
    shareImageKey: (social ?? crop('calendar'))?.primaryKey,
    dates: [...result.dates]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((date) => cardWhen({ ...date, timeZone: event.timeZone })),
  };
}

/**
 * CAL-06: the schema.org Event of a sheet (json-ld.ts), its first venue as the place, its span
 * as the dates (days without time when the event does not show its time).
 */
export function sheetJsonLd(
  sheet: PublicSheet,
  urls: { sheet: string; image?: string; ticketing?: string },
  locale: Locale,
): JsonLd {
  return eventJsonLd(sheetFeedEvent(sheet, urls, locale));
}

/** A sheet as the feeds' plain event (feed-event.ts): its span, first venue, offer and presenter. */
function sheetFeedEvent(
  sheet: PublicSheet,
  urls: { sheet: string; image?: string; ticketing?: string },
  locale: Locale,
): FeedEvent {
  const { event, venues, presenter } = sheet.sheet;
  const venue = venues[0];
  const feed: FeedEvent = {
    occurrenceId: event.eventId,
    title: event.title,
    description: plainDescription(event.descriptionHtml),
    url: urls.sheet,
    when: event.showTime
      ? { kind: 'timed', startsAt: event.startsAt, endsAt: event.endsAt }
      : {
          kind: 'allDay',
          firstDay: localDateOf(event.startsAt, event.timeZone),
          lastDay: localDateOf(event.endsAt, event.timeZone),
        },
    timeZone: event.timeZone,
    attendance: event.online ? (venue ? 'mixed' : 'online') : 'offline',
    venue: venue
      ? {
          name: venue.name,
          streetAddress: venue.address,
          locality: venue.city,
          region: 'QC',
          postalCode: venue.postalCode,
          geo:
            venue.latitude !== undefined && venue.longitude !== undefined
              ? { lat: venue.latitude, lon: venue.longitude }
              : undefined,
        }
      : undefined,
    onlineUrl: event.online ? event.onlineUrl : undefined,
    offer: {
      free: event.free,
      minPrice: event.priceMinCents === undefined ? undefined : event.priceMinCents / 100,
      maxPrice: event.priceMaxCents === undefined ? undefined : event.priceMaxCents / 100,
      currency: event.currency,
      url: urls.ticketing,
      soldOut: event.soldOut,
    },
    organizer: presenter ? { name: presenter.name } : undefined,
    images: urls.image ? [{ url: urls.image }] : undefined,
    categories: sheet.categories,
    publishedAt: event.publishedAt,
    updatedAt: event.updatedAt,
    language: locale,
  };
  return feed;
}

/** A card's time as the feeds write it: instants with show time, else local days (last included). */
function feedWhen(when: CardWhen): FeedEvent['when'] {
  return when.kind === 'timed'
    ? { kind: 'timed', startsAt: when.startsAt, endsAt: when.endsAt }
    : { kind: 'allDay', firstDay: when.firstDay, lastDay: when.lastDay };
}

/** The iCalendar UID part of an occurrence: unique across events (`<eventId>.<occurrenceId>`). */
const feedOccurrenceId = (eventId: string, occurrenceId: string) => `${eventId}.${occurrenceId}`;

/**
 * CAL-10: the sheet's « Ajouter à mon agenda »: one feed event per date of the event (every date,
 * each with its own time, the sheet's details on each), for eventToIcs/feedToIcs.
 */
export function sheetOccurrences(
  sheet: PublicSheet,
  urls: { sheet: string; ticketing?: string },
  locale: Locale,
): FeedEvent[] {
  const base = sheetFeedEvent(sheet, urls, locale);
  const { event } = sheet.sheet;
  return [...sheet.sheet.dates]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((date) => ({
      ...base,
      occurrenceId: feedOccurrenceId(event.eventId, date.occurrenceId),
      when: feedWhen(cardWhen({ ...date, timeZone: event.timeZone })),
    }));
}

// ---------------------------------------------------------------------------------------------
// The subscribable feeds of a filter (CAL-10) and the sitemap (CAL-06).

/**
 * At most this many upcoming dates in a filter's .ics (and events in its RSS), read in at most
 * `maxQueryPages` Query pages: a feed is bounded whatever the filter, like a page of the calendar.
 */
export const calendarFeedLimits = { occurrences: 200, maxQueryPages: 8, days: 366 } as const;

export interface CalendarFeed {
  /** One per date, in time order: the .ics feed. */
  occurrences: FeedEvent[];
  /** One per event (its first upcoming date): the RSS feed. */
  events: FeedEvent[];
}

/**
 * CAL-10: the upcoming dates matching a filter read from a home-page address (its cursor ignored):
 * from `du` (default today) to `au` (default a year on), dates already over left out, an all-day
 * span once (not once per day it spans), at most `calendarFeedLimits.occurrences`.
 */
export async function calendarFeed(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { query: CalendarQuery; sheetUrl: (slug: string) => string },
): Promise<CalendarFeed> {
  const { query } = input;
  const nowIso = deps.clock.now().toISOString();
  const today = localDateOf(nowIso, defaultTimeZone);
  const from = query.from && query.from > today ? query.from : today;
  const latest = addDays(from, calendarFeedLimits.days);
  const to = query.to && query.to < latest ? query.to : latest;
  if (to < from) return { occurrences: [], events: [] };
  const filter = filterOf(query);
  const seen = new Set<string>();
  const { entries } = await readCalendar(
    deps,
    { from, to },
    (entry) => {
      const key = feedOccurrenceId(entry.eventId, entry.occurrenceId);
      if (entry.endsAt < nowIso || seen.has(key) || !matchesCalendarFilter(entry, filter)) return false;
      seen.add(key);
      return true;
    },
    { cards: calendarFeedLimits.occurrences, maxQueryPages: calendarFeedLimits.maxQueryPages },
  );
  const occurrences = entries.map(
    (entry): FeedEvent => ({
      occurrenceId: feedOccurrenceId(entry.eventId, entry.occurrenceId),
      title: entry.title,
      url: input.sheetUrl(entry.slug),
      when: feedWhen(cardWhen(entry)),
      timeZone: entry.timeZone,
      attendance: entry.online ? (entry.venueNames.length > 0 ? 'mixed' : 'online') : 'offline',
      venue: entry.venueNames[0] ? { name: entry.venueNames.join(', ') } : undefined,
      organizer: { name: entry.presenterName },
    }),
  );
  const firstOfEvent = new Map<string, FeedEvent>();
  entries.forEach((entry, at) => {
    const item = occurrences[at];
    if (item && !firstOfEvent.has(entry.eventId)) firstOfEvent.set(entry.eventId, item);
  });
  const events = [...firstOfEvent.values()];
  return { occurrences, events };
}

/** How far back the sitemap looks for an event still running (an exhibition of months). */
const sitemapStartedWithinDays = 366;

/**
 * CAL-06: the sitemap's events: every published event not yet over, from the sparse g1 partition
 * `EVENTS#published` (keys only, so hydrated by BatchGet; events started within the last year, all
 * pages; never a Scan), with its last change for `lastmod`.
 */
export async function publishedEventSlugs(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<{ slug: string; updatedAt: string }[]> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - sitemapStartedWithinDays * 86_400_000).toISOString();
  const { data } = await deps.db.calendar.entities.event.query
    .byStatus({ status: 'published' })
    .gte({ startsAt: since })
    .go({ pages: 'all', hydrate: true });
  return (
    data
      // The index is eventually consistent: an event unpublished a moment ago may still be listed.
      .filter((event) => event.status === 'published' && event.endsAt >= nowIso)
      .map((event) => ({ slug: event.slug, updatedAt: event.updatedAt }))
  );
}

/** The description as plain text for data and meta tags: tags dropped, entities of the sanitizer read back. */
export function plainDescription(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h\d)[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
