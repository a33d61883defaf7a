/**
 * The event form's loads and actions (ORG-05, ORG-07), shared by the new event's page and an
 * event's page so both behave the same. Thin: read the form, call the use cases, map the result.
 */
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireOrganization } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { submitForApproval } from '$shared/calendar/approval';
import { readImage } from '$shared/calendar/event-images';
import { eventForEditing, organizationEvents, stateOf } from '$shared/calendar/organization-events';
import { loadOwnEvent, saveEvent } from '$shared/calendar/save-event';
import type { StoredRendition } from '$shared/images/crops';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import {
  emptyValues,
  eventFormChoices,
  eventFormFailure,
  fieldsOf,
  parentChoices,
  priceFailure,
  readEventForm,
  valuesOfEvent,
} from './event-form';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** The session's actor for the calendar use cases: never anything the form says. */
export function orgActor(event: Pick<RequestEvent, 'locals' | 'url'>) {
  const { orgId, principal } = requireOrganization(event);
  return { userId: principal.userId, orgId, staff: principal.staff };
}

/** Which notice the page shows after a redirect (`?enregistre`, `?cree`, `?soumis`). */
function noticeOf(url: URL): 'saved' | 'created' | 'submitted' | undefined {
  if (url.searchParams.has('soumis')) return 'submitted';
  if (url.searchParams.has('cree')) return 'created';
  if (url.searchParams.has('enregistre')) return 'saved';
  return undefined;
}

/** The form's data: the event (or a blank one), its pick lists, its image's calendar crop. */
export async function loadEventForm(event: Event, eventId?: string) {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const deps = serverDeps();
  const [choices, list] = await Promise.all([
    eventFormChoices(deps, locale),
    organizationEvents(deps, { orgId: actor.orgId }),
  ]);
  const parents = parentChoices(Object.values(list.byState).flat(), eventId);
  if (!eventId) {
    return { values: emptyValues(actor.orgId), choices, parents, staff: actor.staff, notice: undefined };
  }
  let editing: Awaited<ReturnType<typeof eventForEditing>>;
  try {
    editing = await eventForEditing(deps, { actor, eventId });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
  const { event: saved } = editing;
  let crop: { renditions: StoredRendition[] } | undefined;
  if (saved.imageId) {
    const image = await readImage(deps, { actor, imageId: saved.imageId }).catch(() => undefined);
    const calendar = image?.crops.calendar;
    if (calendar) crop = { renditions: calendar.renditions as StoredRendition[] };
  }
  return {
    values: valuesOfEvent(editing),
    choices,
    parents,
    staff: actor.staff,
    notice: noticeOf(event.url),
    saved: {
      eventId: saved.eventId,
      status: saved.status,
      state: stateOf(saved),
      slug: saved.slug,
      reviewNote: saved.reviewNote,
      imageId: saved.imageId,
      crop,
    },
  };
}

/**
 * Saves the form (a new draft when there is no `eventId`), and submits it when asked. A refusal,
 * a conflict with another editor included, re-renders the form with everything typed.
 */
export async function saveEventForm(event: Event, eventId: string | undefined, submit: boolean) {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const values = readEventForm(await event.request.formData());
  const badPrice = priceFailure(values, locale);
  if (badPrice) return badPrice;
  const deps = serverDeps();
  let saved: Awaited<ReturnType<typeof saveEvent>>;
  try {
    // The image changes on the image step only: a save keeps the one the event has.
    const imageId = eventId ? (await loadOwnEvent(deps, eventId, actor.orgId)).imageId : undefined;
    saved = await saveEvent(deps, {
      actor,
      eventId,
      expectedVersion: eventId ? Number(values.version) || undefined : undefined,
      fields: fieldsOf(values, { staff: actor.staff, imageId }),
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'consoleCalendar.review.notFound'));
    return eventFormFailure(cause, values, locale);
  }
  if (submit && eventId) {
    try {
      await submitForApproval(deps, {
        actor,
        eventId: saved.eventId,
        expectedVersion: saved.version,
        note: values.note.trim() || undefined,
      });
    } catch (cause) {
      // Saved, not submitted: the form goes on from the saved version.
      return eventFormFailure(cause, { ...values, version: String(saved.version) }, locale);
    }
    redirect(303, `${paths.organizationEvent(locale, saved.eventId)}?soumis=1`);
  }
  redirect(303, `${paths.organizationEvent(locale, saved.eventId)}?${eventId ? 'enregistre' : 'cree'}=1`);
}

/** "Add a date" without JavaScript: the same form again with one more empty date row, nothing saved. */
export async function addDateRow(event: Event) {
  orgActor(event);
  const values = readEventForm(await event.request.formData());
  return {
    form: 'event',
    dateAdded: true,
    draft: { ...values, extraDates: [...values.extraDates, { id: '', startsAt: '', endsAt: '' }] },
  };
}
