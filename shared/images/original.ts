/**
 * The original image of an event (ORG-06), judged by its content only: the browser posts it
 * straight to S3 under a name and a type the browser chose, so neither is trusted. What is accepted
 * follows the organizers' guide (seed, parts 1 and 5): "Format 4:3, résolution minimale de
 * 640 p x 480 p, taille maximale 10 Mo, image sans texte". The original is landscape (the sheet
 * crop is horizontal, the calendar crop vertical, both cut from it); "sans texte" cannot be checked
 * by a machine and is said in the form's help (`originalGuidance`).
 *
 * Order of the checks, cheapest and safest first, so that a hostile file never reaches a decoder:
 * size, then magic bytes (SVG, GIF, TIFF, HEIC/AVIF are named and refused here, before sharp sees
 * them: an SVG can carry script, and sharp would happily rasterize it), then the header's declared
 * dimensions (read by libvips without decoding pixels: a decompression bomb is refused here), then
 * the rules on dimensions, then one decode with `limitInputPixels` as a second guard, which also
 * refuses a damaged file.
 */
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { matchesSignature } from '../crm/file-signature';
import { ImageRefusedError, maxOriginalBytes, type RefusedFormat } from './refusals';

// The refusals are sharp-free (the web server says them too): shared/images/refusals.ts.
export { type ImageRefusal, ImageRefusedError, maxOriginalBytes } from './refusals';

export const minOriginalWidth = 640;
export const minOriginalHeight = 480;
/** Width / height of an accepted original: landscape 4:3. */
export const originalRatio = 4 / 3;
/**
 * ±1 % on width / height: 640×480, 1024×768, 4032×3024 (phones) are exact, and an image cut by hand
 * a few pixels off (800×595) still passes; 3:2 camera files (6000×4000, 12 % off) and 16:9 do not.
 */
export const originalRatioTolerance = 0.01;
/**
 * At most 50 megapixels, declared or decoded: a 48 MP phone photo (8064×6048) passes. Decoded, it
 * is 150 MB of RGB, which a 1536 MB function holds; a PNG declaring 30000×30000 (900 MP, 2.7 GB)
 * is refused from its header, before any pixel is decoded.
 */
export const maxOriginalPixels = 50_000_000;

export const originalContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type OriginalContentType = (typeof originalContentTypes)[number];
export type OriginalFormat = 'jpeg' | 'png' | 'webp';

