import * as z from 'zod/mini';
import { commitWithEmails, type EmailRequest } from '../comms/queue-email';
import type { Deps } from '../deps';
import { listMembers } from '../identity/members';
import { platformOrgId } from '../identity/membership';
import type { Locale } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { requestPublicIndexes } from '../search/request-rebuild';
import { EventChangedMeanwhileError, EventRuleError, eventNotFound, StaffOnlyError } from './errors';
import type { CalendarEvent } from './event';
import { eventFieldLimits, id } from './event-input';
import { eventActor, loadOwnEvent, projectAfterCommit } from './save-event';

export type ApprovalDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'>;

const note = () => z.string().check(z.trim(), z.maxLength(eventFieldLimits.note));

/** Pages the e-mails link to; the web layer owns these routes. */
export const approvalLinks = {
  queue: (siteUrl: string, locale: Locale) => `${siteUrl}/${locale}/console/evenements/a-approuver`,
  sheet: (siteUrl: string, locale: Locale, slug: string) =>
    `${siteUrl}/${locale}/evenements/${encodeURIComponent(slug)}`,
  form: (siteUrl: string, locale: Locale, eventId: string) =>
    `${siteUrl}/${locale}/organisme/evenements/${encodeURIComponent(eventId)}`,
};

async function organizationName(deps: Pick<Deps, 'db'>, orgId: string): Promise<string> {
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go()).data;
  return organization?.name ?? 'Parvis';
}

/** Active members of an organization with one of `roles`: who is written to. */
/** The active members of `orgId` with one of `roles`: who a review e-mail goes to. */
export async function recipients(deps: Pick<Deps, 'db'>, orgId: string, roles: readonly string[]) {
  const members = await listMembers(deps, { orgId });
  return members.filter((member) => roles.includes(member.role) && member.status === 'active');
}

/** The e-mail to one member, in their language, its link to the page in that language. */
export function reviewEmail(
  templateId: 'event.submitted' | 'event.approved' | 'event.sentBack',
  to: { email: string; displayName?: string; locale: Locale },
  event: CalendarEvent,
  organization: string,
  actionUrl: (locale: Locale) => string,
  text?: string,
): EmailRequest {
  return {
    templateId,
    locale: to.locale,
    to: to.email,
    data: {
      displayName: to.displayName ?? to.email,
      eventTitle: event.title,
      organizationName: organization,
      startsAt: event.startsAt,
      timeZone: event.timeZone,
      ...(text ? { note: text } : {}),
      actionUrl: actionUrl(to.locale),
    },
  };
}

/** Puts the new state of the event conditioned on the state read: a second actor finds it changed. */
function putFrom(current: CalendarEvent, next: CalendarEvent) {
  return (
    events: Parameters<Parameters<ApprovalDeps['db']['calendar']['transaction']['write']>[0]>[0]['event'],
  ) =>
    events
      .put(next)
      .where(
        (attr, { eq }) =>
          `${eq(attr.version, current.version)} AND ${eq(attr.status, current.status)} AND ${eq(attr.orgId, current.orgId)}`,
      )
      .commit();
}

const submitInput = z.object({
  actor: eventActor,
  eventId: id(),
  expectedVersion: z.int(),
  note: z.optional(note()),
});

/**
 * ORG-07: the organizer submits a draft with an optional note. The event enters the approval queue
 * (g1 `EVENTS#submitted`), a review entry records it, and staff are e-mailed in the same
 * transaction (outbox). It needs an image with its calendar crop (ORG-06).
 */
