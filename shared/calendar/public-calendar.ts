/**
 * The public calendar's pages as the visitor reads them (CAL-01..05, CAL-09): the filter's address
 * (one codec for the home page and anything that links to a filtered calendar), the home page's
 * cards grouped by day with « À la une », and the event sheet with its names, image crops and
 * schema.org data. The reads are list-calendar.ts and event-sheet.ts; this shapes them.
 */

import type { Deps } from '../deps';
import type { FeedEvent } from '../feeds/feed-event';
import { eventJsonLd, type JsonLd } from '../feeds/json-ld';
import { listOrganizations } from '../identity/members';
import type { StoredRendition } from '../images/crops';
import type { Locale } from '../kernel/errors';
import { addDays, defaultTimeZone, localDateOf, parseDay } from '../kernel/zoned-time';
import type { CalendarEntry } from './calendar-entry';
import { eventFieldLimits } from './event-input';
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
import { listTaxonomyTerms, listVenues } from './reference-data';
import type { TaxonomyTerm } from './taxonomy-term';

// ---------------------------------------------------------------------------------------------
// The filter's address (CAL-02): the state lives in the URL, so it is shared, bookmarked and
// restored by the back button. Parameter names are French in both languages, like the paths.

/** The query parameters the calendar reads; any other is ignored. */
export const calendarParams = {
  category: 'categorie',
  audience: 'clientele',
  presenter: 'diffuseur',
  from: 'du',
  to: 'au',
  bigEvent: 'grands-evenements',
  free: 'gratuit',
  online: 'en-ligne',
  exhibition: 'expositions',
  cursor: 'apres',
} as const;

export const calendarFlags = ['bigEvent', 'free', 'online', 'exhibition'] as const;
export type CalendarFlag = (typeof calendarFlags)[number];

export interface CalendarQuery {
  categoryIds: string[];
  audienceIds: string[];
  presenterOrgId?: string;
  /** Local days `yyyy-mm-dd`. */
  from?: string;
  to?: string;
  bigEvent: boolean;
  free: boolean;
  online: boolean;
  exhibition: boolean;
  cursor?: string;
}

const maxValues = 20;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const idPattern = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;
const isId = (value: string) => value.length <= eventFieldLimits.id && idPattern.test(value);
const isDay = (value: string) => {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads the filter from a URL's parameters, never failing: unknown parameters, malformed values
 * and repeats beyond 20 are dropped (a hand-edited or truncated link still shows a calendar), and
 * dates given in the wrong order are swapped.
 */
export function readCalendarQuery(params: URLSearchParams): CalendarQuery {
  const ids = (name: string) =>
    [...new Set(params.getAll(name).map((value) => value.trim()))].filter(isId).slice(0, maxValues);
  const one = (name: string) => ids(name)[0];
  const day = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return isDay(value) ? value : undefined;
  };
  const flag = (name: string) => ['1', 'on', 'true', 'oui'].includes(params.get(name) ?? '');
  let from = day(calendarParams.from);
  let to = day(calendarParams.to);
  if (from && to && to < from) [from, to] = [to, from];
  const cursor = params.get(calendarParams.cursor) ?? undefined;
  return {
    categoryIds: ids(calendarParams.category),
    audienceIds: ids(calendarParams.audience),
    presenterOrgId: one(calendarParams.presenter),
    from,
    to,
    bigEvent: flag(calendarParams.bigEvent),
    free: flag(calendarParams.free),
    online: flag(calendarParams.online),
    exhibition: flag(calendarParams.exhibition),
    cursor: cursor && cursor.length <= 500 && /^[A-Za-z0-9_-]+$/.test(cursor) ? cursor : undefined,
  };
}

/**
 * The query string of a filter (`?…`, or `''` when nothing is chosen), in one canonical order so
 * the same filter has one address (one cache entry, one bookmark).
 */
