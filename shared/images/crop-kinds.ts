/**
 * The crop kinds of an event image (ORG-06), their shapes and the rules on a chosen rectangle: what
 * the calendar domain stores and checks and the pages lay out, without the image library
 * (shared/images/crops.ts renders them with sharp, which only the process-image function loads).
 * Decision 0010.
 */
import * as z from 'zod/mini';
import { ValidationError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';

export type CropKind = 'calendar' | 'sheet' | 'social';
export const cropKinds: readonly CropKind[] = ['calendar', 'sheet', 'social'];
export type RenditionFormat = 'webp' | 'jpeg';

export interface CropKindSpec {
  /** Width / height of the crop and of every rendition. */
  ratio: number;
  /** How the ratio is said to people (form, messages). */
  ratioLabel: string;
  /** Rendition widths, smallest first; a crop yields those it can fill without upscaling. */
  widths: readonly number[];
  formats: readonly RenditionFormat[];
  /** Smallest crop accepted, in original pixels: the smallest rendition without upscaling. */
  minWidth: number;
  minHeight: number;
}

/**
 * - `calendar`: the vertical card of the home page, 3:4 (the original turned on its side: a 4:3
 *   original gives a crop up to 56 % of its width, full height). Cards are about 170 CSS px wide in
 *   two columns and 358 px in one on a 390 px phone, 290 px in four columns at 1280 px; at DPR 1 and
 *   2 that asks for 240, 360, 480 and 720 pixels.
 * - `sheet`: the horizontal header of the event sheet, 16:9 (full width of a 4:3 original, 75 % of
 *   its height). Full width on a phone (390 CSS px: 640 covers DPR 1.5, 960 DPR 2) and up to about
 *   960 CSS px in the sheet's column at 1280 px (960 at DPR 1, 1920 at DPR 2); 1280 in between.
 * - `social`: the Open Graph / Twitter image, 1200×630 (1.91:1), JPEG only (not every link
 *   preview reads WebP). Not chosen by the organizer: cut from the middle of the sheet crop, of
 *   which it keeps the full width and 93 % of the height (`socialRectOf`). A sheet crop narrower
 *   than 1200 gives a social image of its own width (640×336 at the least, above Facebook's 600×315).
 */
export const cropKindSpecs: Readonly<Record<CropKind, CropKindSpec>> = Object.freeze({
  calendar: {
    ratio: 3 / 4,
    ratioLabel: '3:4',
    widths: [240, 360, 480, 720],
    formats: ['webp', 'jpeg'],
    minWidth: 240,
    minHeight: 320,
  },
  sheet: {
    ratio: 16 / 9,
    ratioLabel: '16:9',
    widths: [640, 960, 1280, 1920],
    formats: ['webp', 'jpeg'],
    minWidth: 640,
    minHeight: 360,
  },
  social: {
    ratio: 1200 / 630,
    ratioLabel: '1,91:1',
    widths: [1200],
    formats: ['jpeg'],
    minWidth: 600,
    minHeight: 315,
  },
});

/**
 * ±1 % on a crop's width / height: an integer rectangle cannot always hit 3:4 or 16:9 exactly, and
 * a browser cropper rounds. Renditions are then cut to the exact ratio (at most 1 % trimmed, centred).
 */
export const cropRatioTolerance = 0.01;

/** A rectangle of the upright original (EXIF orientation applied), in pixels. */
export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const pixel = z.int().check(z.minimum(0), z.maximum(100_000));
const rectSchema = z.object({ left: pixel, top: pixel, width: pixel, height: pixel });
const kindSchema = z.enum(['calendar', 'sheet', 'social']);

/**
 * The widths a crop `cropWidth` pixels wide yields: every width of its kind it can fill without
 * upscaling (upscaling adds bytes, not detail), or its own width when it is below the smallest
 * (only a social image cut from a sheet crop under 1200 pixels).
 */
export function renditionWidths(kind: CropKind, cropWidth: number): number[] {
  const widths = cropKindSpecs[kind].widths.filter((width) => width <= cropWidth);
  return widths.length > 0 ? widths : [cropWidth];
}

/**
 * Checks a crop rectangle against its original's upright size: integers, inside the image, the
 * kind's ratio within ±1 %, at least the kind's minimum size (so no rendition is ever upscaled).
 * Returns the rectangle; throws `ValidationError` with a fr/en message.
 */
export function validateCropRect(
  original: { width: number; height: number },
  kind: CropKind,
  rect: CropRect,
): CropRect {
  parseInput(kindSchema, kind);
  const parsed = parseInput(rectSchema, rect);
  const spec = cropKindSpecs[kind];
  const refuse = (message: string, fr: string, en: string): never => {
    throw new ValidationError([{ path: 'rect', message }], { fr, en });
  };
  if (parsed.left + parsed.width > original.width || parsed.top + parsed.height > original.height) {
    refuse(
      'outside the image',
      'Le recadrage dépasse les bords de l’image. Choisissez-le de nouveau.',
      'The crop goes past the edges of the image. Choose it again.',
    );
  }
  if (parsed.width < spec.minWidth || parsed.height < spec.minHeight) {
    refuse(
      `at least ${spec.minWidth}×${spec.minHeight}`,
      `Le recadrage est trop petit : il doit faire au moins ${spec.minWidth} × ${spec.minHeight} pixels de l’image.`,
      `The crop is too small: it must cover at least ${spec.minWidth} × ${spec.minHeight} pixels of the image.`,
    );
  }
  if (Math.abs(parsed.width / parsed.height / spec.ratio - 1) > cropRatioTolerance) {
    refuse(
      `ratio ${spec.ratioLabel}`,
      `Le recadrage doit être au format ${spec.ratioLabel}.`,
      `The crop must be in ${spec.ratioLabel}.`,
    );
  }
  return parsed;
}

/** The social image's rectangle: the sheet crop's full width, its height trimmed around the middle. */
export function socialRectOf(sheet: CropRect): CropRect {
  const height = Math.min(sheet.height, Math.round(sheet.width / cropKindSpecs.social.ratio));
  return {
    left: sheet.left,
    top: sheet.top + Math.floor((sheet.height - height) / 2),
    width: sheet.width,
    height,
  };
}