export async function submitForApproval(
  deps: ApprovalDeps,
  input: z.input<typeof submitInput>,
): Promise<{ version: number }> {
  const parsed = parseInput(submitInput, input);
  const current = await loadOwnEvent(deps, parsed.eventId, parsed.actor.orgId);
  if (current.version !== parsed.expectedVersion) throw new EventChangedMeanwhileError();
  if (current.status !== 'draft') {
    throw new EventRuleError(
      'not_a_draft',
      'Cet événement a déjà été soumis ou publié.',
      'This event was already submitted or published.',
    );
  }
  if (!current.imageId) {
    throw new EventRuleError(
      'image_required',
      'Une image recadrée pour le calendrier est requise avant de soumettre.',
      'An image cropped for the calendar is required before submitting.',
    );
  }
  const cardCrop = (
    await deps.db.calendar.entities.crop.get({ imageId: current.imageId, kind: 'calendar' }).go()
  ).data;
  if (!cardCrop) {
    throw new EventRuleError(
      'calendar_crop_missing',
      'L’image doit être recadrée pour le calendrier avant de soumettre.',
      'The image must be cropped for the calendar before submitting.',
    );
  }
  const now = deps.clock.now().toISOString();
  const next: CalendarEvent = {
    ...current,
    status: 'submitted',
    version: current.version + 1,
    submittedAt: now,
    reviewNote: undefined,
    updatedAt: now,
    updatedBy: parsed.actor.userId,
  };
  const [staff, organization] = await Promise.all([
    recipients(deps, platformOrgId, ['staff']),
    organizationName(deps, current.orgId),
  ]);
  const { event, reviewEntry, crop } = deps.db.calendar.entities;
  await commitOrExplain(
    commitWithEmails(deps, {
      entities: { event, reviewEntry, crop },
      writes: (entities) => [
        putFrom(current, next)(entities.event),
        entities.reviewEntry
          .create({
            eventId: current.eventId,
            at: now,
            reviewId: deps.ids(),
            action: 'submitted',
            actorUserId: parsed.actor.userId,
            note: parsed.note || undefined,
          })
          .commit(),
        entities.crop
          .check({ imageId: current.imageId ?? '', kind: 'calendar' })
          .where((attr, { exists }) => exists(attr.createdAt))
          .commit(),
      ],
      emails: staff.map((member) =>
        reviewEmail(
          'event.submitted',
          member,
          next,
          organization,
          (locale) => approvalLinks.queue(deps.config.siteUrl, locale),
          parsed.note,
        ),
      ),
    }),
  );
  return { version: next.version };
}

const decideInput = z.object({
  actor: eventActor,
  eventId: id(),
  note: z.optional(note()),
});

