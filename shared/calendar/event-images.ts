/**
 * The image of an event (ORG-06), from the organizer's upload to the renditions the pages show.
 * The file travels between the browser and S3 only, as client documents do: `startImageUpload`
 * signs a form the browser posts straight to the `uploads` bucket (1 byte to 10 MiB, under the
 * organization's folder), `confirmImageUpload` checks that it arrived and queues its inspection,
 * the process-image consumer judges it by its content (`inspectImage`), the organizer chooses the
 * calendar (vertical) and sheet (horizontal) crops in the browser (`recordImageCrops`), and the
 * consumer cuts every rendition from the original with sharp (`renderImageCrops`). The browser never
 * uploads a crop. `readImage` says where an image stands, for the page (and its polling).
 *
 * Every use case the web layer calls takes the actor from the session (`eventActor`): an image of
 * another organization, or a forged id, is answered as not found and nothing changes. Staff may
 * act on any organization's image, as on its events (ORG-09).
 *
 * Where each step runs (decision 0010 §5): sharp is loaded only by the consumer, never by the web
 * server, so the server's bundle and cold start stay as they are; the page shows "checking" for the
 * second the inspection takes.
 */
import * as z from 'zod/mini';
import { processImageMessage } from '../../events/process-image';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import {
  type CropKind,
  type CropRect,
  cropKinds,
  type RenditionFormat,
  socialRectOf,
  validateCropRect,
} from '../images/crop-kinds';
import { ImageRefusedError, maxOriginalBytes } from '../images/refusals';
import { ConflictError, type LocalizedMessage, NotFoundError, ValidationError } from '../kernel/errors';
import type { FileStore } from '../kernel/ports';
import { parseInput } from '../kernel/validate';
import type { Crop, Image, ImageStatus } from './image';
import { type EventActor, eventActor } from './save-event';

/** What the web server's image use cases need: the table, clock, ids, the queue and the S3 port. */
export type ImageDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues'> & { files: FileStore };
/** What the consumer needs: no queue, no ids. */
export type ImageWorkDeps = Pick<Deps, 'db' | 'clock' | 'log'> & { files: FileStore };

/** How long the signed upload form works: long enough for 10 MB on a slow line. */
export const imageUploadFormSeconds = 15 * 60;
/** An image never attached to an event is removed by TTL after this long. */
export const unattachedImageSeconds = 24 * 3600;
/** The queue the consumer reads (infra/wiring.ts). */
export const imageQueue = 'processImage';

/** A stored rendition, as the Crop item keeps it (shared/images/crops.ts `StoredRendition`). */
export interface RenditionView {
  width: number;
  height: number;
  format: RenditionFormat;
  contentType: string;
  key: string;
  sizeBytes: number;
}

/** One crop and its renditions, for `srcset` (keys in the `images` bucket, served by CloudFront). */
export interface CropView {
  rect: CropRect;
  renditions: RenditionView[];
  /** The widest JPEG: the `src` beside `srcset`, and the share image of `social`. */
  primaryKey?: string;
}

/** Where an image stands, as the page shows it. */
export interface ImageView {
  imageId: string;
  status: ImageStatus;
  /** Set when `refused`: the reason's code and its message in both languages. */
  refusal?: { code: string; message: LocalizedMessage };
  /** Upright size in pixels, once inspected (`ready` and after): the cropper works in these. */
  width?: number;
  height?: number;
  /** The rectangles last asked for, to show the cropper where the organizer left it. */
  requested?: Partial<Record<CropKind, CropRect>>;
  /** The crops rendered so far (a re-crop in progress still shows the previous ones). */
  crops: Partial<Record<CropKind, CropView>>;
}

export const imageNotFound = () => new NotFoundError({ fr: 'L’image', en: 'The image' });