const contentTypeOf: Record<OriginalFormat, OriginalContentType> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** What the form shows next to the file field (the guide's summary). */
export const originalGuidance = {
  fr: 'Image JPEG, PNG ou WebP, à l’horizontale au format 4:3, d’au moins 640 × 480 pixels et d’au plus 10 Mo. Choisissez une image sans texte : elle sera recadrée pour le calendrier (à la verticale) et pour la fiche (à l’horizontale).',
  en: 'A JPEG, PNG or WebP image, landscape in 4:3, at least 640 × 480 pixels and at most 10 MB. Choose an image without text: it will be cropped for the calendar (vertical) and for the event sheet (horizontal).',
} as const;

/** The accepted original: its upright dimensions (EXIF orientation applied) and its real type. */
export interface InspectedOriginal {
  format: OriginalFormat;
  contentType: OriginalContentType;
  width: number;
  height: number;
  sizeBytes: number;
}

/** Everything sharp is given: the pixel limit on every decode, and no tolerance for broken data. */
export const decodeOptions: SharpOptions = {
  limitInputPixels: maxOriginalPixels,
  // 'error' refuses truncated and corrupt data; 'warning' would also refuse harmless oddities that
  // camera and phone files often carry (bytes after the end marker, unknown markers).
  failOn: 'error',
  autoOrient: true,
};

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** The accepted format these bytes start as, or why they are refused. */
function sniff(
  bytes: Uint8Array,
): OriginalFormat | { refused: 'svg' } | { refused: RefusedFormat } | undefined {
  if (matchesSignature('image/jpeg', bytes)) return 'jpeg';
  if (matchesSignature('image/png', bytes)) return 'png';
  if (matchesSignature('image/webp', bytes)) return 'webp';
  const start = ascii(bytes, 0, 12);
  if (start.startsWith('GIF8')) return { refused: 'GIF' };
  if (start.startsWith('II*\0') || start.startsWith('MM\0*')) return { refused: 'TIFF' };
  if (start.startsWith('BM')) return { refused: 'BMP' };
  if (start.startsWith('%PDF-')) return { refused: 'PDF' };
  if (start.slice(4, 8) === 'ftyp') {
    // ISO base media: the major brand says which (HEIC from iPhones, AVIF).
    return { refused: /^avi[fs]/.test(start.slice(8, 12)) ? 'AVIF' : 'HEIC' };
  }
  // SVG is text: an XML declaration, a doctype, a comment or the element itself, after an optional
  // byte order mark and white space. Looked for in the first kilobyte, whatever the file is named.
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<') && (text.includes('<svg') || text.startsWith('<?xml'))) return { refused: 'svg' };
  return undefined;
}

/**
 * Size, magic bytes and the header's dimensions of an original, without decoding a pixel: what
 * `inspectOriginal` checks first and what `renderCrops` checks again before it decodes. Returns the
 * format and the upright dimensions (EXIF orientation applied).
 */
export async function readOriginalHeader(
  bytes: Uint8Array,
): Promise<{ format: OriginalFormat; width: number; height: number }> {
  if (bytes.byteLength === 0) throw new ImageRefusedError('empty');
  if (bytes.byteLength > maxOriginalBytes) throw new ImageRefusedError('too_large');
  const sniffed = sniff(bytes);
  if (sniffed === undefined) throw new ImageRefusedError('not_an_image');
  if (typeof sniffed === 'object') {
    if (sniffed.refused === 'svg') throw new ImageRefusedError('svg');
    throw new ImageRefusedError('unsupported_format', { format: sniffed.refused });
  }
  let metadata: Metadata;
  try {
    // The header only: libvips reads the declared dimensions without decoding (no pixel limit
    // here, so that a bomb is told apart from a damaged file and its size can be said).
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefusedError('damaged');
  }
  // A PNG-named JPEG is fine (content decides), a JPEG header holding something else is not.
  if (metadata.format !== sniffed) throw new ImageRefusedError('damaged');
  const { width, height } = metadata.autoOrient;
  if (!(width > 0 && height > 0)) throw new ImageRefusedError('damaged');
  if (width * height > maxOriginalPixels) throw new ImageRefusedError('too_many_pixels', { width, height });
  return { format: sniffed, width, height };
}

/**
 * Whether an uploaded original is acceptable (ORG-06), by content only. Returns its real type and
 * upright dimensions, or throws `ImageRefusedError` (fr/en message naming the rule). The file is
 * decoded once, in full, so a truncated or corrupt one is refused now rather than when cropped.
 */
export async function inspectOriginal(bytes: Uint8Array): Promise<InspectedOriginal> {
  const { format, width, height } = await readOriginalHeader(bytes);
  if (width < minOriginalWidth || height < minOriginalHeight) {
    throw new ImageRefusedError(height > width ? 'not_landscape' : 'too_small', { width, height });
  }
  if (height > width) throw new ImageRefusedError('not_landscape', { width, height });
  if (Math.abs(width / height / originalRatio - 1) > originalRatioTolerance) {
    throw new ImageRefusedError('wrong_ratio', { width, height });
  }
  try {
    // A small output: JPEG decodes at 1/8 scale, yet every byte of the file is still read and checked.
    await sharp(bytes, decodeOptions).resize(64).raw().toBuffer();
  } catch {
    throw new ImageRefusedError('damaged');
  }
  return { format, contentType: contentTypeOf[format], width, height, sizeBytes: bytes.byteLength };
}
