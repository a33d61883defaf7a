import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ContainerCache } from '../kernel/container-cache';
import { parseInput } from '../kernel/validate';
import { addDays, defaultTimeZone, localDateOf } from '../kernel/zoned-time';
import type { CalendarEntry, FeaturedPin } from './calendar-entry';
import type { CalendarEvent } from './event';
import { id } from './event-input';

/** Cards per page, Query pages per request and entries per Query page (§3.12). */
export const calendarPage = { cards: 24, maxQueryPages: 4, queryLimit: 250, defaultDays: 60 } as const;

const localDate = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

export const calendarFilter = z.object({
  /** Any of these categories. */
  categoryIds: z._default(z.array(id()).check(z.maxLength(20)), []),
  presenterOrgId: z.optional(id()),
  /** Any of these audiences. */
  audienceIds: z._default(z.array(id()).check(z.maxLength(20)), []),
  bigEvent: z._default(z.boolean(), false),
  free: z._default(z.boolean(), false),
  online: z._default(z.boolean(), false),
  exhibition: z._default(z.boolean(), false),
  onPlatformTicketing: z._default(z.boolean(), false),
});

export type CalendarFilter = z.output<typeof calendarFilter>;

/**
 * CAL-02: the combinable filters, as one pure rule over a card. Multi-valued filters match any
 * chosen value; flags only narrow when set. "Free" includes events with a free option (the seed
 * asks organizers to tick it "afin de voir la gratuité dans tous les filtres").
 */
export function matchesCalendarFilter(
  entry: Pick<
    CalendarEntry,
    | 'categoryIds'
    | 'presenterOrgId'
    | 'audienceIds'
    | 'bigEvent'
    | 'free'
    | 'freeOption'
    | 'online'
    | 'exhibition'
    | 'onPlatformTicketing'
  >,
  filter: CalendarFilter,
): boolean {
  if (filter.categoryIds.length > 0 && !filter.categoryIds.some((c) => entry.categoryIds.includes(c)))
    return false;
  if (filter.presenterOrgId && entry.presenterOrgId !== filter.presenterOrgId) return false;
  if (filter.audienceIds.length > 0 && !filter.audienceIds.some((a) => entry.audienceIds.includes(a)))
    return false;
  if (filter.bigEvent && !entry.bigEvent) return false;
  if (filter.free && !(entry.free || entry.freeOption)) return false;
  if (filter.online && !entry.online) return false;
  if (filter.exhibition && !entry.exhibition) return false;
  if (filter.onPlatformTicketing && !entry.onPlatformTicketing) return false;
  return true;
}

const listCalendarInput = z.object({
  /** Local days in the calendar's zone; default today .. today + 60. */
  from: z.optional(localDate()),
  to: z.optional(localDate()),
  filter: z._default(calendarFilter, {
    categoryIds: [],
    audienceIds: [],
    bigEvent: false,
    free: false,
    online: false,
    exhibition: false,
    onPlatformTicketing: false,
  }),
  /** From the previous page's `cursor` ("Voir plus"). */
  cursor: z.optional(z.string().check(z.maxLength(500))),
  timeZone: z._default(z.string().check(z.maxLength(64)), defaultTimeZone),
});

export type ListCalendarInput = z.input<typeof listCalendarInput>;

interface CursorPosition {
  month: string;
  localDate: string;
  timeKey: string;
  eventId: string;
  occurrenceId: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const fields = ['month', 'localDate', 'timeKey', 'eventId', 'occurrenceId'] as const;
    if (fields.every((field) => typeof value[field] === 'string' && String(value[field]).length <= 64)) {
      return value as unknown as CursorPosition;
    }
  } catch {
    // A damaged cursor starts from the beginning of the range.
  }
  return undefined;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export interface CalendarPage {
  entries: CalendarEntry[];
  /** Present when more may follow: read it back as `cursor`. */
  cursor?: string;
  from: string;
  to: string;
}

/**
 * Reads entries of the month partitions from `from` to `to` in order, keeps those matching the
 * filter, and stops at `cards` matches or after `maxQueryPages` Query pages, whichever comes
 * first, with a cursor to go on (§3.12). Cost per request is bounded whatever the filter.
 */