export function calendarQueryString(query: Partial<CalendarQuery>): string {
  const params = new URLSearchParams();
  for (const id of query.categoryIds ?? []) params.append(calendarParams.category, id);
  for (const id of query.audienceIds ?? []) params.append(calendarParams.audience, id);
  if (query.presenterOrgId) params.set(calendarParams.presenter, query.presenterOrgId);
  if (query.from) params.set(calendarParams.from, query.from);
  if (query.to) params.set(calendarParams.to, query.to);
  for (const name of calendarFlags) if (query[name]) params.set(calendarParams[name], '1');
  if (query.cursor) params.set(calendarParams.cursor, query.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether the visitor narrowed the calendar (then « À la une » gives way to the results). */
export function isFiltered(query: CalendarQuery): boolean {
  return (
    query.categoryIds.length > 0 ||
    query.audienceIds.length > 0 ||
    Boolean(query.presenterOrgId || query.from || query.to) ||
    calendarFlags.some((name) => query[name])
  );
}

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
// Cards (CAL-04, CAL-09).

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
  const [categories, audiences, organizations] = await Promise.all([
    listTaxonomyTerms(deps, 'category'),
    listTaxonomyTerms(deps, 'audience'),
    listOrganizations(deps),
  ]);
  return {
    categories: pickItems(categories, locale),
    audiences: pickItems(audiences, locale),
    presenters: organizations
      .filter((organization) => organization.status === 'active')
      .map((organization) => ({ id: organization.orgId, name: organization.name })),
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
 * The card crops' renditions of the page's cards, in one BatchGet (the calendar entries carry the
 * default rendition's key only, to stay small).
 */
async function withRenditions(deps: Pick<Deps, 'db'>, cards: CalendarCard[]): Promise<void> {
  const imageIds = [...new Set(cards.flatMap((card) => (card.imageId ? [card.imageId] : [])))];
  if (imageIds.length === 0) return;
  const { data } = await deps.db.calendar.entities.crop
    .get(imageIds.map((imageId) => ({ imageId, kind: 'calendar' as const })))
    .go();
  const byImage = new Map(
    data.map((crop) => [
      crop.imageId,
      Array.isArray(crop.renditions) ? (crop.renditions as StoredRendition[]) : [],
    ]),
  );
  for (const card of cards) {
    const renditions = card.imageId ? byImage.get(card.imageId) : undefined;
    if (renditions && renditions.length > 0) card.renditions = renditions;
  }
}

/** Query pages read at most to fill one page of cards when spans are folded (`groupByDay`). */
const maxReadsPerPage = 3;

/** The cards a list of entries gives once spans are folded. */
const cardCount = (entries: CalendarEntry[]) =>
  groupByDay(entries).reduce((sum, day) => sum + day.cards.length, 0);

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
  const [featured, choices] = await Promise.all([
    filtered || query.cursor ? Promise.resolve([]) : featuredEvents(deps),
    calendarChoices(deps, locale),
  ]);
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
  const pinned = featured.some((card) => !card.entry);
  const venues = pinned ? await listVenues(deps) : [];
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
    ...range,
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
  const { crop } = deps.db.calendar.entities;
  const [categories, audiences, exhibitionTypes, crops] = await Promise.all([
    listTaxonomyTerms(deps, 'category'),
    listTaxonomyTerms(deps, 'audience'),
    event.exhibitionTypeId ? listTaxonomyTerms(deps, 'exhibitionType') : Promise.resolve([]),
    event.imageId
      ? crop
          .get([
            { imageId: event.imageId, kind: 'sheet' },
            { imageId: event.imageId, kind: 'social' },
          ])
          .go()
      : Promise.resolve({ data: [] }),
  ]);
  const names = (terms: TaxonomyTerm[], ids: string[]) =>
    ids.flatMap((id) => {
      const term = terms.find((candidate) => candidate.termId === id);
      return term ? [termName(term, input.locale)] : [];
    });
  const sheetCrop = crops.data.find((item) => item.kind === 'sheet');
  const renditions = Array.isArray(sheetCrop?.renditions) ? (sheetCrop.renditions as StoredRendition[]) : [];
  const widest = [...renditions].sort((a, b) => b.width - a.width)[0];
  const social = crops.data.find((item) => item.kind === 'social');
  return {
    sheet: result,
    categories: names(categories, event.categoryIds),
    audiences: names(audiences, event.audienceIds),
    exhibitionType: event.exhibitionTypeId ? names(exhibitionTypes, [event.exhibitionTypeId])[0] : undefined,
    image: widest ? { renditions, width: widest.width, height: widest.height } : undefined,
    shareImageKey: social?.primaryKey ?? result.shareImageKey,
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
