/**
 * The crop kinds of an event image (ORG-06) and their shapes: what the calendar domain stores and
 * the pages lay out, without the image library (shared/images/crops.ts renders them with sharp,
 * which only the crop function loads). Decision 0010.
 */

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
