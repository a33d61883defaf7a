import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import type { FileStore } from '../kernel/ports';
import { type CropKind, type CropRect, cropKindSpecs } from './crop-kinds';
import {
  decodeOriginal,
  type Rendition,
  renderCrops,
  renditionCacheControl,
  renditionWidths,
  socialRectOf,
  storeCrops,
  validateCropRect,
} from './crops';
import { photoLike, pngBomb } from './images.test-support';
import { ImageRefusedError } from './original';

const original = { width: 1600, height: 1200 };

function refusedRect(kind: CropKind, rect: CropRect, size = original): ValidationError {
  try {
    validateCropRect(size, kind, rect);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`${JSON.stringify(rect)} was accepted as ${kind}`);
}

describe('Crop rectangles (ORG-06)', () => {
  it('ORG-06 accepts a calendar 3:4 and a sheet 16:9 crop inside the image, to the pixel', () => {
    expect(validateCropRect(original, 'calendar', { left: 700, top: 0, width: 900, height: 1200 })).toEqual({
      left: 700,
      top: 0,
      width: 900,
      height: 1200,
    });
    expect(
      validateCropRect(original, 'sheet', { left: 0, top: 150, width: 1600, height: 900 }),
    ).toMatchObject({
      width: 1600,
    });
    // Within ±1 %: a cropper's rounding (901×1200 is 0.1 % off 3:4).
    expect(
      validateCropRect(original, 'calendar', { left: 0, top: 0, width: 901, height: 1200 }),
    ).toBeTruthy();
  });

  it('ORG-06 refuses a crop out of bounds by one pixel, negative or fractional', () => {
    const past = refusedRect('calendar', { left: 701, top: 0, width: 900, height: 1200 });
    expect(past.userMessage.fr).toContain('dépasse les bords');
    expect(refusedRect('sheet', { left: 0, top: 301, width: 1600, height: 900 }).issues[0]?.path).toBe(
      'rect',
    );
    expect(refusedRect('calendar', { left: -1, top: 0, width: 900, height: 1200 }).issues[0]?.path).toBe(
      'left',
    );
    expect(refusedRect('calendar', { left: 0.5, top: 0, width: 900, height: 1200 }).issues[0]?.path).toBe(
      'left',
    );
  });

  it('ORG-06 refuses a crop of the wrong ratio (a sheet crop for the calendar, 2 % off)', () => {
    const wrong = refusedRect('calendar', { left: 0, top: 0, width: 1600, height: 900 });
    expect(wrong.userMessage).toEqual({
      fr: 'Le recadrage doit être au format 3:4.',
      en: 'The crop must be in 3:4.',
    });
    expect(refusedRect('calendar', { left: 0, top: 0, width: 918, height: 1200 }).userMessage.en).toContain(
      '3:4',
    );
    expect(refusedRect('sheet', { left: 0, top: 0, width: 1600, height: 1200 }).userMessage.en).toContain(
      '16:9',
    );
  });

  it('ORG-06 refuses a crop smaller than the smallest rendition (no rendition is ever upscaled)', () => {
    const small = refusedRect('calendar', { left: 0, top: 0, width: 237, height: 316 });
    expect(small.userMessage.fr).toContain('240 × 320');
    expect(refusedRect('sheet', { left: 0, top: 0, width: 624, height: 351 }).userMessage.en).toContain(
      '640 × 360',
    );
    // The smallest original (640×480) still fits both kinds, and yields its smallest widths.
    const least = { width: 640, height: 480 };
    expect(validateCropRect(least, 'calendar', { left: 0, top: 0, width: 360, height: 480 })).toBeTruthy();
    expect(validateCropRect(least, 'sheet', { left: 0, top: 60, width: 640, height: 360 })).toBeTruthy();
    expect(renditionWidths('calendar', 360)).toEqual([240, 360]);
    expect(renditionWidths('sheet', 640)).toEqual([640]);
  });

  it('ORG-06 an unknown kind is refused', () => {
    expect(() =>
      validateCropRect(original, 'poster' as CropKind, { left: 0, top: 0, width: 1, height: 1 }),
    ).toThrow(ValidationError);
  });

  it('ORG-06 the social image is the middle of the sheet crop at 1.91:1; widths never exceed the crop', () => {
    const social = socialRectOf({ left: 0, top: 150, width: 1600, height: 900 });
    expect(social).toEqual({ left: 0, top: 180, width: 1600, height: 840 });
    expect(validateCropRect(original, 'social', social)).toEqual(social);
    const least = socialRectOf({ left: 0, top: 60, width: 640, height: 360 });
    expect(validateCropRect({ width: 640, height: 480 }, 'social', least)).toEqual(least);
    expect(renditionWidths('social', 1600)).toEqual([1200]);
    expect(renditionWidths('social', 640)).toEqual([640]);
    expect(renditionWidths('sheet', 1919)).toEqual([640, 960, 1280]);
  });
});

