import { error } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { orgActor } from '$lib/server/organization/event-actions';
import {
  cropImage,
  type ImageSubject,
  loadImagePage,
  prepareImageUpload,
} from '$lib/server/organization/image-page';
import { EventChangedMeanwhileError } from '$shared/calendar/errors';
import { attachEventImage, eventForEditing } from '$shared/calendar/organization-events';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Event = RequestEvent;

async function ownEvent(event: Pick<Event, 'params' | 'locals'>, actor: ReturnType<typeof orgActor>) {
  try {
    return (await eventForEditing(serverDeps(), { actor, eventId: event.params.eventId })).event;
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(event.locals.locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
}

/**
 * ORG-06: the event's image, as the session's organization (or staff) sees it: the shared image
 * page (server/organization/image-page.ts), attaching to the event with its version, read again
 * once if the event changed meanwhile.
 */
async function eventSubject(
  event: Event,
): Promise<ImageSubject & { event: { eventId: string; title: string } }> {
  const actor = orgActor(event);
  let saved = await ownEvent(event, actor);
  return {
    actor,
    path: paths.organizationEventImage(event.locals.locale, event.params.eventId),
    imageId: saved.imageId,
    event: { eventId: saved.eventId, title: saved.title },
    async attach(imageId) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          await attachEventImage(serverDeps(), {
            actor,
            eventId: saved.eventId,
            expectedVersion: saved.version,
            imageId,
          });
          return true;
        } catch (cause) {
          if (!(cause instanceof EventChangedMeanwhileError)) throw cause;
          saved = await ownEvent(event, actor);
        }
      }
      return false;
    },
  };
}

export const load: PageServerLoad = async (event) => {
  const subject = await eventSubject(event);
  return { event: subject.event, ...(await loadImagePage(event, subject)) };
};

export const actions: Actions = {
  prepare: async (event) => prepareImageUpload(event, await eventSubject(event)),
  crop: async (event) =>
    cropImage(event, await eventSubject(event), {
      calendar: t(event.locals.locale, 'orgEvents.image.calendar'),
      sheet: t(event.locals.locale, 'orgEvents.image.sheet'),
    }),
};