/** Confirmed before the browser's upload reached the bucket: the image stays `uploading`. */
export class ImageNotReceivedError extends ConflictError {
  constructor() {
    super('image_not_received', {
      fr: 'L’image n’est pas encore arrivée. Attendez la fin de l’envoi, ou envoyez-la de nouveau.',
      en: 'The image has not arrived yet. Wait until the upload ends, or send it again.',
    });
  }
}

/** Crops chosen for an image that is not (or no longer) ready to be cropped. */
export class ImageNotReadyError extends ConflictError {
  constructor(image: Pick<Image, 'status' | 'refusal'>) {
    const refused = image.status === 'refused' && image.refusal;
    super(
      refused ? 'image_refused' : 'image_not_ready',
      refused
        ? {
            fr: `Cette image a été refusée : ${image.refusal?.fr} Envoyez-en une autre.`,
            en: `This image was refused: ${image.refusal?.en} Send another one.`,
          }
        : {
            fr: 'L’image est encore en cours de vérification. Attendez quelques secondes, puis recadrez-la.',
            en: 'The image is still being checked. Wait a few seconds, then crop it.',
          },
    );
  }
}

/** A refusal of the original (`ImageRefusedError`, shared/images/refusals.ts), as the Image item keeps it. */
interface Refusal {
  code: string;
  fr: string;
  en: string;
}

const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** The original's key: under the organization, so its folder can be emptied with it. */
export const originalKey = (orgId: string, imageId: string) => `images/${orgId}/${imageId}`;

/** The image, if it exists and the actor may see it; `imageNotFound` otherwise (forged ids included). */
async function ownImage(
  deps: Pick<Deps, 'db'>,
  actor: z.output<typeof eventActor>,
  imageId: string,
): Promise<Image> {
  const image = (await deps.db.calendar.entities.image.get({ imageId }).go({ consistent: true })).data;
  if (!image || (!actor.staff && image.orgId !== actor.orgId)) throw imageNotFound();
  return image;
}

function isCropKind(kind: string): kind is CropKind {
  return (cropKinds as readonly string[]).includes(kind);
}

function view(image: Image, crops: Crop[]): ImageView {
  const views: Partial<Record<CropKind, CropView>> = {};
  for (const crop of crops) {
    if (!isCropKind(crop.kind)) continue;
    views[crop.kind] = {
      rect: { left: crop.left, top: crop.top, width: crop.width, height: crop.height },
      renditions: (crop.renditions as RenditionView[] | undefined) ?? [],
      ...(crop.primaryKey ? { primaryKey: crop.primaryKey } : {}),
    };
  }
  return {
    imageId: image.imageId,
    status: image.status,
    ...(image.refusal
      ? {
          refusal: {
            code: image.refusal.code,
            message: { fr: image.refusal.fr, en: image.refusal.en },
          },
        }
      : {}),
    ...(image.width !== undefined && image.height !== undefined
      ? { width: image.width, height: image.height }
      : {}),
    ...(image.requestedCrops
      ? { requested: image.requestedCrops as Partial<Record<CropKind, CropRect>> }
      : {}),
    crops: views,
  };
}

async function cropsOf(deps: Pick<Deps, 'db'>, imageId: string): Promise<Crop[]> {
  return (await deps.db.calendar.entities.crop.query.byImage({ imageId }).go()).data;
}

const startInput = z.object({
  actor: eventActor,
  /**
   * For a form posted without JavaScript: S3 answers the upload with a redirect to this URL, with
   * `image=<imageId>` added to its query so that page can confirm it. Signed into the policy.
   */
  successRedirect: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(1024))),
});

/**
 * Starts an upload for the session's organization: an Image item `uploading` (removed by TTL if
 * never attached to an event) and the form the browser posts to S3, to the key
 * `images/<orgId>/<imageId>` of the `uploads` bucket, holding 1 byte to 10 MiB (S3 refuses more),
 * valid 15 minutes. The stored type is `application/octet-stream` whatever the browser says: the
 * file is judged by its bytes only, and the original itself is never served.
 */
