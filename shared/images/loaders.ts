/**
 * Defence in depth for the function that reads uploaded originals (ORG-06, decision 0010 §5): libvips
 * itself is told to load nothing but JPEG, PNG and WebP from memory, so even if a check of
 * original.ts were wrong, an SVG, TIFF, GIF, HEIF, PDF or any other format libvips knows cannot be
 * decoded in this process. Raw pixels (what `decodeOriginal` hands to every rendition) are not a
 * loader and stay allowed. Process-wide: called at the consumer's cold start, never by shared code
 * that the web server or the tests' own process might load.
 */
import sharp from 'sharp';

/** libvips loader classes left open: the in-memory loaders of the three accepted formats. */
export const allowedLoaders = [
  'VipsForeignLoadJpegBuffer',
  'VipsForeignLoadPngBuffer',
  'VipsForeignLoadWebpBuffer',
] as const;

/** Blocks every libvips loader, then opens `allowedLoaders` again. Idempotent. */
export function restrictImageLoaders(): void {
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: [...allowedLoaders] });
}
