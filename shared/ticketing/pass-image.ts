/**
 * A pass's theme image (« visuel thématique », TIX-08). It is an image like an event's (ORG-06):
 * uploaded, checked, cropped by the same pipeline (shared/calendar/event-images.ts), an image of the
 * pass's selling organization. Staff upload it from the console with an actor acting for that
 * organization; `attachPassImage` then names it on the pass, and the pages read its crops here:
 * the calendar crop for the « Passes » tab's cards, the sheet crop for the pass's page, the social
 * crop for its share image.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import { imageNotFound, type RenditionView } from '../calendar/event-images';
import type { Crop } from '../calendar/image';
import type { Deps } from '../deps';
import { ConflictError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { PassChangedError, passNotFound } from './errors';
import type { Pass } from './pass';
import { passActor } from './passes';

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** The image has no calendar crop yet: a pass's card could not show it. Nothing was written. */
export class PassImageNotCroppedError extends ConflictError {
  constructor() {
    super('calendar_crop_missing', {
      fr: 'L’image doit être recadrée pour le calendrier avant d’être associée à la passe.',
      en: 'The image must be cropped for the calendar before it is attached to the pass.',
    });
  }
}

const attachInput = z.object({
  actor: passActor,
  passId: id(),
  imageId: id(),
  /** The `version` of the pass staff loaded. */
  expectedVersion: z.int().check(z.minimum(1)),
});

const removeInput = z.object({
  actor: passActor,
  passId: id(),
  expectedVersion: z.int().check(z.minimum(1)),
});

async function currentPass(deps: Pick<Deps, 'db'>, passId: string, expectedVersion: number): Promise<Pass> {
  const pass = (await deps.db.ticketing.entities.pass.get({ passId }).go({ consistent: true })).data;
  if (!pass) throw passNotFound();
  if (pass.version !== expectedVersion) throw new PassChangedError();
  return pass;
}

/**
 * TIX-08: the pass shows this image from now on. As an event's (`attachEventImage`), the image must
 * be the selling organization's and already cropped for the calendar; in one transaction
 * conditioned on the version staff loaded, the pass names it and the image loses its 24-hour expiry
 * (an image never attached is removed by TTL), so a refused write never keeps an orphan image.
 */
export async function attachPassImage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof attachInput>,
): Promise<{ version: number }> {
  const { actor, passId, imageId, expectedVersion } = parseInput(attachInput, input);
  const current = await currentPass(deps, passId, expectedVersion);
  const { image, crop } = deps.db.calendar.entities;
  const stored = (await image.get({ imageId }).go({ consistent: true })).data;
  if (!stored || stored.orgId !== current.orgId) throw imageNotFound();
  const version = current.version + 1;
  const result = await createWriteTransaction({ pass: deps.db.ticketing.entities.pass, image, crop }, (e) => [
    e.pass
      .patch({ passId })
      .set({ imageId, version, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId })
      .where((attr, { eq }) => `${eq(attr.version, current.version)} AND ${eq(attr.orgId, current.orgId)}`)
      .commit(),
    e.image
      .patch({ imageId })
      .remove(['expiresAt'])
      .where((attr, { eq }) => eq(attr.orgId, current.orgId))
      .commit(),
    e.crop
      .check({ imageId, kind: 'calendar' })
      .where((attr, { eq }) => eq(attr.orgId, current.orgId))
      .commit(),
  ]).go();
  if (result.canceled) {
    const reasons = (result.data as { code?: string }[]).map((reason) => reason.code);
    if (reasons[2] === 'ConditionalCheckFailed') throw new PassImageNotCroppedError();
    if (reasons[1] === 'ConditionalCheckFailed') throw imageNotFound();
    throw new PassChangedError();
  }
  return { version };
}

/**
 * TIX-08: the pass is shown without an image again. The image itself stays stored, as an event's
 * former image does (it may be attached again).
 */
export async function removePassImage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof removeInput>,
): Promise<{ version: number }> {
  const { actor, passId, expectedVersion } = parseInput(removeInput, input);
  const current = await currentPass(deps, passId, expectedVersion);
  if (!current.imageId) return { version: current.version };
  const version = current.version + 1;
  const result = await deps.db.ticketing.transaction
    .write(({ pass }) => [
      pass
        .patch({ passId })
        .set({ version, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId })
        .remove(['imageId'])
        .where((attr, { eq }) => eq(attr.version, current.version))
        .commit(),
    ])
    .go();
  if (result.canceled) throw new PassChangedError();
  return { version };
}

/** A crop of a pass's image as the pages use it: its renditions (for `srcset`) and its widest JPEG. */
export interface PassImageCrop {
  renditions: RenditionView[];
  primaryKey?: string;
}

const cropView = (crop: Crop | undefined): PassImageCrop | undefined => {
  const renditions = Array.isArray(crop?.renditions) ? (crop.renditions as RenditionView[]) : [];
  if (!crop || renditions.length === 0) return undefined;
  return { renditions, ...(crop.primaryKey ? { primaryKey: crop.primaryKey } : {}) };
};

/**
 * TIX-08: the calendar crops of the passes' images, by pass id, for the « Passes » tab's cards (one
 * BatchGet for the page). A pass without image, or whose renditions are not made yet, is absent.
 */
export async function passCardImages(
  deps: Pick<Deps, 'db'>,
  passes: Pick<Pass, 'passId' | 'imageId'>[],
): Promise<Map<string, PassImageCrop>> {
  const imageIds = [...new Set(passes.flatMap((pass) => (pass.imageId ? [pass.imageId] : [])))];
  const found = new Map<string, PassImageCrop>();
  if (imageIds.length === 0) return found;
  const { data } = await deps.db.calendar.entities.crop
    .get(imageIds.map((imageId) => ({ imageId, kind: 'calendar' as const })))
    .go();
  const byImage = new Map(data.map((crop) => [crop.imageId, cropView(crop)]));
  for (const pass of passes) {
    const crop = pass.imageId ? byImage.get(pass.imageId) : undefined;
    if (crop) found.set(pass.passId, crop);
  }
  return found;
}

/**
 * TIX-08, CAL-06: a pass page's header image (the sheet crop) and its share image's key (the social
 * crop when made, else the calendar crop's), as an event's sheet has them.
 */
export async function passPageImage(
  deps: Pick<Deps, 'db'>,
  pass: Pick<Pass, 'imageId'>,
): Promise<{ sheet?: PassImageCrop; shareImageKey?: string }> {
  if (!pass.imageId) return {};
  const imageId = pass.imageId;
  const { data } = await deps.db.calendar.entities.crop
    .get((['calendar', 'sheet', 'social'] as const).map((kind) => ({ imageId, kind })))
    .go();
  const of = (kind: string) => cropView(data.find((crop) => crop.kind === kind));
  const sheet = of('sheet');
  const shareImageKey = (of('social') ?? of('calendar'))?.primaryKey;
  return { ...(sheet ? { sheet } : {}), ...(shareImageKey ? { shareImageKey } : {}) };
}
