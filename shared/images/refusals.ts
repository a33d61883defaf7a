/**
 * Why an original is refused (ORG-06), without the image library: shared/images/original.ts
 * decides, the consumer records the refusal, the web server refuses an empty or too large upload
 * itself and shows every refusal. Decision 0010 §1.
 */
import { DomainError } from '../kernel/errors';

/** 10 MiB, the "10 Mo" of the guide, as for client documents; the upload policy holds it too. */
export const maxOriginalBytes = 10 * 1024 * 1024;

export type ImageRefusal =
  | 'empty'
  | 'too_large'
  | 'svg'
  | 'unsupported_format'
  | 'not_an_image'
  | 'too_many_pixels'
  | 'damaged'
  | 'too_small'
  | 'not_landscape'
  | 'wrong_ratio'
  /** The stored original changed after it was inspected (the upload form posted again). */
  | 'replaced';

/** Formats recognised only to be refused by name. */
export type RefusedFormat = 'GIF' | 'TIFF' | 'HEIC' | 'AVIF' | 'BMP' | 'PDF';

const accepted = { fr: 'JPEG, PNG ou WebP', en: 'JPEG, PNG or WebP' };

/** The original was refused; the message says why and what to send instead. */
export class ImageRefusedError extends DomainError {
  constructor(
    readonly reason: ImageRefusal,
    detail: { format?: RefusedFormat; width?: number; height?: number } = {},
  ) {
    const size = detail.width && detail.height ? `${detail.width} × ${detail.height}` : '';
    const messages: Record<ImageRefusal, { fr: string; en: string }> = {
      empty: { fr: 'Le fichier est vide.', en: 'The file is empty.' },
      too_large: {
        fr: 'L’image dépasse 10 Mo. Réduisez-la (JPEG de qualité 85, par exemple) et envoyez-la de nouveau.',
        en: 'The image is larger than 10 MB. Make it smaller (a quality 85 JPEG, for example) and send it again.',
      },
      svg: {
        fr: `Les images SVG ne sont pas acceptées, quel que soit le nom du fichier. Envoyez une image ${accepted.fr}.`,
        en: `SVG images are not accepted, whatever the file is named. Send a ${accepted.en} image.`,
      },
      unsupported_format: {
        fr: `Le format ${detail.format ?? ''} n’est pas accepté. Envoyez une image ${accepted.fr}.`,
        en: `The ${detail.format ?? ''} format is not accepted. Send a ${accepted.en} image.`,
      },
      not_an_image: {
        fr: `Ce fichier n’est pas une image. Envoyez une image ${accepted.fr}.`,
        en: `This file is not an image. Send a ${accepted.en} image.`,
      },
      too_many_pixels: {
        fr: `L’image est trop grande (${size} pixels ; au plus 50 mégapixels). Réduisez-la et envoyez-la de nouveau.`,
        en: `The image is too big (${size} pixels; at most 50 megapixels). Make it smaller and send it again.`,
      },
      damaged: {
        fr: 'L’image est endommagée ou incomplète et ne peut pas être lue. Enregistrez-la de nouveau et envoyez-la.',
        en: 'The image is damaged or incomplete and cannot be read. Save it again and send it.',
      },
      too_small: {
        fr: `L’image fait ${size} pixels ; il en faut au moins 640 × 480.`,
        en: `The image is ${size} pixels; it must be at least 640 × 480.`,
      },
      not_landscape: {
        fr: `L’image est à la verticale (${size} pixels) ; elle doit être à l’horizontale, au format 4:3 (par exemple 1600 × 1200).`,
        en: `The image is portrait (${size} pixels); it must be landscape, in 4:3 (for example 1600 × 1200).`,
      },
      wrong_ratio: {
        fr: `L’image fait ${size} pixels ; elle doit être au format 4:3 (par exemple 1600 × 1200). Recadrez-la et envoyez-la de nouveau.`,
        en: `The image is ${size} pixels; it must be in 4:3 (for example 1600 × 1200). Crop it and send it again.`,
      },
      replaced: {
        fr: 'L’image a été remplacée après sa vérification et n’a pas été conservée. Envoyez-la de nouveau.',
        en: 'The image was replaced after it was checked and was not kept. Send it again.',
      },
    };
    super(`image_${reason}`, messages[reason], { status: 422 });
  }
}
