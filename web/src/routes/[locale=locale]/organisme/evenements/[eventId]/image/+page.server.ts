import { error, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure } from '$lib/server/form';
import { cropDefaults, cropRectOf } from '$lib/server/organization/crops';
import { orgActor } from '$lib/server/organization/event-actions';
import { allowFileStoreImages, allowUploadForms } from '$lib/server/upload-csp';
import { EventChangedMeanwhileError } from '$shared/calendar/errors';
import {
  confirmImageUpload,
  type ImageView,
  imageUploadFormSeconds,
  originalImageUrl,
  readImage,
  recordImageCrops,
  startImageUpload,
} from '$shared/calendar/event-images';
import { attachEventImage, eventForEditing } from '$shared/calendar/organization-events';
import { cropKindSpecs } from '$shared/images/crop-kinds';
import type { StoredRendition } from '$shared/images/crops';
import { NotFoundError, toUserError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

const imageDeps = () => ({ ...serverDeps(), files: serverFiles() });

async function ownEvent(
  event: Pick<Parameters<PageServerLoad>[0], 'params' | 'locals'>,
  actor: ReturnType<typeof orgActor>,
) {
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
 * ORG-06: the event's image. S3 sends the browser back here with `?image=<id>` after an upload,
 * which confirms it (idempotent, the session's organization only, so doing it on this GET changes
 * nothing a reload would redo); the page then shows the check, the refusal or the crop step, and
 * once the crops are rendered attaches the image to the event (also idempotent).
 */
export const load: PageServerLoad = async (event) => {
  const actor = orgActor(event);
  allowUploadForms(event);
  allowFileStoreImages(event);
  const { locale } = event.locals;
  const deps = imageDeps();
  let saved = await ownEvent(event, actor);
  const asked = event.url.searchParams.get('image');
  let problem: string | undefined;
  let image: ImageView | undefined;
  const imageId = asked ?? saved.imageId;
  if (imageId) {
    try {
      image = await readImage(deps, { actor, imageId });
      // Confirmed on S3's redirect and on a reload (which also queues again an inspection whose
      // message was lost); the page's own polling (a data request) only reads.
      if (asked && (image.status === 'uploading' || (image.status === 'checking' && !event.isDataRequest))) {
        image = await confirmImageUpload(deps, { actor, imageId });
      }
    } catch (cause) {
      const user = toUserError(cause, locale);
      if (user.status >= 500) throw cause;
      problem = user.message;
      image = asked ? await readImage(deps, { actor, imageId }).catch(() => undefined) : undefined;
    }
  }
  let attached = Boolean(image && saved.imageId === image.imageId);
  if (image?.status === 'cropped' && !attached) {
    // The calendar crop exists: the event shows this image from now on (ORG-06).
    for (let attempt = 0; attempt < 2 && !attached; attempt += 1) {
      try {
        await attachEventImage(deps, {
          actor,
          eventId: saved.eventId,
          expectedVersion: saved.version,
          imageId: image.imageId,
        });
        attached = true;
      } catch (cause) {
        if (!(cause instanceof EventChangedMeanwhileError)) throw cause;
        saved = await ownEvent(event, actor);
      }
    }
  }
  const croppable = image && ['ready', 'cropping', 'cropped'].includes(image.status);
  const original =
    croppable && image ? (await originalImageUrl(deps, { actor, imageId: image.imageId })).url : undefined;
  const size = image?.width && image.height ? { width: image.width, height: image.height } : undefined;
  return {
    event: { eventId: saved.eventId, title: saved.title },
    image: image && {
      imageId: image.imageId,
      status: image.status,
      refusal: image.refusal?.message[locale],
      size,
      calendar: (image.crops.calendar?.renditions ?? []) as StoredRendition[],
      sheet: (image.crops.sheet?.renditions ?? []) as StoredRendition[],
    },
    attached,
    problem,
    original,
    defaults: size ? cropDefaults(size, image?.requested) : undefined,
    minWidths: { calendar: cropKindSpecs.calendar.minWidth, sheet: cropKindSpecs.sheet.minWidth },
    uploadMinutes: imageUploadFormSeconds / 60,
  };
};

export const actions: Actions = {
  /** First step of an upload: the signed form that posts the file straight to S3, which comes back here. */
  prepare: async (event) => {
    const actor = orgActor(event);
    allowUploadForms(event);
    await ownEvent(event, actor);
    const { upload } = await startImageUpload(imageDeps(), {
      actor,
      successRedirect: `${event.url.origin}${paths.organizationEventImage(event.locals.locale, event.params.eventId)}`,
    });
    return { upload: { url: upload.url, fields: upload.fields, minutes: imageUploadFormSeconds / 60 } };
  },

  /** The two rectangles (left, top, width; the height follows the kind's ratio), rendered by the consumer. */
  crop: async (event) => {
    const actor = orgActor(event);
    allowUploadForms(event);
    const { locale } = event.locals;
    await ownEvent(event, actor);
    const data = await event.request.formData();
    const value = (name: string) => {
      const entry = data.get(name);
      return typeof entry === 'string' ? entry : '';
    };
    const imageId = value('imageId');
    const values = {
      calendarLeft: value('calendarLeft'),
      calendarTop: value('calendarTop'),
      calendarWidth: value('calendarWidth'),
      sheetLeft: value('sheetLeft'),
      sheetTop: value('sheetTop'),
      sheetWidth: value('sheetWidth'),
    };
    try {
      await recordImageCrops(imageDeps(), {
        actor,
        imageId,
        calendar: cropRectOf('calendar', values.calendarLeft, values.calendarTop, values.calendarWidth),
        sheet: cropRectOf('sheet', values.sheetLeft, values.sheetTop, values.sheetWidth),
      });
    } catch (cause) {
      return formFailure(cause, locale, {
        form: 'crop',
        values,
        paths: {
          calendar: 'calendarWidth',
          'calendar.left': 'calendarLeft',
          'calendar.top': 'calendarTop',
          'calendar.width': 'calendarWidth',
          'calendar.height': 'calendarWidth',
          sheet: 'sheetWidth',
          'sheet.left': 'sheetLeft',
          'sheet.top': 'sheetTop',
          'sheet.width': 'sheetWidth',
          'sheet.height': 'sheetWidth',
        },
        labels: {
          calendarWidth: t(locale, 'orgEvents.image.calendar'),
          sheetWidth: t(locale, 'orgEvents.image.sheet'),
        },
      });
    }
    redirect(
      303,
      `${paths.organizationEventImage(locale, event.params.eventId)}?image=${encodeURIComponent(imageId)}`,
    );
  },
};
