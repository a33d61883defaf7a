import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ConflictError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { defaultTimeZone, zonedToUtc } from '../kernel/zoned-time';
import { requestPublicIndexes } from '../search/request-rebuild';
import {
  EventChangedMeanwhileError,
  EventRuleError,
  eventNotFound,
  SlugTakenError,
  StaffOnlyError,
} from './errors';
import type { CalendarEvent, EventStatus } from './event';
import { type EventFields, eventFields, id } from './event-input';
import type { Occurrence } from './event-parts';
import { projectEvent } from './project-calendar';
import { descriptionMaxBytes, sanitizeDescription } from './sanitize-description';
import { slugCandidate, slugify } from './slug';

export type SaveEventDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log'>;

/** Who saves: taken from the session by the web layer, never from the form (ROLE-06). */
export const eventActor = z.object({
  userId: id(),
  /** The organization the session acts for; an event of another one is "not found". */
  orgId: id(),
  staff: z._default(z.boolean(), false),
});
export type EventActor = z.input<typeof eventActor>;

const saveEventInput = z.object({
  actor: eventActor,
  /** Absent: a new draft. */
  eventId: z.optional(id()),
  /** The `version` the editor loaded; required to update. */
  expectedVersion: z.optional(z.int().check(z.minimum(1))),
  fields: eventFields,
});

export type SaveEventInput = z.input<typeof saveEventInput>;

export interface SavedEvent {
  eventId: string;
  version: number;
  slug: string;
  status: EventStatus;
}

/** An event must show an image once it is public or waiting for approval (ORG-06). */
const needsImage = (status: EventStatus) => status !== 'draft';

/** Suffixes tried for a generated slug before falling back to one made from the event id. */
const slugAttempts = 20;

/**
 * ORG-05, ORG-04, CAL-04, CAL-06: creates a draft or saves an event with every field of the form.
 * One transaction writes the event, its dates, its slug guards, its programme link and its pin,
 * and checks its image's calendar crop; it is conditioned on the organization and on the version
 * the editor loaded, so a concurrent save is refused whole (the caller keeps what was typed).
 * A published event stays published and is projected again after the commit (and the search file
 * rebuilt).
 */
export async function saveEvent(
  deps: SaveEventDeps & Pick<Deps, 'queues'>,
  input: SaveEventInput,
): Promise<SavedEvent> {
  const parsed = parseInput(saveEventInput, input);
  const { actor, fields } = parsed;
  // Staff edit any organization's event (ORG-09); everyone else only their own (ROLE-06).
  const current = parsed.eventId
    ? await loadOwnEvent(deps, parsed.eventId, actor.staff ? undefined : actor.orgId)
    : undefined;
  if (current && parsed.expectedVersion === undefined) {
    throw new EventRuleError(
      'version_required',
      'La version chargée est requise.',
      'The loaded version is required.',
    );
  }
  if (current && current.version !== parsed.expectedVersion) throw new EventChangedMeanwhileError();

  const plan = await planEvent(deps, { actor, fields, current });
  await commitWithSlug(deps, plan);
  if (plan.event.status === 'published') {
    await projectAfterCommit(deps, plan.event.eventId);
    // CAL-10: the search file is rebuilt after a change of a published event (decision 0011 §2).
    await requestPublicIndexes(deps);
  }
  return {
    eventId: plan.event.eventId,
    version: plan.event.version,
    slug: plan.event.slug,
    status: plan.event.status,
  };
}

/** Reserves a slug and commits; a generated slug taken at the same moment is chosen again. */
async function commitWithSlug(deps: SaveEventDeps, plan: EventPlan, extra?: ExtraWrites): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const slug = await chooseSlug(deps, plan);
    try {
      await commitEvent(deps, plan, slug, extra);
      return;
    } catch (error) {
      if (!(error instanceof SlugRaceError) || plan.slugCustom || attempt >= 3) throw error;
    }
  }
}

/**
 * CAL-07: a new event already waiting for approval, with the writes that go with it (submitter
 * contact, review entry) in the same transaction. For shared/calendar/submit-public-event.ts.
 */
export async function createSubmittedEvent(
  deps: SaveEventDeps,
  input: { actor: EventActor; fields: z.input<typeof eventFields>; extra: ExtraWrites },
): Promise<CalendarEvent> {
  const actor = parseInput(eventActor, input.actor);
  const fields = parseInput(eventFields, input.fields);
  const plan = await planEvent(deps, {
    actor,
    fields,
    creation: { status: 'submitted', publicSubmission: true },
  });
  await commitWithSlug(deps, plan, input.extra);
  return plan.event;
}

