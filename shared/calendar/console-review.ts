/**
 * What the staff console reads of the calendar (ORG-07, ORG-09): the approval queue with who
 * submitted and their note, one event as it was submitted, the published events staff may flag,
 * and one venue to edit. Writes stay in approval.ts, staff-flags.ts and reference-data.ts.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { approvalQueue } from './approval';
import { eventNotFound, StaffOnlyError } from './errors';
import type { CalendarEvent } from './event';
import { id } from './event-input';
import type { Occurrence, ReviewEntry, SubmitterContact } from './event-parts';
import type { Crop } from './image';
import { maxSpanDays } from './project-calendar';
import { listTaxonomyTerms } from './reference-data';
import type { TaxonomyTerm } from './taxonomy-term';
import type { Venue } from './venue';

const staffActor = z.object({ userId: id(), staff: z.boolean() });

function requireStaff(actor: z.output<typeof staffActor>, what: string) {
  if (!actor.staff) throw new StaffOnlyError(what);
}

/** Organization names by id, read by key in one batch (unknown ids are left out). */
async function organizationNames(deps: Pick<Deps, 'db'>, orgIds: readonly string[]) {
  const unique = [...new Set(orgIds)];
  if (unique.length === 0) return new Map<string, string>();
  const { data } = await deps.db.identity.entities.organization.get(unique.map((orgId) => ({ orgId }))).go();
  return new Map(data.map((organization) => [organization.orgId, organization.name]));
}

/** The last step of an event's approval conversation (its partition's newest `REVIEW#`). */
async function lastReview(deps: Pick<Deps, 'db'>, eventId: string): Promise<ReviewEntry | undefined> {
  const { data } = await deps.db.calendar.entities.reviewEntry.query
    .byEvent({ eventId })
    .go({ order: 'desc', limit: 1 });
  return data[0];
}

export interface QueuedEvent {
  event: CalendarEvent;
  organizationName?: string;
  /** The organizer's note sent with the submission (ORG-07), typed text. */
  note?: string;
}

const queueInput = z.object({
  actor: staffActor,
  cursor: z.optional(z.string().check(z.maxLength(1000))),
});

/**
 * ORG-07, ORG-09: the approval queue as staff read it: each submitted event with its organization's
 * name and the note sent with the submission (one key read per event: 50 at most a page).
 */
export async function reviewQueue(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof queueInput>,
): Promise<{ items: QueuedEvent[]; cursor?: string }> {
  const parsed = parseInput(queueInput, input);
  requireStaff(parsed.actor, 'Événements à approuver');
  const page = await approvalQueue(deps, { cursor: parsed.cursor });
  const [names, reviews] = await Promise.all([
    organizationNames(
      deps,
      page.events.map((event) => event.orgId),
    ),
    Promise.all(page.events.map((event) => lastReview(deps, event.eventId))),
  ]);
  return {
    items: page.events.map((event, index) => {
      const review = reviews[index];
      return {
        event,
        organizationName: names.get(event.orgId),
        note: review?.action === 'submitted' ? review.note : undefined,
      };
    }),
    cursor: page.cursor,
  };
}

export interface EventForReview {
  event: CalendarEvent;
  organizationName?: string;
  presenterName?: string;
  dates: Occurrence[];
  venues: Venue[];
  categories: TaxonomyTerm[];
  audiences: TaxonomyTerm[];
  exhibitionType?: TaxonomyTerm;
  /** The approval conversation, oldest first, with each note. */
  reviews: ReviewEntry[];
  /** CAL-07: who sent it through the public form. */
  submitter?: SubmitterContact;
  crops: Crop[];
}

const reviewInput = z.object({ actor: staffActor, eventId: id() });

/**
 * ORG-07, ORG-09: one event of any organization as staff review it: every field as saved, its dates,
 * the names of its venues, terms and organizations, the approval conversation, the public form's
 * contact and the image's crops. Read by key and one Query per kind in the event's partition.
 */
