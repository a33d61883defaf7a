import type { Deps } from '../deps';
import { addDays, daysBetween, localDateOf } from '../kernel/zoned-time';
import type { CalendarEntry } from './calendar-entry';
import type { CalendarEvent } from './event';
import { forgetFeatured } from './list-calendar';

/** A day-span without show time covers at most this many local days (§3.12). */
export const maxSpanDays = 366;

/** `~` sorts after every instant, so a day's all-day entries come after its timed ones. */
export const allDayKey = '~';

export interface EntryKey {
  month: string;
  localDate: string;
  timeKey: string;
  eventId: string;
  occurrenceId: string;
}

export interface DateForProjection {
  occurrenceId: string;
  startsAt: string;
  endsAt: string;
  showTime: boolean;
}

/**
 * CAL-04, §3.12: the calendar entry keys of an event, a pure function of its dates and its zone.
 * A date with show time gives one entry on its local day, keyed by its instant; a date without
 * gives one entry per local day from its start to its end (at most 366), keyed `~`.
 */
export function calendarEntryKeys(
  eventId: string,
  dates: readonly DateForProjection[],
  timeZone: string,
): EntryKey[] {
  const keys: EntryKey[] = [];
  for (const date of dates) {
    const firstDay = localDateOf(date.startsAt, timeZone);
    if (date.showTime) {
      keys.push({
        month: firstDay.slice(0, 7),
        localDate: firstDay,
        timeKey: date.startsAt,
        eventId,
        occurrenceId: date.occurrenceId,
      });
      continue;
    }
    const lastDay = localDateOf(date.endsAt, timeZone);
    const span = Math.min(Math.max(daysBetween(firstDay, lastDay), 0), maxSpanDays - 1);
    for (let offset = 0; offset <= span; offset += 1) {
      const localDate = addDays(firstDay, offset);
      keys.push({
        month: localDate.slice(0, 7),
        localDate,
        timeKey: allDayKey,
        eventId,
        occurrenceId: date.occurrenceId,
      });
    }
  }
  return keys;
}

/** `<yyyy-mm>|<sort key>`: how the projection record remembers an entry. */
export function entryRef(key: EntryKey): string {
  return `${key.month}|${key.localDate}#${key.timeKey}#${key.eventId}#${key.occurrenceId}`;
}

export function parseEntryRef(ref: string): EntryKey | undefined {
  const [month, sk] = ref.split('|');
  const parts = sk?.split('#');
  if (!month || !parts || parts.length !== 4) return undefined;
  const [localDate, timeKey, eventId, occurrenceId] = parts as [string, string, string, string];
  return { month, localDate, timeKey, eventId, occurrenceId };
}

/** What a card shows, copied onto every entry of the event. */
export type CardData = Omit<CalendarEntry, keyof EntryKey | 'startsAt' | 'endsAt' | 'showTime'>;

export function cardData(
  event: CalendarEvent,
  extra: { presenterName: string; venueNames: string[]; cardImageKey?: string },
): CardData {
  return {
    timeZone: event.timeZone,
    title: event.title,
    slug: event.slug,
    cardImageKey: extra.cardImageKey,
    imageId: extra.cardImageKey ? event.imageId : undefined,
    orgId: event.orgId,
    presenterOrgId: event.presenterOrgId,
    presenterName: extra.presenterName,
    venueNames: extra.venueNames,
    categoryIds: event.categoryIds,
    audienceIds: event.audienceIds,
    free: event.free,
    freeOption: event.freeOption,
    online: event.online,
    bigEvent: event.bigEvent,
    exhibition: Boolean(event.exhibitionTypeId),
    onPlatformTicketing: event.onPlatformTicketing,
    externalTicketing: Boolean(event.externalTicketingUrl),
    soldOut: event.soldOut,
    featured: event.featured,
    priceMinCents: event.priceMinCents,
    priceMaxCents: event.priceMaxCents,
    currency: event.currency,
    parentEventId: event.parentEventId,
  };
}

export type ProjectDeps = Pick<Deps, 'db' | 'clock'>;