export async function startImageUpload(
  deps: ImageDeps,
  input: { actor: EventActor; successRedirect?: string },
): Promise<{
  image: ImageView;
  upload: {
    method: 'POST';
    url: string;
    fields: Record<string, string>;
    maxBytes: number;
    expiresAt: string;
  };
}> {
  const { actor, successRedirect } = parseInput(startInput, input);
  const now = deps.clock.now();
  const imageId = deps.ids();
  const item = (
    await deps.db.calendar.entities.image
      .create({
        imageId,
        orgId: actor.orgId,
        objectKey: originalKey(actor.orgId, imageId),
        status: 'uploading',
        createdBy: actor.userId,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + unattachedImageSeconds,
      })
      .go()
  ).data as Image;
  let redirect: string | undefined;
  if (successRedirect) {
    const target = new URL(successRedirect);
    target.searchParams.set('image', imageId);
    redirect = target.toString();
  }
  const form = await deps.files.presignUpload({
    bucket: 'uploads',
    key: item.objectKey,
    contentType: 'application/octet-stream',
    maxBytes: maxOriginalBytes,
    expiresInSeconds: imageUploadFormSeconds,
    ...(redirect ? { successRedirect: redirect } : {}),
  });
  return {
    image: view(item, []),
    upload: {
      method: 'POST',
      ...form,
      maxBytes: maxOriginalBytes,
      expiresAt: new Date(now.getTime() + imageUploadFormSeconds * 1000).toISOString(),
    },
  };
}

const imageInput = z.object({ actor: eventActor, imageId: idSchema });

/**
 * The browser says its upload ended: the object must be there, of 1 byte to 10 MiB (S3's policy
 * holds this too; a larger or empty object is refused and deleted here at once, with its message).
 * The image becomes `checking` and its inspection is queued. Confirming again answers where the
 * image stands; while it is `checking`, the inspection is queued again (a publish lost after the
 * write is redone, and the consumer does nothing twice).
 */
export async function confirmImageUpload(
  deps: ImageDeps,
  input: { actor: EventActor; imageId: string },
): Promise<ImageView> {
  const { actor, imageId } = parseInput(imageInput, input);
  const image = await ownImage(deps, actor, imageId);
  if (image.status === 'checking') {
    await publish(deps, { v: 1, action: 'inspect', imageId });
    return view(image, []);
  }
  if (image.status !== 'uploading') return view(image, await cropsOf(deps, imageId));
  const stored = await deps.files.head({ bucket: 'uploads', key: image.objectKey });
  if (!stored) throw new ImageNotReceivedError();
  if (stored.size === 0 || stored.size > maxOriginalBytes) {
    const refused = new ImageRefusedError(stored.size === 0 ? 'empty' : 'too_large');
    await refuse(deps, image, refusalOf(refused), 'uploading');
    throw refused;
  }
  try {
    await deps.db.calendar.entities.image
      .patch({ imageId })
      .set({ status: 'checking', bytes: stored.size, etag: stored.etag, updatedAt: now(deps) })
      .where(({ status }, { eq }) => eq(status, 'uploading'))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A concurrent confirmation moved it on (it also queued the inspection).
    return readImage(deps, { actor, imageId });
  }
  await publish(deps, { v: 1, action: 'inspect', imageId });
  return { ...view(image, []), status: 'checking' };
}

/** A rectangle as a form posts it: numbers, or digits in strings. */
const rectField = z.object({
  left: z.unknown(),
  top: z.unknown(),
  width: z.unknown(),
  height: z.unknown(),
});
const cropsInput = z.object({ actor: eventActor, imageId: idSchema, calendar: rectField, sheet: rectField });

/** Digits in a string (a form field) become a number; anything else is left for the checks to refuse. */
const toNumber = (value: unknown) =>
  typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value;

