import type { CalendarEvent } from '../calendar/event';
import { plainDescription } from '../calendar/public-calendar';
import { listTaxonomyTerms, listVenues } from '../calendar/reference-data';
import type { Deps } from '../deps';
import { listOrganizations } from '../identity/members';
import { type IndexFileStore, searchIndexKey } from './index-file';
import { buildIndex, type SearchDate, type SearchDocument, serializeIndex } from './search-index';

/**
 * CAL-10, decision 0011 §2: the job `build-public-indexes`. It reads every page of g1
 * `EVENTS#published`, maps each event not yet over to a `SearchDocument`, writes the search file
 * to S3 and records the build in `BUILD#<key>`. The use cases that publish, unpublish or change a
 * published event ask for a build after their commit (`requestPublicIndexes`); the queue delays
 * the request 60 s (infra/wiring.ts), so a burst of edits gives one or two builds; the hourly
 * schedule catches a lost request.
 */

/** How far back the build looks for an event still running (an exhibition of months), as the sitemap. */
const startedWithinDays = 366;
/** Events read at once (a GetItem and a Query each). */
const readsAtOnce = 8;

/** The search documents of every published event not over at `now`, in start order. */
export async function searchDocuments(deps: Pick<Deps, 'db'>, now: Date): Promise<SearchDocument[]> {
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - startedWithinDays * 86_400_000).toISOString();
  const [{ data: listed }, categories, venues, organizations] = await Promise.all([
    // Keys only (the index projects no event attribute): each event is then read by key with its
    // dates, a few at a time, which is also what tells an event unpublished a moment ago.
    deps.db.calendar.entities.event.query
      .byStatus({ status: 'published' })
      .gte({ startsAt: since })
      .go({ pages: 'all', data: 'includeKeys' }),
    listTaxonomyTerms(deps, 'category'),
    listVenues(deps),
    listOrganizations(deps),
  ]);
  const eventIds = [
    ...new Set(
      (listed as unknown as { pk?: string }[]).flatMap(({ pk }) =>
        pk?.startsWith('EVENT#') ? [pk.slice('EVENT#'.length)] : [],
      ),
    ),
  ];
  const categoryLabels = new Map(
    categories.map((term) => [term.termId, [...new Set([term.nameFr, term.nameEn])]]),
  );
  const venueById = new Map(venues.map((venue) => [venue.venueId, venue]));
  const presenterName = new Map(organizations.map((org) => [org.orgId, org.name]));

  const read: { event: CalendarEvent; dates: SearchDate[] }[] = [];
  for (let at = 0; at < eventIds.length; at += readsAtOnce) {
    const batch = await Promise.all(
      eventIds.slice(at, at + readsAtOnce).map(async (eventId) => {
        const [event, found] = await Promise.all([
          deps.db.calendar.entities.event.get({ eventId }).go(),
          deps.db.calendar.entities.occurrence.query.byEvent({ eventId }).go({ pages: 'all' }),
        ]);
        const dates = found.data
          .filter((date) => date.endsAt >= nowIso)
          .map(({ occurrenceId, startsAt, endsAt, showTime }) => ({
            occurrenceId,
            startsAt,
            endsAt,
            showTime,
          }));
        return { event: event.data, dates };
      }),
    );
    for (const { event, dates } of batch) {
      if (event?.status === 'published' && event.endsAt >= nowIso) read.push({ event, dates });
    }
  }
  read.sort((a, b) => a.event.startsAt.localeCompare(b.event.startsAt));

  return read.map(({ event, dates }) => {
    const eventVenues = event.venueIds.flatMap((venueId) => venueById.get(venueId) ?? []);
    return {
      id: event.eventId,
      slug: event.slug,
      title: event.title,
      presenter: presenterName.get(event.presenterOrgId) ?? '',
      venue: eventVenues.map((venue) => venue.name).join(', '),
      city: [...new Set(eventVenues.map((venue) => venue.city))].join(', '),
      categories: event.categoryIds.flatMap((termId) => categoryLabels.get(termId) ?? []),
      description: plainDescription(event.descriptionHtml),
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      dates,
      timeZone: event.timeZone,
    };
  });
}

export type BuildDeps = Pick<Deps, 'db' | 'clock' | 'log'> & { indexFiles: IndexFileStore };

export type BuildOutcome =
  | { outcome: 'built'; documents: number; etag: string; startedAt: string }
  /** A build started after the request was sent: it saw the change already. */
  | { outcome: 'skipped'; lastStartedAt: string }
  /** A build that started later finished first: this one's older file is not written over it. */
  | { outcome: 'superseded'; documents: number };

/**
 * Builds the search file. `requestedAt` (a queued request) makes it a no-op when a build started
 * at or after that instant (decision 0011 §2: the debounce, and a duplicate delivery); without it
 * (the hourly run, the demo seed) it always builds. `key` is for tests only: each test file builds
 * its own file and marker, beside the shared twin's real one.
 */
export async function buildPublicIndexes(
  deps: BuildDeps,
  input: { requestedAt?: string; key?: string } = {},
): Promise<BuildOutcome> {
  const key = input.key ?? searchIndexKey;
  const marker = deps.db.calendar.entities.publicIndexBuild;
  const last = (await marker.get({ name: key }).go({ consistent: true })).data;
  if (input.requestedAt && last && last.startedAt >= input.requestedAt) {
    return { outcome: 'skipped', lastStartedAt: last.startedAt };
  }
  const started = deps.clock.now();
  const startedAt = started.toISOString();
  const documents = await searchDocuments(deps, started);
  const body = serializeIndex(buildIndex(documents, started));

  // Two builds may run at once (the queue's two pollers, the hourly run): the later start wins.
  const latest = (await marker.get({ name: key }).go({ consistent: true })).data;
  if (latest && latest.startedAt > startedAt) return { outcome: 'superseded', documents: documents.length };
  const { etag } = await deps.indexFiles.write({ key, body });
  try {
    await marker
      .put({
        name: key,
        startedAt,
        finishedAt: deps.clock.now().toISOString(),
        documents: documents.length,
        etag,
      })
      .where(
        (attr, { notExists, lte }) => `${notExists(attr.startedAt)} OR ${lte(attr.startedAt, startedAt)}`,
      )
      .go();
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    // A later build finished between the check and the write; it wrote its file after ours.
    return { outcome: 'superseded', documents: documents.length };
  }
  deps.log.info('search index built', { key, documents: documents.length, bytes: body.length });
  return { outcome: 'built', documents: documents.length, etag, startedAt };
}

function conditionFailed(error: unknown): boolean {
  for (let cause = error as { name?: string; cause?: unknown } | undefined; cause; ) {
    if (cause.name === 'ConditionalCheckFailedException') return true;
    cause = cause.cause as typeof cause;
  }
  return String(error).includes('conditional request failed');
}