export async function readCalendar(
  deps: Pick<Deps, 'db'>,
  range: { from: string; to: string; cursor?: string },
  keep: (entry: CalendarEntry) => boolean,
  limits: { cards: number; maxQueryPages: number; queryLimit?: number } = calendarPage,
): Promise<{ entries: CalendarEntry[]; cursor?: string }> {
  const { calendarEntry } = deps.db.calendar.entities;
  const after = decodeCursor(range.cursor);
  const lastMonth = range.to.slice(0, 7);
  let month = after?.month ?? range.from.slice(0, 7);
  const entries: CalendarEntry[] = [];
  let pages = 0;
  let last: CursorPosition | undefined = after;
  while (month <= lastMonth) {
    let edbCursor: string | null = null;
    // The key condition is fixed for the month: later pages go on with DynamoDB's own cursor.
    const resumeAt = last && last.month === month ? { ...last } : undefined;
    do {
      const query = calendarEntry.query.byMonth({ month });
      const started = resumeAt
        ? query.gt({
            localDate: resumeAt.localDate,
            timeKey: resumeAt.timeKey,
            eventId: resumeAt.eventId,
            occurrenceId: resumeAt.occurrenceId,
          })
        : query.gte({ localDate: range.from });
      // The first Query asks for about what the page needs (most pages fill from it); the next
      // ones, reached only when a filter skips many entries, read in larger pages.
      const queryLimit = limits.queryLimit ?? calendarPage.queryLimit;
      const page: { data: CalendarEntry[]; cursor: string | null } = await started.go({
        limit: pages === 0 ? Math.min(queryLimit, Math.max(32, limits.cards * 2)) : queryLimit,
        cursor: edbCursor,
      });
      pages += 1;
      for (const entry of page.data) {
        if (entry.localDate > range.to) return { entries };
        last = {
          month,
          localDate: entry.localDate,
          timeKey: entry.timeKey,
          eventId: entry.eventId,
          occurrenceId: entry.occurrenceId,
        };
        if (keep(entry)) {
          entries.push(entry);
          if (entries.length >= limits.cards) return { entries, cursor: encodeCursor(last) };
        }
      }
      edbCursor = page.cursor;
      if (pages >= limits.maxQueryPages && (edbCursor || month < lastMonth)) {
        return { entries, cursor: last ? encodeCursor(last) : undefined };
      }
    } while (edbCursor);
    month = nextMonth(month);
  }
  return { entries };
}

/** CAL-02: the calendar between two local days, filtered, 24 cards a page. */
export async function listCalendar(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: ListCalendarInput,
): Promise<CalendarPage> {
  const parsed = parseInput(listCalendarInput, input);
  const today = localDateOf(deps.clock.now().toISOString(), parsed.timeZone);
  const from = parsed.from ?? today;
  const to = parsed.to ?? addDays(from, calendarPage.defaultDays);
  if (to < from) return { entries: [], from, to };
  const latest = addDays(from, 366);
  const cappedTo = [to, latest].sort()[0] ?? latest;
  const page = await readCalendar(deps, { from, to: cappedTo, cursor: parsed.cursor }, (entry) =>
    matchesCalendarFilter(entry, parsed.filter),
  );
  return { ...page, from, to: cappedTo };
}

/** A card of « À la une »: the event's first entry in the window, or its pin alone. */
export interface FeaturedCard {
  eventId: string;
  pinned: boolean;
  entry?: CalendarEntry;
  /** A pinned event with no date in the window: what its card needs, read from the event. */
  event?: PinnedEvent;
}

/** What a card needs of a pinned event read by key (its entries are outside the window). */
const pinnedFields = [
  'title',
  'slug',
  'startsAt',
  'endsAt',
  'timeZone',
  'showTime',
  'categoryIds',
  'presenterOrgId',
  'venueIds',
  'soldOut',
  'free',
  'freeOption',
  'priceMinCents',
  'priceMaxCents',
  'currency',
  'online',
  'externalTicketingUrl',
  'bigEvent',
  'imageId',
] as const;

export type PinnedEvent = Pick<CalendarEvent, (typeof pinnedFields)[number]>;

/** How many cards « À la une » shows at most. */
export const featuredMax = 12;