/**
 * `validateCropRect` (shared/images/crop-kinds.ts) on a rectangle as the form posted it, its
 * issues put under the crop's name (`calendar`, `calendar.left`…) for the form to show by the field.
 */
function checkRect(
  size: { width: number; height: number },
  kind: CropKind,
  raw: Record<keyof CropRect, unknown>,
): CropRect {
  const rect = {
    left: toNumber(raw.left),
    top: toNumber(raw.top),
    width: toNumber(raw.width),
    height: toNumber(raw.height),
  } as CropRect;
  try {
    return validateCropRect(size, kind, rect);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.issues.map((issue) => ({
        path: issue.path === 'rect' || issue.path === '' ? kind : `${kind}.${issue.path}`,
        message: issue.message,
      })),
      error.userMessage,
    );
  }
}

/** A refusal as the Image item keeps it. */
function refusalOf(error: ImageRefusedError): Refusal {
  return { code: error.code, fr: error.userMessage.fr, en: error.userMessage.en };
}

/**
 * Records the organizer's two rectangles, in upright pixels of the original, and queues their
 * rendering: `calendar` (3:4, required to save the event) and `sheet` (16:9); the social image is
 * cut from the sheet crop (`socialRectOf`). Each rectangle is checked against the image's size
 * (inside it, the kind's ratio within 1 %, at least the smallest rendition); a refusal names the
 * crop (`calendar` or `sheet`) in its issue's path, and nothing is written. Allowed once the image
 * is `ready`, and again later (a new request replaces the one being rendered).
 */
export async function recordImageCrops(
  deps: ImageDeps,
  input: {
    actor: EventActor;
    imageId: string;
    calendar: Record<keyof CropRect, number | string>;
    sheet: Record<keyof CropRect, number | string>;
  },
): Promise<ImageView> {
  const { actor, imageId, ...rects } = parseInput(cropsInput, input);
  const image = await ownImage(deps, actor, imageId);
  if (!['ready', 'cropping', 'cropped'].includes(image.status) || !image.width || !image.height) {
    throw new ImageNotReadyError(image);
  }
  const size = { width: image.width, height: image.height };
  const calendar = checkRect(size, 'calendar', rects.calendar);
  const sheet = checkRect(size, 'sheet', rects.sheet);
  const requested: Record<CropKind, CropRect> = {
    calendar,
    sheet,
    social: checkRect(size, 'social', socialRectOf(sheet)),
  };
  const requestId = deps.ids();
  try {
    await deps.db.calendar.entities.image
      .patch({ imageId })
      .set({ status: 'cropping', requestedCrops: requested, cropRequestId: requestId, updatedAt: now(deps) })
      .where(
        ({ status }, { eq }) =>
          `${eq(status, 'ready')} OR ${eq(status, 'cropping')} OR ${eq(status, 'cropped')}`,
      )
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ImageNotReadyError(await ownImage(deps, actor, imageId));
  }
  await publish(deps, { v: 1, action: 'crop', imageId, requestId });
  return {
    ...view(image, await cropsOf(deps, imageId)),
    status: 'cropping',
    requested,
  };
}

/** Where the image stands, with its crops: for the event form (and its polling while checking or cropping). */
export async function readImage(
  deps: Pick<Deps, 'db'>,
  input: { actor: EventActor; imageId: string },
): Promise<ImageView> {
  const { actor, imageId } = parseInput(imageInput, input);
  const image = await ownImage(deps, actor, imageId);
  return view(image, await cropsOf(deps, imageId));
}

/** How long the link to an original works: the time to choose the crops (the page asks again). */
export const originalLinkSeconds = 30 * 60;

/**
 * A short-lived GET link to the original, so the organizer sees the image they crop (ORG-06); only
 * once it was inspected (`ready` and after: a refused or unchecked file is never handed out), and
 * only to its organization (or staff). The type is the one read from the bytes, never the browser's.
 */
