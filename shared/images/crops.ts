/**
 * The crops of an event image (ORG-06) and their renditions: the organizer chooses a rectangle of
 * the original per kind, in the browser; the server cuts it from the original (never from a crop
 * the browser made) and encodes every width the pages ask for, in WebP and JPEG, for `srcset`.
 * See docs/decisions/0010-image-pipeline.md for the sizes and the measured cost.
 */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import * as z from 'zod/mini';
import type { FileBucket, FileStore } from '../kernel/ports';
import { parseInput } from '../kernel/validate';
import {
  type CropKind,
  type CropRect,
  cropKindSpecs,
  type RenditionFormat,
  renditionWidths,
  validateCropRect,
} from './crop-kinds';
import { decodeOptions, readOriginalHeader } from './original';

// The rules on rectangles live with the kinds, without sharp (the web server checks them too).
export { renditionWidths, socialRectOf, validateCropRect } from './crop-kinds';

const kindSchema = z.enum(['calendar', 'sheet', 'social']);

/**
 * An original decoded once, upright, in sRGB (CMYK and ICC profiles converted, alpha flattened on
 * white), 8 bits per channel: every rendition of every kind is cut from these pixels, so the file
 * is decoded once per image whatever the number of renditions. `scale` is decoded / original size
 * (1, ½, ¼ or ⅛); crop rectangles stay in original pixels.
 */
export interface DecodedOriginal {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 3;
  original: { width: number; height: number };
  scale: number;
}

/** How much smaller than its rectangle a crop may be decoded and still fill its widest rendition. */
function slack(kind: CropKind, rect: CropRect): number {
  const widest = Math.max(...renditionWidths(kind, rect.width));
  return rect.width / widest;
}

/**
 * Decodes an original for `renderCrops`, after the same header checks as `inspectOriginal` (size,
 * magic bytes, declared pixels): a file that changed in the bucket since it was inspected is
 * judged again before it is decoded. Given the crops to be cut, it decodes at the smallest scale
 * (1, ½, ¼, ⅛) that still gives each its widest rendition without upscaling: a JPEG is then
 * decoded at that scale directly (libjpeg's DCT scaling), 4 times fewer pixels at ½ (a 4000×3000
 * original whose sheet crop is 4000 wide needs only 2000 for the 1920 rendition).
 */
export async function decodeOriginal(
  bytes: Uint8Array,
  crops: { kind: CropKind; rect: CropRect }[] = [],
): Promise<DecodedOriginal> {
  const header = await readOriginalHeader(bytes);
  const room = crops.length === 0 ? 1 : Math.min(...crops.map(({ kind, rect }) => slack(kind, rect)));
  const divisor = [8, 4, 2].find((candidate) => candidate <= room) ?? 1;
  let pipeline = sharp(bytes, decodeOptions);
  if (divisor > 1) pipeline = pipeline.resize(Math.ceil(header.width / divisor));
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`Decoded original has ${info.channels} channels, not 3`);
  return {
    pixels: data,
    width: info.width,
    height: info.height,
    channels: 3,
    original: { width: header.width, height: header.height },
    scale: info.width / header.width,
  };
}

/** One encoded rendition of a crop. */
export interface Rendition {
  kind: CropKind;
  width: number;
  height: number;
  format: RenditionFormat;
  contentType: 'image/webp' | 'image/jpeg';
  extension: 'webp' | 'jpg';
  bytes: Buffer;
}

/**
 * Encoders (measured in decision 0010): JPEG quality 80, progressive, 4:2:0, libjpeg-turbo (mozjpeg's
 * trellis took twice the time for 9 % fewer bytes); WebP quality 75, effort 2 (effort 4 took 2.4
 * times the time for 4 % fewer bytes). Outputs carry no metadata (no EXIF, no GPS position, no ICC
 * profile: they are sRGB, which browsers assume).
 */
function encode(pipeline: Sharp, format: RenditionFormat): Sharp {
  return format === 'jpeg'
    ? pipeline.jpeg({ quality: 80, progressive: true, chromaSubsampling: '4:2:0' })
    : pipeline.webp({ quality: 75, effort: 2 });
}

/**
 * Every rendition of one crop of the original: each width of `renditionWidths`, in each format of
 * the kind, at the kind's exact ratio. `original` is the uploaded file (decoded here) or what
 * `decodeOriginal` returned, to cut several kinds from one decode (pass it all the crops). The
 * rectangle, in original pixels, is checked against the original first (`validateCropRect`).
 */
