/**
 * The organization portal's side of events (ORG-02, ORG-04..06): the event as its form edits it,
 * the organization's events grouped by state for the « Événements » tab and the dashboard, and the
 * attachment of a cropped image to an event. The organization is always the session's (`actor`).
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { EventChangedMeanwhileError, EventRuleError } from './errors';
import type { CalendarEvent } from './event';
import { imageNotFound } from './event-images';
import { id } from './event-input';
import type { Occurrence } from './event-parts';
import { type OrganizationEventState, organizationEventStates, stateOf } from './organization-event-states';
import { eventActor, loadOwnEvent, projectAfterCommit } from './save-event';

/** The event and its dates, as the organization's form shows them (the review note included). */
export interface EventForEditing {
  event: CalendarEvent;
  /** The main date (« date de début / de fin ») then the additional ones, in start order. */
  mainDate?: Occurrence;
  extraDates: Occurrence[];
}

const editInput = z.object({ actor: eventActor, eventId: id() });

/**
 * ORG-05: an event of the session's organization with its dates, for its form. The staff send-back
 * note (`reviewNote`) is part of it: the organizer must see it at the top of the form (ORG-07).
 */
export async function eventForEditing(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof editInput>,
): Promise<EventForEditing> {
  const { actor, eventId } = parseInput(editInput, input);
  const event = await loadOwnEvent(deps, eventId, actor.staff ? undefined : actor.orgId);
  const dates = (
    await deps.db.calendar.entities.occurrence.query.byEvent({ eventId }).go({ pages: 'all' })
  ).data.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return {
    event,
    mainDate: dates.find((date) => date.main),
    extraDates: dates.filter((date) => !date.main),
  };
}

export { type OrganizationEventState, organizationEventStates, stateOf };

export interface OrganizationEventSummary {
  eventId: string;
  title: string;
  slug: string;
  state: OrganizationEventState;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  showTime: boolean;
  /** The staff note of a send-back (ORG-07). */
  reviewNote?: string;
  hasImage: boolean;
  /** A big event (CAL-05): other events of the organization may join its programme. */
  bigEvent: boolean;
  /** Over: its last date has ended. */
  past: boolean;
}

export interface OrganizationEvents {
  /** Each state's events: the upcoming ones first, soonest first, then the past ones, latest first. */
  byState: Record<OrganizationEventState, OrganizationEventSummary[]>;
  counts: Record<OrganizationEventState, number>;
  /** The next events not over yet, whatever their state (the dashboard's list). */
  upcoming: OrganizationEventSummary[];
  /** More events exist than were read (`maxPages` pages of 50): the lists are partial. */
  partial: boolean;
}

const listInput = z.object({ orgId: id() });

/** Query pages read at most (50 events each): an organization's whole history in one look. */
const maxPages = 10;
const upcomingShown = 5;

/**
 * ORG-04, ORG-02: the organization's events by state, upcoming first, from its g3 partition
 * (`ORG#<orgId>`), at most 500 events. `orgId` comes from the session only.
 */
export async function organizationEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof listInput>,
): Promise<OrganizationEvents> {
  const { orgId } = parseInput(listInput, input);
  const page = await deps.db.calendar.entities.event.query
    .byOrg({ orgId })
    .go({ order: 'asc', pages: maxPages, limit: 50, hydrate: true });
  const now = deps.clock.now().toISOString();
  const summaries = page.data
    .filter((event) => event.orgId === orgId)
    .map(
      (event): OrganizationEventSummary => ({
        eventId: event.eventId,
        title: event.title,
        slug: event.slug,
        state: stateOf(event),
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timeZone: event.timeZone,
        showTime: event.showTime,
        ...(event.reviewNote ? { reviewNote: event.reviewNote } : {}),
        hasImage: Boolean(event.imageId),
        bigEvent: event.bigEvent,
        past: event.endsAt < now,
      }),
    );
  const upcomingFirst = (a: OrganizationEventSummary, b: OrganizationEventSummary) =>
    a.past === b.past
      ? a.past
        ? b.startsAt.localeCompare(a.startsAt)
        : a.startsAt.localeCompare(b.startsAt)
      : a.past
        ? 1
        : -1;
  const byState = Object.fromEntries(
    organizationEventStates.map((state) => [
      state,
      summaries.filter((summary) => summary.state === state).sort(upcomingFirst),
    ]),
  ) as Record<OrganizationEventState, OrganizationEventSummary[]>;
  return {
    byState,
    counts: Object.fromEntries(
      organizationEventStates.map((state) => [state, byState[state].length]),
    ) as Record<OrganizationEventState, number>,
    upcoming: summaries
      .filter((summary) => !summary.past)
      .sort(upcomingFirst)
      .slice(0, upcomingShown),
    partial: Boolean(page.cursor),
  };
}

const attachInput = z.object({
  actor: eventActor,
  eventId: id(),
  expectedVersion: z.int().check(z.minimum(1)),
  imageId: id(),
});

/**
 * ORG-06: the event shows this image from now on. The image must be the event's organization's
 * and already cropped for the calendar; in one transaction conditioned on the version the editor
 * loaded, the event names it and the image loses its 24-hour expiry (an image never attached is
 * removed by TTL, decision 0010). A published event's cards are projected again after the commit.
 */
export async function attachEventImage(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: z.input<typeof attachInput>,
): Promise<{ version: number }> {
  const { actor, eventId, expectedVersion, imageId } = parseInput(attachInput, input);
  const current = await loadOwnEvent(deps, eventId, actor.staff ? undefined : actor.orgId);
  if (current.version !== expectedVersion) throw new EventChangedMeanwhileError();
  const image = (await deps.db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;
  if (!image || image.orgId !== current.orgId) throw imageNotFound();
  const now = deps.clock.now().toISOString();
  const next: CalendarEvent = {
    ...current,
    imageId,
    version: current.version + 1,
    updatedAt: now,
    updatedBy: actor.userId,
  };
  const result = await deps.db.calendar.transaction
    .write(({ event, image: imageItems, crop: crops }) => [
      event
        .put(next)
        .where((attr, { eq }) => `${eq(attr.version, current.version)} AND ${eq(attr.orgId, current.orgId)}`)
        .commit(),
      imageItems
        .patch({ imageId })
        .remove(['expiresAt'])
        .where((attr, { eq }) => eq(attr.orgId, current.orgId))
        .commit(),
      // As saveEvent checks it: the calendar crop exists, of the event's organization.
      crops
        .check({ imageId, kind: 'calendar' })
        .where((attr, { eq }) => eq(attr.orgId, current.orgId))
        .commit(),
    ])
    .go();
  if (result.canceled) {
    const reasons = (result.data as { code?: string }[]).map((reason) => reason.code);
    if (reasons[2] === 'ConditionalCheckFailed') {
      throw new EventRuleError(
        'calendar_crop_missing',
        'L’image doit être recadrée pour le calendrier avant d’être associée à l’événement.',
        'The image must be cropped for the calendar before it is attached to the event.',
      );
    }
    if (reasons[1] === 'ConditionalCheckFailed') throw imageNotFound();
    throw new EventChangedMeanwhileError();
  }
  if (current.status === 'published') await projectAfterCommit(deps, eventId);
  return { version: next.version };
}