async function loadSubmitted(deps: Pick<Deps, 'db'>, eventId: string, staff: boolean, action: string) {
  if (!staff) throw new StaffOnlyError(action);
  const current = (await deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;
  if (!current) throw eventNotFound();
  if (current.status !== 'submitted') throw alreadyDecided();
  return current;
}

const alreadyDecided = () =>
  new EventRuleError(
    'not_submitted',
    'Cet événement n’attend plus d’approbation : quelqu’un l’a peut-être déjà traité.',
    'This event is no longer waiting for approval: someone may have handled it already.',
  );

/** A cancelled commit whose event condition failed: someone acted first. */
async function commitOrExplain<T>(commit: Promise<T>): Promise<T> {
  try {
    return await commit;
  } catch (error) {
    if ((error as { code?: string }).code === 'transaction_canceled') throw new EventChangedMeanwhileError();
    throw error;
  }
}

/**
 * A staff decision on a submitted event: the event's new state and its review entry in one
 * transaction with the organizers' e-mail, conditioned on the status read, so two staff acting at
 * once decide it once and send one e-mail.
 */
async function decide(
  deps: ApprovalDeps,
  current: CalendarEvent,
  decision: {
    actorUserId: string;
    action: 'approved' | 'sentBack';
    note?: string;
    changes: Partial<CalendarEvent>;
    templateId: 'event.approved' | 'event.sentBack';
    link: (next: CalendarEvent, locale: Locale) => string;
  },
): Promise<CalendarEvent> {
  const now = deps.clock.now().toISOString();
  const next: CalendarEvent = {
    ...current,
    ...decision.changes,
    version: current.version + 1,
    updatedAt: now,
    updatedBy: decision.actorUserId,
  };
  const [organizers, organization] = await Promise.all([
    recipients(deps, current.orgId, ['organisme']),
    organizationName(deps, current.orgId),
  ]);
  const { event, reviewEntry } = deps.db.calendar.entities;
  try {
    await commitWithEmails(deps, {
      entities: { event, reviewEntry },
      writes: (entities) => [
        putFrom(current, next)(entities.event),
        entities.reviewEntry
          .create({
            eventId: current.eventId,
            at: now,
            reviewId: deps.ids(),
            action: decision.action,
            actorUserId: decision.actorUserId,
            note: decision.note || undefined,
          })
          .commit(),
      ],
      emails: organizers.map((member) =>
        reviewEmail(
          decision.templateId,
          member,
          next,
          organization,
          (locale) => decision.link(next, locale),
          decision.note,
        ),
      ),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'transaction_canceled') throw alreadyDecided();
    throw error;
  }
  return next;
}

/**
 * ORG-07: staff approve a submitted event: it is published, the organizer is e-mailed, and the
 * calendar projection runs after the commit (see `decide`).
 */
export async function approveEvent(
  deps: ApprovalDeps,
  input: z.input<typeof decideInput>,
): Promise<{ version: number; slug: string }> {
  const parsed = parseInput(decideInput, input);
  const current = await loadSubmitted(deps, parsed.eventId, parsed.actor.staff, 'Approuver');
  const next = await decide(deps, current, {
    actorUserId: parsed.actor.userId,
    action: 'approved',
    note: parsed.note,
    changes: {
      status: 'published',
      publishedAt: current.publishedAt ?? deps.clock.now().toISOString(),
      reviewNote: undefined,
    },
    templateId: 'event.approved',
    link: (event, locale) => approvalLinks.sheet(deps.config.siteUrl, locale, event.slug),
  });
  await projectAfterCommit(deps, current.eventId);
  // CAL-10: the search file is rebuilt with it (decision 0011 §2).
  await requestPublicIndexes(deps);
  return { version: next.version, slug: next.slug };
}

const sendBackInput = z.object({
  actor: eventActor,
  eventId: id(),
  note: z.string().check(z.trim(), z.minLength(1), z.maxLength(eventFieldLimits.note)),
});

/**
 * ORG-07: staff send a submitted event back with a note (required): it returns to draft with the
 * note shown on the organizer's form, and the organizer is e-mailed the note (see `decide`).
 */
export async function sendBackEvent(
  deps: ApprovalDeps,
  input: z.input<typeof sendBackInput>,
): Promise<{ version: number }> {
  const parsed = parseInput(sendBackInput, input);
  const current = await loadSubmitted(deps, parsed.eventId, parsed.actor.staff, 'Renvoyer');
  const next = await decide(deps, current, {
    actorUserId: parsed.actor.userId,
    action: 'sentBack',
    note: parsed.note,
    changes: { status: 'draft', reviewNote: parsed.note },
    templateId: 'event.sentBack',
    link: (event, locale) => approvalLinks.form(deps.config.siteUrl, locale, event.eventId),
  });
  return { version: next.version };
}

/** ORG-07, ORG-09: the events waiting for approval, nearest first (g1 `EVENTS#submitted`). */
export async function approvalQueue(
  deps: Pick<Deps, 'db'>,
  input: { cursor?: string } = {},
): Promise<{ events: CalendarEvent[]; cursor?: string }> {
  const page = await deps.db.calendar.entities.event.query
    .byStatus({ status: 'submitted' })
    .go({ limit: 50, cursor: input.cursor ?? null, hydrate: true });
  // The index is eventually consistent: an event decided a moment ago may still be listed.
  return {
    events: page.data.filter((event) => event.status === 'submitted'),
    cursor: page.cursor ?? undefined,
  };
}