export async function renderCrops(
  original: Uint8Array | DecodedOriginal,
  kind: CropKind,
  rect: CropRect,
): Promise<Rendition[]> {
  const decoded =
    original instanceof Uint8Array ? await decodeOriginal(original, [{ kind, rect }]) : original;
  const checked = validateCropRect(decoded.original, kind, rect);
  const spec = cropKindSpecs[kind];
  const widths = renditionWidths(kind, checked.width);
  // The rectangle in decoded pixels (the same when decoded at full size).
  const left = Math.min(decoded.width - 1, Math.round(checked.left * decoded.scale));
  const top = Math.min(decoded.height - 1, Math.round(checked.top * decoded.scale));
  const region = {
    left,
    top,
    width: Math.min(decoded.width - left, Math.round(checked.width * decoded.scale)),
    height: Math.min(decoded.height - top, Math.round(checked.height * decoded.scale)),
  };
  if (region.width < Math.max(...widths)) {
    throw new Error(`Original decoded at scale ${decoded.scale}, too small for this ${kind} crop`);
  }
  // A new pipeline over the same decoded pixels per rendition, not `clone()` of one: a clone of a
  // raw-pixel input cost about 400 ms of CPU each here, a fresh pipeline reads the buffer in place.
  const cut = () =>
    sharp(decoded.pixels, {
      raw: { width: decoded.width, height: decoded.height, channels: decoded.channels },
    }).extract(region);
  const jobs = widths.flatMap((width) =>
    spec.formats.map(async (format): Promise<Rendition> => {
      const height = Math.round(width / spec.ratio);
      const resized = cut().resize(width, height, { fit: 'cover', position: 'centre' });
      const bytes = await encode(resized, format).toBuffer();
      return {
        kind,
        width,
        height,
        format,
        contentType: format === 'jpeg' ? 'image/jpeg' : 'image/webp',
        extension: format === 'jpeg' ? 'jpg' : 'webp',
        bytes,
      };
    }),
  );
  return Promise.all(jobs);
}

/** Renditions never change under a key (the key holds their hash): caches may keep them a year. */
export const renditionCacheControl = 'public, max-age=31536000, immutable';

/** The bucket CloudFront serves renditions from. */
export const renditionBucket: FileBucket = 'images';

/** A stored rendition, as the Crop item keeps it and pages build `srcset` from. */
export interface StoredRendition {
  width: number;
  height: number;
  format: RenditionFormat;
  contentType: Rendition['contentType'];
  key: string;
  sizeBytes: number;
}

const imageIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/**
 * The key of a rendition: `images/<imageId>/<kind>-<width>-<hash>.<ext>`, the hash being the first
 * 16 hex digits of the file's SHA-256. A new crop of the same image gets new keys, so a cached old
 * rendition is never shown for a new crop, and the files can be cached as immutable.
 */
export function renditionKey(imageId: string, rendition: Rendition): string {
  const hash = createHash('sha256').update(rendition.bytes).digest('hex').slice(0, 16);
  return `images/${imageId}/${rendition.kind}-${rendition.width}-${hash}.${rendition.extension}`;
}

/**
 * Writes the renditions of one crop to the images bucket, with their type and a year-long immutable
 * cache, and returns what the Crop item keeps. Renditions of a previous crop are left in place (a
 * page still cached may point at them); they go with the image (`deleteUnder images/<imageId>/`).
 */
export async function storeCrops(
  files: Pick<FileStore, 'put'>,
  imageId: string,
  kind: CropKind,
  renditions: Rendition[],
): Promise<StoredRendition[]> {
  parseInput(imageIdSchema, imageId);
  parseInput(kindSchema, kind);
  return Promise.all(
    renditions.map(async (rendition) => {
      if (rendition.kind !== kind) throw new Error(`A ${rendition.kind} rendition stored as ${kind}`);
      const key = renditionKey(imageId, rendition);
      await files.put({
        bucket: renditionBucket,
        key,
        body: rendition.bytes,
        contentType: rendition.contentType,
        cacheControl: renditionCacheControl,
      });
      return {
        width: rendition.width,
        height: rendition.height,
        format: rendition.format,
        contentType: rendition.contentType,
        key,
        sizeBytes: rendition.bytes.byteLength,
      };
    }),
  );
}

/**
 * Every kind of an image from one decode of its original (ORG-06): `decodeOriginal` with all the
 * crops, then each kind rendered and stored in turn (one kind's buffers are released before the
 * next is encoded). What the process-image consumer runs for a crop request; returns, per kind,
 * what its Crop item keeps.
 */
export async function renderAndStoreCrops(
  files: Pick<FileStore, 'put'>,
  imageId: string,
  original: Uint8Array,
  crops: Record<CropKind, CropRect>,
): Promise<Record<CropKind, StoredRendition[]>> {
  const kinds = Object.keys(cropKindSpecs) as CropKind[];
  const decoded = await decodeOriginal(
    original,
    kinds.map((kind) => ({ kind, rect: crops[kind] })),
  );
  const stored = {} as Record<CropKind, StoredRendition[]>;
  for (const kind of kinds) {
    stored[kind] = await storeCrops(files, imageId, kind, await renderCrops(decoded, kind, crops[kind]));
  }
  return stored;
}