export async function originalImageUrl(
  deps: Pick<Deps, 'db' | 'clock'> & { files: Pick<FileStore, 'presignDownload'> },
  input: { actor: EventActor; imageId: string },
): Promise<{ url: string; expiresAt: string }> {
  const { actor, imageId } = parseInput(imageInput, input);
  const image = await ownImage(deps, actor, imageId);
  if (!['ready', 'cropping', 'cropped'].includes(image.status) || !image.contentType) {
    throw new ImageNotReadyError(image);
  }
  const { url } = await deps.files.presignDownload({
    bucket: 'uploads',
    key: image.objectKey,
    fileName: `${image.imageId}.${image.contentType.split('/')[1] ?? 'img'}`,
    contentType: image.contentType,
    expiresInSeconds: originalLinkSeconds,
  });
  return { url, expiresAt: new Date(deps.clock.now().getTime() + originalLinkSeconds * 1000).toISOString() };
}

async function publish(deps: Pick<Deps, 'queues'>, message: z.input<typeof processImageMessage>) {
  await deps.queues.publish(imageQueue, [parseInput(processImageMessage, message)]);
}

const now = (deps: Pick<Deps, 'clock'>) => deps.clock.now().toISOString();

/**
 * Marks the image refused (if it is still in `from`) and deletes its original. Item first: a crash
 * between the two leaves a refused image whose file a retry (or the consumer's next look at it)
 * deletes; the other order could leave an image waiting on a file that is gone.
 */
