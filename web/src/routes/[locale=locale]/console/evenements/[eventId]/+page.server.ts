import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { staffActor } from '$lib/server/console/calendar-console';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { approveEvent, sendBackEvent } from '$shared/calendar/approval';
import { eventForReview } from '$shared/calendar/console-review';
import { setBigEvent, setFeatured } from '$shared/calendar/staff-flags';
import type { StoredRendition } from '$shared/images/crops';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** ORG-07, ORG-09: one event of any organization, as staff review it, with their decisions and flags. */
export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  try {
    const review = await eventForReview(serverDeps(), {
      actor: staffActor(principal),
      eventId: event.params.eventId,
    });
    const { reviews, crops, ...rest } = review;
    return {
      ...rest,
      reviews: reviews.map(({ reviewId, at, action, note }) => ({ reviewId, at, action, note })),
      crops: crops.map(({ kind, left, top, width, height, renditions, primaryKey }) => ({
        kind,
        left,
        top,
        width,
        height,
        renditions: (renditions ?? []) as StoredRendition[],
        primaryKey,
      })),
    };
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(event.locals.locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
};

/** A flag's new value: the button says which. */
const flagValue = (value: string) => value === 'true';

export const actions: Actions = {
  /** ORG-07: published; the organizer is e-mailed (with the optional message). */
  approve: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['note']);
    const options = {
      form: 'approve',
      values,
      labels: { approveNote: t(locale, 'consoleCalendar.review.approveNote') },
      paths: { note: 'approveNote' },
    };
    try {
      await approveEvent(serverDeps(), {
        actor: staffActor(principal),
        eventId: event.params.eventId,
        note: values.note.trim() || undefined,
      });
      return { form: 'decision', done: 'approved' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** ORG-07: back to draft with the note, which the organizer is e-mailed and sees on the form. */
  sendBack: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['note']);
    const labels = { sendBackNote: t(locale, 'consoleCalendar.review.sendBackNote') };
    const options = { form: 'sendBack', values, labels, paths: { note: 'sendBackNote' } };
    const missing = missingFields({ sendBackNote: values.note }, labels, locale, options);
    if (missing) return missing;
    try {
      await sendBackEvent(serverDeps(), {
        actor: staffActor(principal),
        eventId: event.params.eventId,
        note: values.note,
      });
      return { form: 'decision', done: 'sentBack' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** ORG-09, CAL-03: « À la une ». */
  featured: async (event) => {
    const principal = requireStaff(event);
    const { value } = await readForm(event.request, ['value']);
    try {
      await setFeatured(serverDeps(), {
        actor: staffActor(principal),
        eventId: event.params.eventId,
        value: flagValue(value),
      });
      return { form: 'flags', done: flagValue(value) ? 'featuredOn' : 'featuredOff' };
    } catch (cause) {
      return formFailure(cause, event.locals.locale, { form: 'flags' });
    }
  },

  /** ORG-09, CAL-05: « Grand événement ». */
  bigEvent: async (event) => {
    const principal = requireStaff(event);
    const { value } = await readForm(event.request, ['value']);
    try {
      await setBigEvent(serverDeps(), {
        actor: staffActor(principal),
        eventId: event.params.eventId,
        value: flagValue(value),
      });
      return { form: 'flags', done: flagValue(value) ? 'bigEventOn' : 'bigEventOff' };
    } catch (cause) {
      return formFailure(cause, event.locals.locale, { form: 'flags' });
    }
  },
};