export async function eventForReview(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof reviewInput>,
): Promise<EventForReview> {
  const parsed = parseInput(reviewInput, input);
  requireStaff(parsed.actor, 'Événements');
  const { event: events, occurrence, reviewEntry, submitterContact, venue, crop } = deps.db.calendar.entities;
  const event = (await events.get({ eventId: parsed.eventId }).go({ consistent: true })).data;
  if (!event) throw eventNotFound();
  const [dates, reviews, submitter, venues, names, categories, audiences, exhibitionTypes, crops] =
    await Promise.all([
      occurrence.query.byEvent({ eventId: event.eventId }).go({ pages: 'all' }),
      reviewEntry.query.byEvent({ eventId: event.eventId }).go({ pages: 'all' }),
      submitterContact.get({ eventId: event.eventId }).go(),
      event.venueIds.length > 0
        ? venue.get(event.venueIds.map((venueId) => ({ venueId }))).go()
        : Promise.resolve({ data: [] as Venue[] }),
      organizationNames(deps, [event.orgId, event.presenterOrgId]),
      listTaxonomyTerms(deps, 'category'),
      listTaxonomyTerms(deps, 'audience'),
      listTaxonomyTerms(deps, 'exhibitionType'),
      event.imageId
        ? crop.query.byImage({ imageId: event.imageId }).go()
        : Promise.resolve({ data: [] as Crop[] }),
    ]);
  const pick = (terms: TaxonomyTerm[], ids: readonly string[]) =>
    ids.flatMap((termId) => terms.filter((term) => term.termId === termId));
  const venueOrder = new Map(event.venueIds.map((venueId, index) => [venueId, index]));
  return {
    event,
    organizationName: names.get(event.orgId),
    presenterName: names.get(event.presenterOrgId),
    dates: dates.data,
    venues: [...venues.data].sort(
      (a, b) => (venueOrder.get(a.venueId) ?? 0) - (venueOrder.get(b.venueId) ?? 0),
    ),
    categories: pick(categories, event.categoryIds),
    audiences: pick(audiences, event.audienceIds),
    exhibitionType: event.exhibitionTypeId
      ? exhibitionTypes.find((term) => term.termId === event.exhibitionTypeId)
      : undefined,
    reviews: reviews.data,
    submitter: submitter.data ?? undefined,
    crops: crops.data,
  };
}

const publishedInput = z.object({
  actor: staffActor,
  cursor: z.optional(z.string().check(z.maxLength(1000))),
});

/** Query pages read for one page of the published list; the rest follows with the cursor. */
const publishedQueryPages = 4;
const publishedPageSize = 50;

/**
 * ORG-09: the published events that are not over yet, by start (g1 `EVENTS#published` from
 * `maxSpanDays` ago, since an event lasts at most that long), for staff to set « À la une » and
 * « Grand événement ». At most 4 Query pages a call; the cursor continues.
 */
export async function publishedEventsForStaff(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof publishedInput>,
): Promise<{ events: CalendarEvent[]; cursor?: string }> {
  const parsed = parseInput(publishedInput, input);
  requireStaff(parsed.actor, 'Événements');
  const now = deps.clock.now();
  const from = new Date(now.getTime() - maxSpanDays * 86_400_000).toISOString();
  const nowIso = now.toISOString();
  const events: CalendarEvent[] = [];
  let cursor: string | null = parsed.cursor ?? null;
  for (let page = 0; page < publishedQueryPages && events.length < publishedPageSize; page += 1) {
    const result: { data: CalendarEvent[]; cursor: string | null } =
      await deps.db.calendar.entities.event.query
        .byStatus({ status: 'published' })
        .gte({ startsAt: from })
        .go({ limit: publishedPageSize, cursor, hydrate: true });
    events.push(...result.data.filter((event) => event.status === 'published' && event.endsAt >= nowIso));
    cursor = result.cursor;
    if (!cursor) break;
  }
  return { events, cursor: cursor ?? undefined };
}

const venueInput = z.object({ actor: staffActor, venueId: id() });

/** ORG-09: one venue to edit, read by key (consistent: the pick lists' cache may be a minute old). */
export async function venueForEdit(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof venueInput>,
): Promise<Venue> {
  const parsed = parseInput(venueInput, input);
  requireStaff(parsed.actor, 'Lieux');
  const venue = (
    await deps.db.calendar.entities.venue.get({ venueId: parsed.venueId }).go({ consistent: true })
  ).data;
  if (!venue) throw new NotFoundError({ fr: 'Le lieu', en: 'The venue' });
  return venue;
}