async function refuse(
  deps: Pick<Deps, 'db' | 'clock'> & { files: Pick<FileStore, 'delete'> },
  image: Image,
  refusal: Refusal,
  from: ImageStatus,
): Promise<void> {
  try {
    await deps.db.calendar.entities.image
      .patch({ imageId: image.imageId })
      .set({ status: 'refused', refusal, updatedAt: now(deps) })
      .where(({ status }, { eq }) => eq(status, from))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  await deps.files.delete({ bucket: 'uploads', key: image.objectKey });
}

// --- The consumer's steps (functions/queue/process-image.ts) ----------------------------------------

/** What the consumer's image work needs from shared/images, passed in so this module never loads sharp. */
export interface ImageWork {
  inspectOriginal(
    bytes: Uint8Array,
  ): Promise<{ contentType: string; width: number; height: number; sizeBytes: number }>;
  /** Decodes once and renders + stores every kind; returns what each Crop item keeps. */
  renderAndStore(
    files: Pick<FileStore, 'put'>,
    imageId: string,
    bytes: Uint8Array,
    crops: Record<CropKind, CropRect>,
  ): Promise<Record<CropKind, RenditionView[]>>;
}

export type ImageWorkOutcome = 'ready' | 'refused' | 'cropped' | 'skipped' | 'missing';

/**
 * Runs one process-image message. Idempotent: the Image item's status (and, for crops, its
 * `cropRequestId`) says whether the message is still wanted, each write is conditioned on them,
 * and a message read twice or late does nothing. A crash between storing renditions and writing
 * the Crop items leaves files nothing points at yet; the retry renders the same files under the
 * same keys (the key holds the file's hash) and writes the items with the image's new status in one
 * transaction, so it ends as a single run would.
 */
export async function processImage(
  deps: ImageWorkDeps,
  work: ImageWork,
  message: z.output<typeof processImageMessage>,
): Promise<ImageWorkOutcome> {
  const image = (
    await deps.db.calendar.entities.image.get({ imageId: message.imageId }).go({ consistent: true })
  ).data;
  if (!image) {
    deps.log.warn('image message for no image', { imageId: message.imageId, action: message.action });
    return 'missing';
  }
  if (image.status === 'refused') {
    // A refusal whose delete did not happen (crash, or a message of before it): finish it.
    await deps.files.delete({ bucket: 'uploads', key: image.objectKey });
    return 'refused';
  }
  if (message.action === 'inspect') {
    return image.status === 'checking' ? inspect(deps, work, image) : 'skipped';
  }
  if (image.status !== 'cropping' || image.cropRequestId !== message.requestId) return 'skipped';
  return crop(deps, work, image, message.requestId);
}

/** Reads the whole original (at most 10 MiB + 1 byte, so a larger one shows as larger). */
async function readOriginal(deps: ImageWorkDeps, image: Image) {
  const read = await deps.files.readStart({
    bucket: 'uploads',
    key: image.objectKey,
    length: maxOriginalBytes + 1,
  });
  // Only our own refusal deletes it: anything else is an error to retry, then dead-letter.
  if (!read) throw new Error(`The original of image ${image.imageId} is not in the bucket`);
  return read;
}

async function inspect(deps: ImageWorkDeps, work: ImageWork, image: Image): Promise<ImageWorkOutcome> {
  const read = await readOriginal(deps, image);
  let inspected: Awaited<ReturnType<ImageWork['inspectOriginal']>>;
  try {
    inspected = await work.inspectOriginal(read.bytes);
  } catch (error) {
    if (!(error instanceof ImageRefusedError)) throw error;
    deps.log.info('image refused', { imageId: image.imageId, reason: error.code });
    await refuse(deps, image, refusalOf(error), 'checking');
    return 'refused';
  }
  try {
    await deps.db.calendar.entities.image
      .patch({ imageId: image.imageId })
      .set({
        status: 'ready',
        width: inspected.width,
        height: inspected.height,
        contentType: inspected.contentType,
        bytes: inspected.sizeBytes,
        etag: read.etag,
        updatedAt: now(deps),
      })
      .where(({ status }, { eq }) => eq(status, 'checking'))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return 'skipped';
  }
  return 'ready';
}

async function crop(
  deps: ImageWorkDeps,
  work: ImageWork,
  image: Image,
  requestId: string,
): Promise<ImageWorkOutcome> {
  const read = await readOriginal(deps, image);
  const refuseWith = async (refusal: Refusal) => {
    deps.log.warn('image refused when cropped', { imageId: image.imageId, reason: refusal.code });
    await refuse(deps, image, refusal, 'cropping');
    return 'refused' as const;
  };
  // The form stays valid 15 minutes: an object posted again after the inspection is not that one.
  if (image.etag && read.etag !== image.etag) return refuseWith(refusalOf(new ImageRefusedError('replaced')));
  const requested = image.requestedCrops as Record<CropKind, CropRect>;
  let stored: Record<CropKind, RenditionView[]>;
  try {
    stored = await work.renderAndStore(deps.files, image.imageId, read.bytes, requested);
  } catch (error) {
    if (!(error instanceof ImageRefusedError)) throw error;
    return refuseWith(refusalOf(error));
  }
  const at = now(deps);
  const result = await deps.db.calendar.transaction
    .write(({ crop: crops, image: images }) => [
      ...cropKinds.map((kind) =>
        crops
          .put({
            imageId: image.imageId,
            kind,
            orgId: image.orgId,
            requestId,
            ...requested[kind],
            renditions: stored[kind],
            primaryKey: primaryOf(stored[kind]),
            createdAt: at,
          })
          .commit(),
      ),
      images
        .patch({ imageId: image.imageId })
        .set({ status: 'cropped', updatedAt: at })
        .where(
          ({ status, cropRequestId }, { eq }) =>
            `${eq(status, 'cropping')} AND ${eq(cropRequestId, requestId)}`,
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
    // A newer request (its own message renders it) or a duplicate that finished first.
    deps.log.info('crop request superseded', { imageId: image.imageId, requestId });
    return 'skipped';
  }
  return 'cropped';
}

/** The widest JPEG rendition's key. */
function primaryOf(renditions: RenditionView[]): string | undefined {
  return renditions.filter((rendition) => rendition.format === 'jpeg').sort((a, b) => b.width - a.width)[0]
    ?.key;
}
