import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { CalendarEvent } from './event';
import type { Occurrence, ProgrammeLink } from './event-parts';
import type { Crop } from './image';
import { listPresenters, listVenues } from './reference-data';
import type { Venue } from './venue';

const sheetInput = z.object({
  slug: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(100)),
  /** The organization previewing its own unpublished event (ORG-05 "prévisualiser"); from the session. */
  previewOrgId: z.optional(z.string().check(z.maxLength(64))),
});

export interface EventSheet {
  kind: 'sheet';
  event: Omit<CalendarEvent, 'reviewNote'>;
  dates: Occurrence[];
  venues: Venue[];
  presenter?: { orgId: string; name: string };
  /** CAL-05: the big event this one belongs to. */
  parent?: { eventId: string; title: string; slug: string };
  /** CAL-05: the sub-events of a big event, in start order. */
  programme: ProgrammeLink[];
  /** The image's calendar, sheet and social crops that exist (the sheet's picture, the share image: CAL-06). */
  crops: Crop[];
}

export type SheetResult = EventSheet | { kind: 'redirect'; slug: string };

/** The sheet's venues from this container's copy of the venues (reference-data.ts), by key if new. */
async function sheetVenues(deps: Pick<Deps, 'db'>, venueIds: string[]): Promise<Venue[]> {
  const known = new Map((await listVenues(deps)).map((venue) => [venue.venueId, venue]));
  const missing = venueIds.filter((venueId) => !known.has(venueId));
  const read =
    missing.length > 0
      ? (await deps.db.calendar.entities.venue.get(missing.map((venueId) => ({ venueId }))).go()).data
      : [];
  return [...venueIds.flatMap((venueId) => known.get(venueId) ?? []), ...read];
}

/** The presenter from this container's copy of the presenters (reference-data.ts), by key if not there. */
async function sheetPresenter(
  deps: Pick<Deps, 'db'>,
  orgId: string,
): Promise<{ orgId: string; name: string } | undefined> {
  const known = (await listPresenters(deps)).find((presenter) => presenter.orgId === orgId);
  if (known) return known;
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go()).data;
  return organization ? { orgId: organization.orgId, name: organization.name } : undefined;
}

const notFound = () => new NotFoundError({ fr: 'L’événement', en: 'The event' });

/**
 * CAL-01, CAL-05, CAL-06: an event sheet by its address. A former slug answers a 301 to the
 * current one. The event's partition is read in one Query (event, dates, programme); the venues
 * and the presenter by key. Review notes never leave the server.
 */
export async function eventSheetBySlug(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof sheetInput>,
): Promise<SheetResult> {
  const { slug, previewOrgId } = parseInput(sheetInput, input);
  const { slugGuard, event: events, occurrence, programmeLink, crop } = deps.db.calendar.entities;
  const guard = (await slugGuard.get({ slug }).go()).data;
  if (!guard) throw notFound();
  const event = (await events.get({ eventId: guard.eventId }).go()).data;
  const visible =
    event && (event.status === 'published' || (previewOrgId !== undefined && event.orgId === previewOrgId));
  if (!event || !visible) throw notFound();
  if (event.slug !== slug) return { kind: 'redirect', slug: event.slug };

  const [dates, programme, venues, presenter, parent, crops] = await Promise.all([
    occurrence.query.byEvent({ eventId: event.eventId }).go({ pages: 'all' }),
    event.bigEvent
      ? programmeLink.query.byParent({ parentId: event.eventId }).go({ pages: 'all' })
      : Promise.resolve({ data: [] as ProgrammeLink[] }),
    sheetVenues(deps, event.venueIds),
    sheetPresenter(deps, event.presenterOrgId),
    event.parentEventId ? events.get({ eventId: event.parentEventId }).go() : Promise.resolve({ data: null }),
    event.imageId
      ? crop
          .get(
            (['calendar', 'sheet', 'social'] as const).map((kind) => ({
              imageId: event.imageId as string,
              kind,
            })),
          )
          .go()
      : Promise.resolve({ data: [] as Crop[] }),
  ]);
  const { reviewNote: _note, ...shown } = event;
  const order = new Map(event.venueIds.map((venueId, index) => [venueId, index]));
  // Links are written with the child's save; only published children are listed.
  const children =
    programme.data.length > 0
      ? (await events.get(programme.data.map((link) => ({ eventId: link.childId }))).go()).data
      : [];
  const publishedIds = new Set(
    children.filter((child) => child.status === 'published').map((child) => child.eventId),
  );
  const publishedChildren = programme.data.filter((link) => publishedIds.has(link.childId));
  return {
    kind: 'sheet',
    event: shown,
    dates: dates.data,
    venues: [...venues].sort((a, b) => (order.get(a.venueId) ?? 0) - (order.get(b.venueId) ?? 0)),
    presenter,
    parent:
      parent.data && parent.data.status === 'published'
        ? { eventId: parent.data.eventId, title: parent.data.title, slug: parent.data.slug }
        : undefined,
    programme: publishedChildren,
    crops: crops.data,
  };
}
