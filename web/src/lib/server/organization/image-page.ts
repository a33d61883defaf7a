/**
 * The image page of a subject (ORG-06, TIX-08): an event's image in the organization portal, a
 * pass's theme image in the staff console. One load and two actions for both; the subject says
 * whose image it is (the actor: its organization's images only, or staff), where the page is (S3
 * sends the browser back there with `?image=<id>` after an upload, the crop form returns there) and
 * how the image is attached once its calendar crop exists.
 *
 * S3's redirect confirms the upload on this GET (idempotent, the actor's organization only, so doing
 * it on a GET changes nothing a reload would redo); the page then shows the check, the refusal or
 * the crop step, and once the crops are rendered attaches the image to the subject (idempotent too).
 */
import { type RequestEvent, redirect } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure } from '$lib/server/form';
import { cropDefaults, cropRectOf } from '$lib/server/organization/crops';
import { allowFileStoreImages, allowUploadForms } from '$lib/server/upload-csp';
import {
  confirmImageUpload,
  type ImageView,
  imageUploadFormSeconds,
  originalImageUrl,
  readImage,
  recordImageCrops,
  startImageUpload,
} from '$shared/calendar/event-images';
import type { EventActor } from '$shared/calendar/save-event';
import { cropKindSpecs } from '$shared/images/crop-kinds';
import type { StoredRendition } from '$shared/images/crops';
import { toUserError } from '$shared/kernel/errors';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** Whose image the page edits. */
export interface ImageSubject {
  /** From the session: the image is this organization's (staff: the subject's organization, `staff: true`). */
  actor: EventActor;
  /** The page's path (no query): S3 and the crop form come back to it. */
  path: string;
  /** The image the subject shows now, if any. */
  imageId?: string;
  /**
   * Names `imageId` on the subject (its calendar crop exists). Answers false when the subject kept
   * changing meanwhile (the page says so by not showing « attached »; a reload tries again).
   */
  attach(imageId: string): Promise<boolean>;
}

const imageDeps = () => ({ ...serverDeps(), files: serverFiles() });

/** The page's data: where the image stands, the crop step's numbers, the upload form's life. */
export async function loadImagePage(event: Event, subject: ImageSubject) {
  const { actor } = subject;
  allowUploadForms(event);
  allowFileStoreImages(event);
  const { locale } = event.locals;
  const deps = imageDeps();
  const asked = event.url.searchParams.get('image');
  let problem: string | undefined;
  let image: ImageView | undefined;
  const imageId = asked ?? subject.imageId;
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
  let attached = Boolean(image && subject.imageId === image.imageId);
  // The calendar crop exists: the subject shows this image from now on.
  if (image?.status === 'cropped' && !attached) attached = await subject.attach(image.imageId);
  const croppable = image && ['ready', 'cropping', 'cropped'].includes(image.status);
  const original =
    croppable && image ? (await originalImageUrl(deps, { actor, imageId: image.imageId })).url : undefined;
  const size = image?.width && image.height ? { width: image.width, height: image.height } : undefined;
  return {
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
}

/** First step of an upload: the signed form that posts the file straight to S3, which comes back to the page. */
export async function prepareImageUpload(event: Event, subject: Pick<ImageSubject, 'actor' | 'path'>) {
  allowUploadForms(event);
  const { upload } = await startImageUpload(imageDeps(), {
    actor: subject.actor,
    successRedirect: `${event.url.origin}${subject.path}`,
  });
  return { upload: { url: upload.url, fields: upload.fields, minutes: imageUploadFormSeconds / 60 } };
}

/**
 * The two rectangles (left, top, width; the height follows the kind's ratio), rendered by the
 * consumer; a refusal comes back with the numbers typed and each field's sentence.
 * `labels` name the two crops as the page does (« Calendrier », « Fiche de l'événement »…).
 */
export async function cropImage(
  event: Event,
  subject: Pick<ImageSubject, 'actor' | 'path'>,
  labels: { calendar: string; sheet: string },
) {
  allowUploadForms(event);
  const { locale } = event.locals;
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
      actor: subject.actor,
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
      labels: { calendarWidth: labels.calendar, sheetWidth: labels.sheet },
    });
  }
  redirect(303, `${subject.path}?image=${encodeURIComponent(imageId)}`);
}
