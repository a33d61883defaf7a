import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photoLike, plainJpeg, pngBomb } from './images.test-support';
import {
  ImageRefusedError,
  inspectOriginal,
  maxOriginalBytes,
  maxOriginalPixels,
  readOriginalHeader,
} from './original';

/** The refusal `inspectOriginal` throws for these bytes, with both messages. */
async function refusal(bytes: Uint8Array): Promise<ImageRefusedError> {
  const error = await inspectOriginal(bytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImageRefusedError);
  const refused = error as ImageRefusedError;
  expect(refused.status).toBe(422);
  expect(refused.userMessage.fr).toBeTruthy();
  expect(refused.userMessage.en).toBeTruthy();
  return refused;
}

describe('Originals accepted by content (ORG-06)', () => {
  it('ORG-06 accepts a 4:3 JPEG, PNG and WebP of at least 640×480 and says its real type', async () => {
    await expect(inspectOriginal(await plainJpeg(640, 480))).resolves.toMatchObject({
      format: 'jpeg',
      contentType: 'image/jpeg',
      width: 640,
      height: 480,
    });
    const png = await sharp({ create: { width: 800, height: 600, channels: 4, background: '#0000' } })
      .png()
      .toBuffer();
    await expect(inspectOriginal(png)).resolves.toMatchObject({ format: 'png', width: 800, height: 600 });
    const webp = await photoLike(1024, 768, { format: 'webp' });
    await expect(inspectOriginal(webp)).resolves.toMatchObject({
      format: 'webp',
      contentType: 'image/webp',
      sizeBytes: webp.byteLength,
    });
  });

  it('ORG-06 a PNG sent as photo.jpg is judged by its bytes: accepted as a PNG', async () => {
    // The name and the browser's type never reach this function: only the bytes do. What the
    // browser declared (image/jpeg, photo.jpg) is replaced by what the bytes are.
    const png = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const inspected = await inspectOriginal(png);
    expect(inspected).toMatchObject({ format: 'png', contentType: 'image/png' });
  });

  it('ORG-06 ratio within ±1 % of 4:3 passes (800×595), beyond it does not (3:2, 16:9, 800×590)', async () => {
    await expect(inspectOriginal(await plainJpeg(800, 595))).resolves.toMatchObject({ width: 800 });
    for (const [width, height] of [
      [1200, 800],
      [1280, 720],
      [800, 590],
    ] as const) {
      const error = await refusal(await plainJpeg(width, height));
      expect(error.code).toBe('image_wrong_ratio');
      expect(error.userMessage.fr).toContain(`${width} × ${height}`);
      expect(error.userMessage.fr).toContain('4:3');
    }
  });

  it('ORG-06 refuses a portrait 3:4 image: the original is landscape', async () => {
    const error = await refusal(await plainJpeg(1200, 1600));
    expect(error.code).toBe('image_not_landscape');
    expect(error.userMessage.en).toContain('landscape');
  });

  it('ORG-06 refuses an image under 640×480 and says its size', async () => {
    const error = await refusal(await plainJpeg(639, 479));
    expect(error.code).toBe('image_too_small');
    expect(error.userMessage.fr).toBe('L’image fait 639 × 479 pixels ; il en faut au moins 640 × 480.');
  });

  it('ORG-06 refuses a file over 10 MB before looking inside, and an empty one', async () => {
    // A valid JPEG padded past the limit: the size alone refuses it.
    const jpeg = await plainJpeg(800, 600);
    const padded = Buffer.concat([jpeg, Buffer.alloc(maxOriginalBytes + 1 - jpeg.byteLength)]);
    expect((await refusal(padded)).code).toBe('image_too_large');
    // One byte under the limit is not refused for its size.
    const atLimit = Buffer.concat([jpeg, Buffer.alloc(maxOriginalBytes - jpeg.byteLength)]);
    await expect(inspectOriginal(atLimit)).resolves.toMatchObject({ sizeBytes: maxOriginalBytes });
    expect((await refusal(new Uint8Array())).code).toBe('image_empty');
  });

  it('ORG-06 refuses what is not an image (text, PDF) and names the accepted types', async () => {
    const text = await refusal(new TextEncoder().encode('Bonjour, ceci est un fichier texte.'));
    expect(text.code).toBe('image_not_an_image');
    expect(text.userMessage.fr).toContain('JPEG, PNG ou WebP');
    const pdf = await refusal(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n'));
    expect(pdf.code).toBe('image_unsupported_format');
  });

  it('ORG-06 refuses SVG, with or without an XML declaration, whatever it contains or is named', async () => {
    const svgs = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>alert(document.cookie)</script></svg>',
      '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" onload="alert(1)"/>',
      '  <!-- a drawing -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600"><rect width="800" height="600"/></svg>',
    ];
    for (const svg of svgs) {
      const error = await refusal(new TextEncoder().encode(svg));
      expect(error.code).toBe('image_svg');
      expect(error.userMessage.en).toContain('SVG images are not accepted');
    }
  });

  it('ORG-06 refuses GIF, TIFF and HEIC/AVIF by name, with the accepted types', async () => {
    const base = sharp({ create: { width: 800, height: 600, channels: 3, background: '#884422' } });
    const gif = await base.clone().gif().toBuffer();
    const tiff = await base.clone().tiff().toBuffer();
    const avif = await base.clone().avif({ effort: 0 }).toBuffer();
    // An iPhone HEIC starts like this: box size, "ftyp", major brand "heic".
    const heic = Buffer.from([
      0,
      0,
      0,
      24,
      ...Buffer.from('ftypheic'),
      0,
      0,
      0,
      0,
      ...Buffer.from('mif1heic'),
    ]);
    for (const [bytes, name] of [
      [gif, 'GIF'],
      [tiff, 'TIFF'],
      [avif, 'AVIF'],
      [heic, 'HEIC'],
    ] as const) {
      const error = await refusal(bytes);
      expect(error.code).toBe('image_unsupported_format');
      expect(error.userMessage.fr).toBe(
        `Le format ${name} n’est pas accepté. Envoyez une image JPEG, PNG ou WebP.`,
      );
    }
  });

  it('ORG-06 refuses a decompression bomb from its header, before decoding a pixel', async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.byteLength).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    const error = await refusal(bomb);
    expect(error.code).toBe('image_too_many_pixels');
    expect(error.userMessage.en).toContain('30000 × 30000');
    // Decoding would have needed 2.7 GB; refusing it needed next to nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('ORG-06 the decoder holds the pixel limit too, should the header check ever be passed by', async () => {
    // The second guard alone: sharp with the options every decode uses refuses the bomb outright.
    const { decodeOptions } = await import('./original');
    expect(decodeOptions.limitInputPixels).toBe(maxOriginalPixels);
    await expect(sharp(pngBomb(8000, 7000), decodeOptions).raw().toBuffer()).rejects.toThrow(/pixel limit/);
    // Just under the limit by its header, it is not a bomb: the header check lets it through.
    await expect(readOriginalHeader(pngBomb(8000, 6000))).resolves.toMatchObject({
      width: 8000,
      height: 6000,
    });
  });

  it('ORG-06 refuses a truncated JPEG as damaged', async () => {
    const jpeg = await photoLike(800, 600);
    const error = await refusal(jpeg.subarray(0, Math.floor(jpeg.byteLength / 2)));
    expect(error.code).toBe('image_damaged');
  });

  it('ORG-06 an EXIF-rotated JPEG is judged upright: 600×800 stored, orientation 6, is 800×600', async () => {
    const rotated = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#2040c0' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    await expect(inspectOriginal(rotated)).resolves.toMatchObject({ width: 800, height: 600 });
    // The other way round: stored 800×600, orientation 6, it is a portrait 600×800.
    const portrait = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2040c0' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await refusal(portrait)).code).toBe('image_not_landscape');
  });

  it('ORG-06 accepts a CMYK JPEG', async () => {
    const cmyk = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c04020' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    await expect(inspectOriginal(cmyk)).resolves.toMatchObject({ format: 'jpeg', width: 800, height: 600 });
  });
});
