import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { CalendarEvent } from './event';
import type { Occurrence, ProgrammeLink } from './event-parts';
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
  /** The card crop, for the share image (CAL-06). */
  shareImageKey?: string;
}

export type SheetResult = EventSheet | { kind: 'redirect'; slug: string };

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
  const { slugGuard, event: events, occurrence, programmeLink, venue, crop } = deps.db.calendar.entities;
  const guard = (await slugGuard.get({ slug }).go()).data;
  if (!guard) throw notFound();
  const event = (await events.get({ eventId: guard.eventId }).go()).data;
  const visible =
    event && (event.status === 'published' || (previewOrgId !== undefined && event.orgId === previewOrgId));
  if (!event || !visible) throw notFound();
  if (event.slug !== slug) return { kind: 'redirect', slug: event.slug };

  const [dates, programme, venues, presenter, parent, cardCrop] = await Promise.all([
    occurrence.query.byEvent({ eventId: event.eventId }).go({ pages: 'all' }),
    event.bigEvent
      ? programmeLink.query.byParent({ parentId: event.eventId }).go({ pages: 'all' })
      : Promise.resolve({ data: [] as ProgrammeLink[] }),
    venue.get(event.venueIds.map((venueId) => ({ venueId }))).go(),
    deps.db.identity.entities.organization.get({ orgId: event.presenterOrgId }).go(),
    event.parentEventId ? events.get({ eventId: event.parentEventId }).go() : Promise.resolve({ data: null }),
    event.imageId
      ? crop.get({ imageId: event.imageId, kind: 'calendar' }).go()
      : Promise.resolve({ data: null }),
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
    venues: [...venues.data].sort((a, b) => (order.get(a.venueId) ?? 0) - (order.get(b.venueId) ?? 0)),
    presenter: presenter.data ? { orgId: presenter.data.orgId, name: presenter.data.name } : undefined,
    parent:
      parent.data && parent.data.status === 'published'
        ? { eventId: parent.data.eventId, title: parent.data.title, slug: parent.data.slug }
        : undefined,
    programme: publishedChildren,
    shareImageKey: cardCrop.data?.primaryKey,
  };
}