describe('Renditions cut from the original (ORG-06)', () => {
  let photo: Buffer;
  beforeAll(async () => {
    photo = await photoLike(1600, 1200, { quality: 85 });
  });

  const shapeOf = async (rendition: Rendition) => {
    const metadata = await sharp(rendition.bytes).metadata();
    return {
      width: metadata.width,
      height: metadata.height,
      format: metadata.format,
      space: metadata.space,
      channels: metadata.channels,
      exif: metadata.exif !== undefined,
      icc: metadata.hasProfile,
      orientation: metadata.orientation,
    };
  };

  it('ORG-06 every width of the kind, in WebP and JPEG, at the exact ratio, without metadata', async () => {
    const renditions = await renderCrops(photo, 'calendar', { left: 350, top: 0, width: 900, height: 1200 });
    expect(renditions.map((r) => `${r.width}x${r.height}.${r.extension}`).sort()).toEqual(
      [
        '240x320.jpg',
        '240x320.webp',
        '360x480.jpg',
        '360x480.webp',
        '480x640.jpg',
        '480x640.webp',
        '720x960.jpg',
        '720x960.webp',
      ].sort(),
    );
    for (const rendition of renditions) {
      expect(await shapeOf(rendition)).toEqual({
        width: rendition.width,
        height: rendition.height,
        format: rendition.format,
        space: 'srgb',
        channels: 3,
        exif: false,
        icc: false,
        orientation: undefined,
      });
      expect(rendition.contentType).toBe(rendition.format === 'jpeg' ? 'image/jpeg' : 'image/webp');
    }
  });

  it('ORG-06 a sheet crop narrower than 1920 yields only the widths it fills; social is one JPEG 1200×630', async () => {
    const sheet = { left: 100, top: 100, width: 1400, height: 788 };
    const renditions = await renderCrops(photo, 'sheet', sheet);
    expect([...new Set(renditions.map((r) => r.width))].sort((a, b) => a - b)).toEqual([640, 960, 1280]);
    const social = await renderCrops(photo, 'social', socialRectOf(sheet));
    expect(social.map((r) => [r.width, r.height, r.format])).toEqual([[1200, 630, 'jpeg']]);
    expect(await shapeOf(social[0] as Rendition)).toMatchObject({ width: 1200, height: 630, format: 'jpeg' });
  });

  it('ORG-06 one decode serves every kind: renditions from the decoded original equal those from the file', async () => {
    const decoded = await decodeOriginal(photo);
    const rect = { left: 0, top: 0, width: 360, height: 480 };
    const fromDecoded = await renderCrops(decoded, 'calendar', rect);
    const fromFile = await renderCrops(photo, 'calendar', rect);
    expect(fromDecoded.map((r) => r.bytes)).toEqual(fromFile.map((r) => r.bytes));
  });

  it('ORG-06 an original decoded smaller for small crops gives the same renditions, and never too small', async () => {
    // A calendar crop 1440 wide needs only 720 pixels for its widest rendition: half is enough.
    const large = await photoLike(2560, 1920, { seed: 5 });
    const calendar = { left: 560, top: 0, width: 1440, height: 1920 };
    const half = await decodeOriginal(large, [{ kind: 'calendar', rect: calendar }]);
    expect([half.width, half.height, half.scale]).toEqual([1280, 960, 0.5]);
    const full = await decodeOriginal(large);
    expect(full.scale).toBe(1);
    const fromHalf = await renderCrops(half, 'calendar', calendar);
    const fromFull = await renderCrops(full, 'calendar', calendar);
    expect(fromHalf.map((r) => [r.width, r.height, r.format])).toEqual(
      fromFull.map((r) => [r.width, r.height, r.format]),
    );
    // The same picture: the mean of each channel of each rendition within 2 levels.
    for (const [index, rendition] of fromHalf.entries()) {
      const a = (await sharp(rendition.bytes).stats()).channels.map((channel) => channel.mean);
      const b = (await sharp((fromFull[index] as Rendition).bytes).stats()).channels.map(
        (channel) => channel.mean,
      );
      for (const [channel, mean] of a.entries()) expect(Math.abs(mean - (b[channel] ?? 0))).toBeLessThan(2);
    }
    // A sheet crop 2560 wide wants 1920 pixels, more than the half-size decode holds: refused, not upscaled.
    await expect(
      renderCrops(half, 'sheet', { left: 0, top: 240, width: 2560, height: 1440 }),
    ).rejects.toThrow(/too small/);
    // With it among the crops, the original is decoded whole.
    const both = await decodeOriginal(large, [
      { kind: 'calendar', rect: calendar },
      { kind: 'sheet', rect: { left: 0, top: 240, width: 2560, height: 1440 } },
    ]);
    expect(both.scale).toBe(1);
  });

  it('ORG-06 the rectangle is checked against the original itself, so a forged one is refused', async () => {
    await expect(
      renderCrops(photo, 'calendar', { left: 1000, top: 0, width: 900, height: 1200 }),
    ).rejects.toThrow(ValidationError);
  });

  it('ORG-06 renderCrops refuses a bomb put in place of the inspected original, before decoding it', async () => {
    const error = await renderCrops(pngBomb(), 'calendar', {
      left: 0,
      top: 0,
      width: 360,
      height: 480,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect((error as ImageRefusedError).code).toBe('image_too_many_pixels');
  });

  it('ORG-06 a CMYK JPEG gives sRGB renditions of the same colour', async () => {
    const cmyk = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c04020' } })
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer();
    const renditions = await renderCrops(cmyk, 'calendar', { left: 0, top: 0, width: 450, height: 600 });
    for (const rendition of renditions) {
      const { data, info } = await sharp(rendition.bytes).raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(3);
      expect((await sharp(rendition.bytes).metadata()).space).toBe('srgb');
      // #c04020 = 192, 64, 32, through CMYK and back (rendering intents move it a little): each
      // channel within 40. CMYK bytes read as if they were RGB would be about 0, 190, 220.
      const [r, g, b] = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
      expect(Math.abs(r - 192)).toBeLessThanOrEqual(40);
      expect(Math.abs(g - 64)).toBeLessThanOrEqual(40);
      expect(Math.abs(b - 32)).toBeLessThanOrEqual(40);
    }
  });

  it('ORG-06 an EXIF-rotated JPEG is cropped upright: the rectangle is in upright pixels', async () => {
    // Stored 1200 wide × 1600 high, red above, blue below, orientation 6 (turn 90° clockwise to
    // show): upright it is 1600×1200 with blue on the left and red on the right.
    const stored = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: { create: { width: 1200, height: 800, channels: 3, background: '#0000ff' } },
          top: 800,
          left: 0,
        },
      ])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const colourOf = async (rendition: Rendition) => {
      const { data } = await sharp(rendition.bytes)
        .resize(1, 1, { fit: 'fill' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return (data[0] ?? 0) > (data[2] ?? 0) ? 'red' : 'blue';
    };
    const left = await renderCrops(stored, 'calendar', { left: 0, top: 0, width: 600, height: 800 });
    const right = await renderCrops(stored, 'calendar', { left: 1000, top: 400, width: 600, height: 800 });
    for (const rendition of left) {
      expect(await colourOf(rendition)).toBe('blue');
      expect((await sharp(rendition.bytes).metadata()).orientation).toBeUndefined();
    }
    for (const rendition of right) expect(await colourOf(rendition)).toBe('red');
  });
});

describe('Storing renditions (ORG-06)', () => {
  /** A FileStore that keeps what it is given. */
  function memoryFiles() {
    const puts: Parameters<FileStore['put']>[0][] = [];
    return {
      puts,
      files: {
        put: async (request: Parameters<FileStore['put']>[0]) => {
          puts.push(request);
          return { etag: `"${puts.length}"` };
        },
      },
    };
  }

  it('ORG-06 keys hold the image, kind, width and content hash; types and an immutable cache are set', async () => {
    const photo = await photoLike(800, 600, { seed: 3 });
    const { files, puts } = memoryFiles();
    const renditions = await renderCrops(photo, 'calendar', { left: 0, top: 0, width: 450, height: 600 });
    const stored = await storeCrops(files, '01JIMAGE', 'calendar', renditions);
    // 450 pixels wide: 240 and 360, each in WebP and JPEG.
    expect(stored).toHaveLength(4);
    for (const entry of stored) {
      expect(entry.key).toMatch(
        new RegExp(
          `^images/01JIMAGE/calendar-${entry.width}-[0-9a-f]{16}\\.${entry.format === 'jpeg' ? 'jpg' : 'webp'}$`,
        ),
      );
    }
    expect(puts.map((put) => [put.bucket, put.cacheControl])).toEqual(
      stored.map(() => ['images', renditionCacheControl]),
    );
    expect(renditionCacheControl).toContain('immutable');
    expect(puts.map((put) => put.contentType)).toEqual(stored.map((entry) => entry.contentType));

    // Another crop of the same image: every key changes, so no cache serves the old one for it.
    const recropped = await renderCrops(photo, 'calendar', { left: 300, top: 0, width: 450, height: 600 });
    const again = await storeCrops(files, '01JIMAGE', 'calendar', recropped);
    const before = new Set(stored.map((entry) => entry.key));
    for (const entry of again) expect(before.has(entry.key)).toBe(false);
  });

  it('ORG-06 an image id that could bend the key, or renditions of another kind, are refused', async () => {
    const { files, puts } = memoryFiles();
    const renditions = await renderCrops(await photoLike(800, 600), 'calendar', {
      left: 0,
      top: 0,
      width: 450,
      height: 600,
    });
    await expect(storeCrops(files, '../clients/C1', 'calendar', renditions)).rejects.toThrow(ValidationError);
    await expect(storeCrops(files, '01JIMAGE', 'sheet', renditions)).rejects.toThrow(/calendar rendition/);
    expect(puts).toHaveLength(0);
  });

  it('ORG-06 kinds: calendar 3:4, sheet 16:9, social 1200×630', () => {
    expect(cropKindSpecs.calendar.widths.map((w) => w / cropKindSpecs.calendar.ratio)).toEqual([
      320, 480, 640, 960,
    ]);
    expect(cropKindSpecs.sheet.widths.map((w) => w / cropKindSpecs.sheet.ratio)).toEqual([
      360, 540, 720, 1080,
    ]);
    expect(Math.round(1200 / cropKindSpecs.social.ratio)).toBe(630);
  });
});