/**
 * Writes the calendar entries of an event as it now is (§3.12): every entry of the new set is
 * put (cards change with the event), the entries of the previous set that are no longer wanted
 * are deleted, then the record of the set is replaced. Running it again, or after a crash at any
 * point, converges to the same set; an unpublished event's set is empty.
 */
export async function projectEvent(
  deps: ProjectDeps,
  input: { eventId: string },
): Promise<{ written: number; deleted: number }> {
  // A run that read an older version may finish after a newer one: it then runs again, so the
  // last writer always projects the version that is stored.
  for (let attempt = 1; ; attempt += 1) {
    const result = await projectOnce(deps, input.eventId);
    const now = (
      await deps.db.calendar.entities.event.get({ eventId: input.eventId }).go({ consistent: true })
    ).data;
    if ((now?.version ?? 0) === result.version || attempt >= 3) {
      forgetFeatured();
      return { written: result.written, deleted: result.deleted };
    }
  }
}

async function projectOnce(
  deps: ProjectDeps,
  eventId: string,
): Promise<{ written: number; deleted: number; version: number }> {
  const {
    event: events,
    occurrence,
    projectionRecord,
    calendarEntry,
    venue,
    crop,
  } = deps.db.calendar.entities;
  const event = (await events.get({ eventId }).go({ consistent: true })).data;
  const record = (await projectionRecord.get({ eventId }).go({ consistent: true })).data;
  const previous = (record?.keys ?? []).flatMap((ref) => parseEntryRef(ref) ?? []);

  let entries: CalendarEntry[] = [];
  if (event && event.status === 'published') {
    const dates = (await occurrence.query.byEvent({ eventId }).go({ pages: 'all' })).data;
    const [venues, organization, cardCrop] = await Promise.all([
      venue.get(event.venueIds.map((venueId) => ({ venueId }))).go(),
      deps.db.identity.entities.organization.get({ orgId: event.presenterOrgId }).go(),
      event.imageId
        ? crop.get({ imageId: event.imageId, kind: 'calendar' }).go()
        : Promise.resolve({ data: null }),
    ]);
    const venueName = new Map(venues.data.map((v) => [v.venueId, v.name]));
    const card = cardData(event, {
      presenterName: organization.data?.name ?? '',
      venueNames: event.venueIds.flatMap((venueId) => venueName.get(venueId) ?? []),
      cardImageKey: cardCrop.data?.primaryKey,
    });
    const byOccurrence = new Map(dates.map((date) => [date.occurrenceId, date]));
    entries = calendarEntryKeys(eventId, dates, event.timeZone).flatMap((key) => {
      const date = byOccurrence.get(key.occurrenceId);
      return date
        ? [{ ...card, ...key, startsAt: date.startsAt, endsAt: date.endsAt, showTime: date.showTime }]
        : [];
    });
  }
  const wanted = new Set(entries.map(entryRef));
  const obsolete = previous.filter((key) => !wanted.has(entryRef(key)));

  // Entries first, the record last: a crash in between leaves the old record, which still names
  // what the next run must delete; puts and deletes are idempotent.
  for (let i = 0; i < entries.length; i += 25) {
    const batch = entries.slice(i, i + 25);
    const { unprocessed } = await calendarEntry.put(batch).go();
    if (unprocessed.length > 0)
      throw new Error(`calendar projection: ${unprocessed.length} entries unprocessed`);
  }
  for (let i = 0; i < obsolete.length; i += 25) {
    const { unprocessed } = await calendarEntry.delete(obsolete.slice(i, i + 25)).go();
    if (unprocessed.length > 0)
      throw new Error(`calendar projection: ${unprocessed.length} deletions unprocessed`);
  }
  const version = event?.version ?? 0;
  if (entries.length === 0 && !record) return { written: 0, deleted: obsolete.length, version };
  await projectionRecord
    .put({
      eventId,
      keys: [...wanted].sort(),
      projectedVersion: version,
      at: deps.clock.now().toISOString(),
    })
    .go();
  return { written: entries.length, deleted: obsolete.length, version };
}