/**
 * « À la une »'s pins with their events (the published ones), read together and kept a minute per
 * container (kernel/container-cache.ts): staff pin a few events a week, every home page reads
 * them. A projection in this container forgets them (`forgetFeatured`), as does a staff flag.
 */
const pinnedCache = new ContainerCache<{ pin: FeaturedPin; event?: CalendarEvent }[]>(60_000, 1);

/** Forgets this container's copy of the pins (after a change to an event or a pin, and between tests). */
export function forgetFeatured(): void {
  pinnedCache.clear();
}

function pinnedEvents(deps: Pick<Deps, 'db'>) {
  return pinnedCache.through('pins', async () => {
    const { featuredPin, event } = deps.db.calendar.entities;
    const pins = (await featuredPin.query.byEvent({}).go({ limit: 100 })).data;
    const events =
      pins.length > 0 ? (await event.get(pins.map(({ eventId }) => ({ eventId }))).go()).data : [];
    const published = new Map(
      events.filter((item) => item.status === 'published').map((item) => [item.eventId, item]),
    );
    return pins.map((pin) => ({ pin, event: published.get(pin.eventId) }));
  });
}

/**
 * CAL-03: « À la une » is the next 5 days (today + 4) plus the events staff pinned. One card per
 * event, pins first, then by time. A pinned event outside the window shows from its event item.
 *
 * The window's first entry of each event is taken until there are `featuredMax` (an exhibition has
 * an entry per day: only its first counts). That is always enough: the cards are the pins, then
 * the window's other events, so the window must give featuredMax minus the pins outside it.
 * `read`, the calendar's first page from today as the home page read it, usually holds them: then
 * the window is not read again.
 */
export async function featuredEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { timeZone?: string; read?: { entries: CalendarEntry[]; more: boolean } } = {},
): Promise<FeaturedCard[]> {
  const timeZone = input.timeZone ?? defaultTimeZone;
  const today = localDateOf(deps.clock.now().toISOString(), timeZone);
  const windowEnd = addDays(today, 4);
  const nowIso = deps.clock.now().toISOString();
  const firstEntry = new Map<string, CalendarEntry>();
  const keep = (entry: CalendarEntry) => {
    if (entry.endsAt < nowIso || firstEntry.has(entry.eventId)) return false;
    firstEntry.set(entry.eventId, entry);
    return true;
  };
  let covered = false;
  if (input.read) {
    for (const entry of input.read.entries) {
      if (entry.localDate < today) continue;
      if (entry.localDate > windowEnd || firstEntry.size >= featuredMax) {
        covered = true;
        break;
      }
      keep(entry);
    }
    covered ||= !input.read.more || firstEntry.size >= featuredMax;
  }
  if (!covered) firstEntry.clear();
  const [pins] = await Promise.all([
    pinnedEvents(deps),
    covered
      ? undefined
      : readCalendar(deps, { from: today, to: windowEnd }, keep, {
          cards: featuredMax,
          maxQueryPages: calendarPage.maxQueryPages,
        }),
  ]);
  // TTL deletes late (data-model §1.4): an ended pin is ignored here.
  const pinned: FeaturedCard[] = pins
    .filter(({ pin }) => pin.endsAt >= nowIso)
    .flatMap(({ pin, event }): FeaturedCard[] => {
      const entry = firstEntry.get(pin.eventId);
      if (entry) return [{ eventId: pin.eventId, pinned: true, entry }];
      if (!event) return [];
      const shown = Object.fromEntries(pinnedFields.map((field) => [field, event[field]])) as PinnedEvent;
      return [{ eventId: pin.eventId, pinned: true, event: shown }];
    })
    .sort((a, b) =>
      (a.entry?.startsAt ?? a.event?.startsAt ?? '').localeCompare(
        b.entry?.startsAt ?? b.event?.startsAt ?? '',
      ),
    );
  const pinnedIds = new Set(pinned.map((card) => card.eventId));
  const others: FeaturedCard[] = [...firstEntry.values()]
    .filter((entry) => !pinnedIds.has(entry.eventId))
    .map((entry) => ({ eventId: entry.eventId, pinned: false, entry }));
  return [...pinned, ...others].slice(0, featuredMax);
}