/** The event as its organization sees it; another organization's event does not exist for it. */
export async function loadOwnEvent(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  /** The session's organization; `undefined` only for staff. */
  orgId: string | undefined,
): Promise<CalendarEvent> {
  const event = (await deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;
  if (!event || (orgId !== undefined && event.orgId !== orgId)) throw eventNotFound();
  return event;
}

/** Runs the projection after a commit; a failure is logged and the next save or job repeats it. */
export async function projectAfterCommit(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  eventId: string,
): Promise<void> {
  try {
    await projectEvent(deps, { eventId });
  } catch (error) {
    deps.log.warn('calendar projection failed after commit; it is idempotent and will run again', {
      eventId,
      error: String(error),
    });
  }
}

interface DesiredDate {
  occurrenceId: string;
  startsAt: string;
  endsAt: string;
  showTime: boolean;
  main: boolean;
}

interface EventPlan {
  event: CalendarEvent;
  current?: CalendarEvent;
  existingDates: Occurrence[];
  dates: DesiredDate[];
  slugBase: string;
  slugCustom: boolean;
  parentTitle?: string;
}

class SlugRaceError extends Error {}

async function planEvent(
  deps: SaveEventDeps,
  {
    actor,
    fields,
    current,
    creation,
  }: {
    actor: z.output<typeof eventActor>;
    fields: EventFields;
    current?: CalendarEvent;
    /** How a new event starts: a draft, or (public form, CAL-07) already waiting for approval. */
    creation?: { status: EventStatus; publicSubmission: boolean };
  },
): Promise<EventPlan> {
  const now = deps.clock.now().toISOString();
  const { venue, taxonomyTerm, occurrence, event: events } = deps.db.calendar.entities;

  // Staff-only flags (ORG-05): anyone else may only send back what is stored.
  const featured = fields.featured ?? current?.featured ?? false;
  const bigEvent = fields.bigEvent ?? current?.bigEvent ?? false;
  if (!actor.staff && featured !== (current?.featured ?? false)) throw new StaffOnlyError('À la une');
  if (!actor.staff && bigEvent !== (current?.bigEvent ?? false)) throw new StaffOnlyError('Grand événement');

  // Venues and terms must exist; the first venue's zone places the dates.
  const venues = (await venue.get(fields.venueIds.map((venueId) => ({ venueId }))).go()).data;
  if (venues.length !== fields.venueIds.length) {
    throw new EventRuleError(
      'unknown_venue',
      'Un des lieux choisis n’existe pas.',
      'One of the chosen venues does not exist.',
    );
  }
  const firstVenue = venues.find((v) => v.venueId === fields.venueIds[0]);
  const timeZone = firstVenue?.timeZone ?? defaultTimeZone;
  const termKeys = [
    ...fields.categoryIds.map((termId) => ({ kind: 'category' as const, termId })),
    ...fields.audienceIds.map((termId) => ({ kind: 'audience' as const, termId })),
    ...(fields.exhibitionTypeId
      ? [{ kind: 'exhibitionType' as const, termId: fields.exhibitionTypeId }]
      : []),
  ];
  const terms = (await taxonomyTerm.get(termKeys).go()).data;
  if (terms.length !== termKeys.length) {
    throw new EventRuleError(
      'unknown_term',
      'Une des catégories, clientèles ou un des types d’exposition choisis n’existe pas.',
      'One of the chosen categories, audiences or exhibition types does not exist.',
    );
  }
  const presenterOrgId = fields.presenterOrgId ?? current?.presenterOrgId ?? actor.orgId;
  if (presenterOrgId !== actor.orgId) {
    const presenter = (await deps.db.identity.entities.organization.get({ orgId: presenterOrgId }).go()).data;
    if (!presenter) {
      throw new EventRuleError(
        'unknown_presenter',
        'Le diffuseur choisi n’existe pas.',
        'The chosen presenting organization does not exist.',
      );
    }
  }
  const museum = terms.some((term) => term.kind === 'category' && term.requiresExhibitionType);
  if (museum && !fields.exhibitionTypeId) {
    throw new EventRuleError(
      'exhibition_type_required',
      'La catégorie « Musée » demande de préciser le type d’exposition.',
      'The “Museum” category requires an exhibition type.',
    );
  }

  // Dates, in the venue's zone (CAL-04).
  const startsAt = zonedToUtc(fields.startsAt, timeZone);
  const endsAt = zonedToUtc(fields.endsAt, timeZone);
  if (endsAt < startsAt) {
    throw new EventRuleError(
      'end_before_start',
      'La date de fin est antérieure à la date de début.',
      'The end date is before the start date.',
    );
  }
  const existingDates = current
    ? (await occurrence.query.byEvent({ eventId: current.eventId }).go({ pages: 'all' })).data
    : [];
  const existingIds = new Set(existingDates.map((date) => date.occurrenceId));
  const mainId = existingDates.find((date) => date.main)?.occurrenceId ?? deps.ids();
  const dates: DesiredDate[] = [
    { occurrenceId: mainId, startsAt, endsAt, showTime: fields.showTime, main: true },
  ];
  for (const extra of fields.extraDates) {
    const extraStart = zonedToUtc(extra.startsAt, timeZone);
    const extraEnd = extra.endsAt ? zonedToUtc(extra.endsAt, timeZone) : extraStart;
    if (extraEnd < extraStart) {
      throw new EventRuleError(
        'end_before_start',
        'Une date supplémentaire finit avant de commencer.',
        'An additional date ends before it starts.',
      );
    }
    const known = extra.occurrenceId && extra.occurrenceId !== mainId && existingIds.has(extra.occurrenceId);
    const occurrenceId = known && extra.occurrenceId ? extra.occurrenceId : deps.ids();
    if (dates.some((date) => date.occurrenceId === occurrenceId)) {
      throw new EventRuleError('duplicate_date', 'Une date est en double.', 'A date is listed twice.');
    }
    dates.push({ occurrenceId, startsAt: extraStart, endsAt: extraEnd, showTime: true, main: false });
  }
  const firstStart = dates.map((date) => date.startsAt).sort()[0] ?? startsAt;
  const lastEnd =
    dates
      .map((date) => date.endsAt)
      .sort()
      .at(-1) ?? endsAt;

  if (
    fields.priceMinCents !== undefined &&
    fields.priceMaxCents !== undefined &&
    fields.priceMinCents > fields.priceMaxCents
  ) {
    throw new EventRuleError(
      'price_range',
      'Le prix minimum dépasse le prix maximum.',
      'The minimum price is above the maximum price.',
    );
  }

  const descriptionHtml = sanitizeDescription(fields.descriptionHtml);
  if (Buffer.byteLength(descriptionHtml) > descriptionMaxBytes) {
    throw new EventRuleError(
      'description_too_long',
      'La description est trop longue (100 Ko au plus).',
      'The description is too long (100 KB at most).',
    );
  }

  // CAL-05: a sub-event joins a big event of its own organization (staff may join any).
  const eventId = current?.eventId ?? deps.ids();
  let parentTitle: string | undefined;
  if (fields.parentEventId) {
    const parent = (await events.get({ eventId: fields.parentEventId }).go({ consistent: true })).data;
    if (
      !parent ||
      parent.eventId === eventId ||
      !parent.bigEvent ||
      (!actor.staff && parent.orgId !== actor.orgId) ||
      parent.parentEventId
    ) {
      throw new EventRuleError(
        'invalid_parent',
        'Le grand événement choisi n’existe pas ou ne peut pas recevoir cette programmation.',
        'The chosen big event does not exist or cannot hold this programme.',
      );
    }
    parentTitle = parent.title;
  }

  const status: EventStatus = current?.status ?? creation?.status ?? 'draft';
  if (needsImage(status) && !fields.imageId && !creation?.publicSubmission) {
    throw new EventRuleError(
      'image_required',
      'Une image recadrée pour le calendrier est requise.',
      'An image cropped for the calendar is required.',
    );
  }

  const slugCustom = fields.slug !== undefined ? true : (current?.slugCustom ?? false);
  // The slug follows the title until the organizer chooses one (CAL-06).
  const keepSlug = current && (current.slugCustom || current.title === fields.title);
  const slugBase = fields.slug ?? (keepSlug ? current.slug : slugify(fields.title));
  const event: CalendarEvent = {
    eventId,
    orgId: current?.orgId ?? actor.orgId,
    presenterOrgId,
    status,
    version: (current?.version ?? 0) + 1,
    title: fields.title,
    slug: slugBase,
    slugCustom,
    venueIds: fields.venueIds,
    categoryIds: fields.categoryIds,
    audienceIds: fields.audienceIds,
    exhibitionTypeId: museum ? fields.exhibitionTypeId : undefined,
    descriptionHtml,
    startsAt: firstStart,
    endsAt: lastEnd,
    showTime: fields.showTime,
    timeZone,
    online: fields.online,
    onlineUrl: fields.online ? fields.onlineUrl : undefined,
    seoTitle: fields.seoTitle,
    seoKeywords: fields.seoKeywords,
    facebookEventId: fields.facebookEventId,
    websiteUrl: fields.websiteUrl,
    soldOut: fields.soldOut,
    externalTicketingUrl: fields.externalTicketingUrl,
    priceMinCents: fields.free ? undefined : fields.priceMinCents,
    priceMaxCents: fields.free ? undefined : fields.priceMaxCents,
    currency: current?.currency ?? 'CAD',
    free: fields.free,
    freeOption: fields.free || fields.freeOption,
    featured,
    bigEvent,
    parentEventId: fields.parentEventId,
    onPlatformTicketing: current?.onPlatformTicketing ?? false,
    imageId: fields.imageId,
    reviewNote: current?.reviewNote,
    publishedAt: current?.publishedAt,
    submittedAt: current?.submittedAt ?? (status === 'submitted' ? now : undefined),
    publicSubmission: current?.publicSubmission ?? creation?.publicSubmission ?? false,
    createdAt: current?.createdAt ?? now,
    createdBy: current?.createdBy ?? actor.userId,
    updatedAt: now,
    updatedBy: actor.userId,
  };
  return {
    event,
    current,
    existingDates,
    dates,
    slugBase: slugBase || eventId.toLowerCase(),
    slugCustom,
    parentTitle,
  };
}

/** The slug to reserve: the custom one as is; a generated one with `-2`, `-3`… when taken. */
async function chooseSlug(deps: SaveEventDeps, plan: EventPlan): Promise<string> {
  const { slugGuard } = deps.db.calendar.entities;
  if (plan.slugCustom) return plan.slugBase;
  for (let attempt = 1; attempt <= slugAttempts; attempt += 1) {
    const candidate = slugCandidate(plan.slugBase, attempt);
    const guard = (await slugGuard.get({ slug: candidate }).go({ consistent: true })).data;
    if (!guard || guard.eventId === plan.event.eventId) return candidate;
  }
  return slugify(`${plan.slugBase.slice(0, 60)}-${plan.event.eventId.slice(-8)}`);
}

type CalendarEntities = Parameters<Parameters<Deps['db']['calendar']['transaction']['write']>[0]>[0];
// biome-ignore lint/suspicious/noExplicitAny: ElectroDB's commit objects differ per entity.
type ExtraWrites = (entities: CalendarEntities, event: CalendarEvent) => any[];

async function commitEvent(
  deps: SaveEventDeps,
  plan: EventPlan,
  slug: string,
  extra?: ExtraWrites,
): Promise<void> {
  const { event, current, existingDates, dates } = plan;
  event.slug = slug;
  const now = event.updatedAt;
  const eventId = event.eventId;
  const desired = new Map(dates.map((date) => [date.occurrenceId, date]));
  const unchanged = (date: Occurrence) => {
    const wanted = desired.get(date.occurrenceId);
    return (
      wanted !== undefined &&
      wanted.startsAt === date.startsAt &&
      wanted.endsAt === date.endsAt &&
      wanted.showTime === date.showTime &&
      wanted.main === date.main
    );
  };
  const toDelete = existingDates.filter((date) => {
    const wanted = desired.get(date.occurrenceId);
    return !wanted || wanted.startsAt !== date.startsAt;
  });
  const kept = new Set(existingDates.filter(unchanged).map((date) => date.occurrenceId));
  const toPut = dates.filter((date) => !kept.has(date.occurrenceId));
  const slugChanged = !current || current.slug !== slug;
  const oldParent = current?.parentEventId;
  const linkChanged =
    oldParent !== event.parentEventId ||
    current?.startsAt !== event.startsAt ||
    current?.title !== event.title ||
    current?.slug !== slug;
  const pinChanged =
    event.featured !== (current?.featured ?? false) || (event.featured && current?.endsAt !== event.endsAt);

  const ordered: string[] = [];
  const result = await deps.db.calendar.transaction
    .write((entities) => {
      const { event: events, occurrence, slugGuard, crop, programmeLink, featuredPin } = entities;
      const writes = [];
      ordered.push('event');
      writes.push(
        current
          ? events
              .put(event)
              .where(
                (attr, { eq }) => `${eq(attr.version, current.version)} AND ${eq(attr.orgId, current.orgId)}`,
              )
              .commit()
          : events.create(event).commit(),
      );
      for (const date of toDelete) {
        ordered.push('date');
        writes.push(
          occurrence.delete({ eventId, startsAt: date.startsAt, occurrenceId: date.occurrenceId }).commit(),
        );
      }
      for (const date of toPut) {
        ordered.push('date');
        writes.push(occurrence.put({ eventId, ...date }).commit());
      }
      if (slugChanged) {
        ordered.push('slug');
        writes.push(
          slugGuard
            .put({ slug, eventId, at: now })
            .where((attr, { notExists, eq }) => `${notExists(attr.eventId)} OR ${eq(attr.eventId, eventId)}`)
            .commit(),
        );
        if (current) {
          ordered.push('oldSlug');
          writes.push(
            slugGuard
              .put({ slug: current.slug, eventId, redirect: slug, at: now })
              .where(
                (attr, { notExists, eq }) => `${notExists(attr.eventId)} OR ${eq(attr.eventId, eventId)}`,
              )
              .commit(),
          );
        }
      }
      if (event.imageId) {
        ordered.push('crop');
        writes.push(
          // The organization's own image only: a forged id of another's is as good as no crop.
          crop
            .check({ imageId: event.imageId, kind: 'calendar' })
            .where((attr, { eq }) => eq(attr.orgId, event.orgId))
            .commit(),
        );
      }
      if (event.parentEventId) {
        ordered.push('parent');
        writes.push(
          events
            .check({ eventId: event.parentEventId })
            .where((attr, { eq }) => eq(attr.bigEvent, true))
            .commit(),
        );
      }
      if (linkChanged && oldParent && current) {
        ordered.push('link');
        writes.push(
          programmeLink
            .delete({ parentId: oldParent, childStartsAt: current.startsAt, childId: eventId })
            .commit(),
        );
      }
      if (linkChanged && event.parentEventId) {
        ordered.push('link');
        writes.push(
          programmeLink
            .put({
              parentId: event.parentEventId,
              childStartsAt: event.startsAt,
              childId: eventId,
              title: event.title,
              slug,
            })
            .commit(),
        );
      }
      if (pinChanged) {
        ordered.push('pin');
        writes.push(
          event.featured
            ? featuredPin
                .put({
                  eventId,
                  endsAt: event.endsAt,
                  pinnedBy: event.updatedBy,
                  at: now,
                  expiresAt: Math.floor(Date.parse(event.endsAt) / 1000),
                })
                .commit()
            : featuredPin.delete({ eventId }).commit(),
        );
      }
      for (const write of extra?.(entities, event) ?? []) {
        ordered.push('extra');
        writes.push(write);
      }
      return writes;
    })
    .go();
  if (!result.canceled) return;
  const failed = new Set(
    (result.data as { code?: string }[]).flatMap((reason, index) =>
      reason.code === 'ConditionalCheckFailed' ? [ordered[index]] : [],
    ),
  );
  if (failed.has('event')) {
    if (!current) throw new EventChangedMeanwhileError();
    const now = (await deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;
    if (!now || now.orgId !== current.orgId) throw eventNotFound();
    throw new EventChangedMeanwhileError();
  }
  if (failed.has('slug') || failed.has('oldSlug')) {
    if (plan.slugCustom) throw new SlugTakenError(slug);
    throw new SlugRaceError(slug);
  }
  if (failed.has('crop')) {
    throw new EventRuleError(
      'calendar_crop_missing',
      'L’image doit être recadrée pour le calendrier avant d’enregistrer.',
      'The image must be cropped for the calendar before saving.',
    );
  }
  if (failed.has('parent')) {
    throw new EventRuleError(
      'invalid_parent',
      'Le grand événement choisi n’existe pas ou ne peut pas recevoir cette programmation.',
      'The chosen big event does not exist or cannot hold this programme.',
    );
  }
  // A transaction conflict: another write touched the same items at the same moment.
  if (current) throw new EventChangedMeanwhileError();
  throw new ConflictError('transaction_canceled', {
    fr: 'La modification a été refusée parce que les données ont changé entre-temps. Veuillez réessayer.',
    en: 'The change was refused because the data changed in the meantime. Please try again.',
  });
}
