import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { processImageMessage } from '../../events/process-image';
import { localClientConfig } from '../../infra/local/local-aws';
import { env } from '../../infra/wiring';
import { s3FileStore } from '../adapters/s3-files';
import { renderAndStoreCrops, renditionCacheControl } from '../images/crops';
import { photoLike, plainJpeg, pngBomb } from '../images/images.test-support';
import { ImageRefusedError, inspectOriginal, maxOriginalBytes } from '../images/original';
import { NotFoundError, ValidationError } from '../kernel/errors';
import type { FileStore } from '../kernel/ports';
import { type CalendarBed, calendarBed, organizer, organizerB, staffActor } from './calendar.test-support';
import { EventRuleError } from './errors';
import {
  confirmImageUpload,
  type ImageDeps,
  ImageNotReadyError,
  ImageNotReceivedError,
  type ImageView,
  type ImageWork,
  imageUploadFormSeconds,
  processImage,
  readImage,
  recordImageCrops,
  startImageUpload,
} from './event-images';
import { saveEvent } from './save-event';

type Message = z.output<typeof processImageMessage>;

/**
 * ORG-06 use cases against the twin's DynamoDB (a private table) and S3 (fauxqs); the consumer's
 * step (`processImage`) is run here by hand on the messages the use cases queued, so a test can
 * deliver one twice, late, or crash it. The same steps through the real queue and consumer:
 * event-images.twin.test.ts.
 */

let bed: CalendarBed;
let deps: ImageDeps;
let files: FileStore;
let s3: S3Client;
let queued: { queue: string; message: Message }[];
const work: ImageWork = { inspectOriginal, renderAndStore: renderAndStoreCrops };

beforeAll(async () => {
  bed = await calendarBed('images');
  const vars = process.env as Record<string, string>;
  files = s3FileStore(vars);
  s3 = new S3Client({ ...localClientConfig(vars[env.endpoint('s3')] ?? ''), forcePathStyle: true });
  deps = {
    ...bed.deps,
    files,
    queues: {
      publish: async (queue, messages) => {
        for (const message of messages) queued.push({ queue, message: message as Message });
      },
    },
  };
});

beforeEach(() => {
  queued = [];
});

/** Runs what was queued, in order, as the consumer would; returns the outcomes. */
async function drain(with_: { files?: FileStore } = {}) {
  const outcomes = [];
  while (queued.length > 0) {
    const { message } = queued.shift() as { message: Message };
    outcomes.push(await processImage({ ...deps, ...with_ }, work, message));
  }
  return outcomes;
}

const keyOf = (view: ImageView) => `images/${organizer.orgId}/${view.imageId}`;

/** The organizer uploads `bytes` (as the browser's POST would store them) and confirms. */
async function uploaded(bytes: Uint8Array, actor = organizer): Promise<ImageView> {
  const { image } = await startImageUpload(deps, { actor });
  await files.put({
    bucket: 'uploads',
    key: `images/${actor.orgId}/${image.imageId}`,
    body: bytes,
    contentType: 'application/octet-stream',
  });
  return confirmImageUpload(deps, { actor, imageId: image.imageId });
}

/** An upload inspected by the consumer. */
async function inspected(bytes: Uint8Array): Promise<ImageView> {
  const view = await uploaded(bytes);
  await drain();
  return readImage(deps, { actor: organizer, imageId: view.imageId });
}

async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? '').sort();
}

const crops1600 = {
  calendar: { left: 350, top: 0, width: 900, height: 1200 },
  sheet: { left: 0, top: 150, width: 1600, height: 900 },
};

describe('Uploading an event image (ORG-06)', () => {
  it('ORG-06 starts an upload for the session’s organization: a signed POST of at most 10 MiB, under its folder', async () => {
    const { image, upload } = await startImageUpload(deps, {
      actor: organizer,
      successRedirect: 'https://parvis.example/fr/organisme/evenements/nouveau?etape=image',
    });
    expect(image).toMatchObject({ status: 'uploading', crops: {} });
    expect(upload.fields.key).toBe(keyOf(image));
    expect(upload.fields['Content-Type']).toBe('application/octet-stream');
    const policy = JSON.parse(Buffer.from(upload.fields.policy ?? '', 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, maxOriginalBytes]);
    expect(upload.maxBytes).toBe(10 * 1024 * 1024);
    expect(Date.parse(upload.expiresAt) - bed.clock.now().getTime()).toBe(imageUploadFormSeconds * 1000);
    const redirect = new URL(upload.fields.success_action_redirect ?? '');
    expect(redirect.searchParams.get('image')).toBe(image.imageId);
    expect(redirect.searchParams.get('etape')).toBe('image');
    // The item expires unless attached to an event (TTL), and records who started it.
    const item = await bed.bed.item(`IMAGE#${image.imageId}`, 'IMAGE');
    expect(item).toMatchObject({ orgId: organizer.orgId, status: 'uploading', createdBy: organizer.userId });
    expect(item?.expiresAt).toBe(Math.floor(bed.clock.now().getTime() / 1000) + 24 * 3600);
  });

  it('ORG-06 the browser posts the file straight to S3; confirming queues its inspection, which finds it ready with its size', async () => {
    const { image, upload } = await startImageUpload(deps, { actor: organizer });
    // Not there yet: the image stays uploading.
    await expect(confirmImageUpload(deps, { actor: organizer, imageId: image.imageId })).rejects.toThrow(
      ImageNotReceivedError,
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    // A PNG named .jpg and typed as a JPEG: the name and type are never read.
    const png = await photoLike(1024, 768, { format: 'png' });
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/jpeg' }), 'photo.jpg');
    const posted = await fetch(upload.url, { method: 'POST', body: form });
    expect(posted.status).toBe(204);

    const confirmed = await confirmImageUpload(deps, { actor: organizer, imageId: image.imageId });
    expect(confirmed.status).toBe('checking');
    expect(queued.map((entry) => entry.message)).toEqual([
      { v: 1, action: 'inspect', imageId: image.imageId },
    ]);
    expect(await drain()).toEqual(['ready']);
    const ready = await readImage(deps, { actor: organizer, imageId: image.imageId });
    expect(ready).toMatchObject({ status: 'ready', width: 1024, height: 768 });
    expect(await bed.bed.item(`IMAGE#${image.imageId}`, 'IMAGE')).toMatchObject({
      contentType: 'image/png',
      bytes: png.byteLength,
    });
    // Confirming again changes nothing and queues nothing.
    expect(await confirmImageUpload(deps, { actor: organizer, imageId: image.imageId })).toMatchObject({
      status: 'ready',
    });
    expect(queued).toEqual([]);
  });

  it('ORG-06 a file over 10 MiB that the store let through (fauxqs ignores content-length-range) is refused at confirmation and deleted', async () => {
    const { image, upload } = await startImageUpload(deps, { actor: organizer });
    const big = new Uint8Array(maxOriginalBytes + 1);
    big.set(await plainJpeg(640, 480));
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([big]), 'grande.jpg');
    await fetch(upload.url, { method: 'POST', body: form });
    const error = await confirmImageUpload(deps, { actor: organizer, imageId: image.imageId }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect((error as ImageRefusedError).userMessage.fr).toContain('10 Mo');
    expect(await readImage(deps, { actor: organizer, imageId: image.imageId })).toMatchObject({
      status: 'refused',
      refusal: { code: 'image_too_large' },
    });
    expect(await files.head({ bucket: 'uploads', key: keyOf(image) })).toBeUndefined();
    expect(queued).toEqual([]);
  });

  it('ORG-06 confirming again while it is being checked queues the inspection again (a lost publish is redone); the consumer does it once', async () => {
    const view = await uploaded(await plainJpeg(800, 600));
    await confirmImageUpload(deps, { actor: organizer, imageId: view.imageId });
    expect(queued).toHaveLength(2);
    expect(await drain()).toEqual(['ready', 'skipped']);
  });
});

describe('Bad originals, each refused with a clear message and deleted (ORG-06)', () => {
  const svg = Buffer.from(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><script>alert(document.cookie)</script></svg>',
  );
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string, string][] = [
    ['too small (320×240)', () => plainJpeg(320, 240), 'image_too_small', 'au moins 640 × 480'],
    ['wrong ratio (1600×900)', () => plainJpeg(1600, 900), 'image_wrong_ratio', '4:3'],
    ['portrait (900×1200)', () => plainJpeg(900, 1200), 'image_not_landscape', 'à l’horizontale'],
    [
      'not an image',
      () => Buffer.from('Bonjour, ceci est un texte.\n'),
      'image_not_an_image',
      'n’est pas une image',
    ],
    ['an SVG carrying a script', () => svg, 'image_svg', 'SVG'],
    [
      'a GIF',
      () =>
        sharp({ create: { width: 800, height: 600, channels: 3, background: '#888' } })
          .gif()
          .toBuffer(),
      'image_unsupported_format',
      'GIF',
    ],
    [
      'a decompression bomb (30000×30000 PNG of 110 KB)',
      () => pngBomb(),
      'image_too_many_pixels',
      '30000 × 30000',
    ],
    [
      'a truncated JPEG',
      async () => {
        const whole = await photoLike(800, 600);
        return whole.subarray(0, Math.floor(whole.byteLength / 2));
      },
      'image_damaged',
      'endommagée',
    ],
  ];

  it.each(cases)('ORG-06 %s', async (_name, make, code, french) => {
    const view = await inspected(await make());
    expect(view.status).toBe('refused');
    expect(view.refusal?.code).toBe(code);
    expect(view.refusal?.message.fr).toContain(french);
    expect(view.refusal?.message.en.length).toBeGreaterThan(10);
    expect(view.width).toBeUndefined();
    expect(await files.head({ bucket: 'uploads', key: keyOf(view) })).toBeUndefined();
    // Nothing can be cropped from it, with the reason said again.
    const error = await recordImageCrops(deps, {
      actor: organizer,
      imageId: view.imageId,
      ...crops1600,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ImageNotReadyError);
    expect((error as ImageNotReadyError).userMessage.fr).toContain(view.refusal?.message.fr);
  });

  it('ORG-06 a CMYK JPEG is accepted, and so is an EXIF-rotated one, at its upright size', async () => {
    const cmyk = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c04020' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect(await inspected(cmyk)).toMatchObject({ status: 'ready', width: 800, height: 600 });
    // Stored 1200 wide × 1600 high with orientation 6: shown (and cropped) as 1600×1200.
    const rotated = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#3060c0' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const upright = await inspected(rotated);
    expect(upright).toMatchObject({ status: 'ready', width: 1600, height: 1200 });
    // So a landscape 16:9 sheet crop 1600 wide fits it.
    await recordImageCrops(deps, { actor: organizer, imageId: upright.imageId, ...crops1600 });
    expect(await drain()).toEqual(['cropped']);
  });
});

describe('Another organization’s image, or a forged id (ORG-06)', () => {
  it('ORG-06 is not found for confirming, cropping or reading, and nothing changes', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    const before = await bed.bed.item(`IMAGE#${view.imageId}`, 'IMAGE');
    const asB = { actor: organizerB, imageId: view.imageId };
    await expect(confirmImageUpload(deps, asB)).rejects.toThrow(NotFoundError);
    await expect(recordImageCrops(deps, { ...asB, ...crops1600 })).rejects.toThrow(NotFoundError);
    await expect(readImage(deps, asB)).rejects.toThrow(NotFoundError);
    await expect(readImage(deps, { actor: organizer, imageId: 'NO-SUCH-IMAGE' })).rejects.toThrow(
      NotFoundError,
    );
    // An id that could bend a key is refused before anything is read.
    await expect(readImage(deps, { actor: organizer, imageId: '../clients/C1' })).rejects.toThrow(
      ValidationError,
    );
    expect(await bed.bed.item(`IMAGE#${view.imageId}`, 'IMAGE')).toEqual(before);
    expect(queued).toEqual([]);
    // Staff see any organization's image (ORG-09).
    expect(
      (await readImage(deps, { actor: { ...staffActor, orgId: 'parvis' }, imageId: view.imageId })).status,
    ).toBe('ready');
  });
});

describe('Choosing the crops (ORG-06)', () => {
  it('ORG-06 refused before the image is checked', async () => {
    const view = await uploaded(await plainJpeg(1600, 1200));
    await expect(
      recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 }),
    ).rejects.toThrow(ImageNotReadyError);
  });

  it('ORG-06 each rectangle is checked against the image; a refusal names the crop and writes nothing', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    const refused = async (rects: Partial<typeof crops1600>) => {
      try {
        await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600, ...rects });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return error as ValidationError;
      }
      throw new Error('accepted');
    };
    const outside = await refused({ calendar: { left: 701, top: 0, width: 900, height: 1200 } });
    expect(outside.issues[0]?.path).toBe('calendar');
    expect(outside.userMessage.fr).toContain('dépasse les bords');
    const ratio = await refused({ sheet: { left: 0, top: 0, width: 1600, height: 1200 } });
    expect(ratio.issues[0]?.path).toBe('sheet');
    expect(ratio.userMessage.en).toContain('16:9');
    const small = await refused({ calendar: { left: 0, top: 0, width: 180, height: 240 } });
    expect(small.userMessage.fr).toContain('240 × 320');
    const notNumber = await refused({
      calendar: { left: 'à gauche', top: 0, width: 900, height: 1200 } as never,
    });
    expect(notNumber.issues[0]?.path).toBe('calendar.left');
    expect(queued).toEqual([]);
    expect((await readImage(deps, { actor: organizer, imageId: view.imageId })).status).toBe('ready');
  });

  it('ORG-06 rectangles as a form posts them (digits in strings) are accepted; the social crop is derived from the sheet', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    const recorded = await recordImageCrops(deps, {
      actor: organizer,
      imageId: view.imageId,
      calendar: { left: '350', top: '0', width: '900', height: '1200' },
      sheet: { left: '0', top: '150', width: '1600', height: '900' },
    });
    expect(recorded.status).toBe('cropping');
    expect(recorded.requested).toEqual({
      ...crops1600,
      social: { left: 0, top: 180, width: 1600, height: 840 },
    });
    expect(queued.map((entry) => entry.message.action)).toEqual(['crop']);
  });
});

describe('Rendering the crops: the consumer (ORG-06)', () => {
  it('ORG-06 cuts every rendition from the original into the images bucket, immutable, and writes the Crop items', async () => {
    const view = await inspected(await photoLike(1600, 1200, { seed: 7 }));
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    expect(await drain()).toEqual(['cropped']);
    const done = await readImage(deps, { actor: organizer, imageId: view.imageId });
    expect(done.status).toBe('cropped');
    expect(Object.keys(done.crops).sort()).toEqual(['calendar', 'sheet', 'social']);
    const shapes = (kind: 'calendar' | 'sheet' | 'social') =>
      (done.crops[kind]?.renditions ?? []).map((r) => `${r.width}x${r.height}.${r.format}`).sort();
    expect(shapes('calendar')).toEqual(
      ['240x320', '360x480', '480x640', '720x960'].flatMap((size) => [`${size}.jpeg`, `${size}.webp`]).sort(),
    );
    expect(shapes('sheet')).toEqual(
      ['640x360', '960x540', '1280x720'].flatMap((size) => [`${size}.jpeg`, `${size}.webp`]).sort(),
    );
    expect(shapes('social')).toEqual(['1200x630.jpeg']);
    expect(done.crops.calendar?.rect).toEqual(crops1600.calendar);
    expect(done.crops.social?.primaryKey).toMatch(/^images\/.+\/social-1200-[0-9a-f]{16}\.jpg$/);
    expect(done.crops.calendar?.primaryKey).toMatch(/calendar-720-[0-9a-f]{16}\.jpg$/);
    for (const rendition of Object.values(done.crops).flatMap((crop) => crop?.renditions ?? [])) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'images', Key: rendition.key }));
      expect([head.ContentType, head.CacheControl, head.ContentLength]).toEqual([
        rendition.contentType,
        renditionCacheControl,
        rendition.sizeBytes,
      ]);
    }
    const item = await bed.bed.item(`IMAGE#${view.imageId}`, 'CROP#calendar');
    expect(item).toMatchObject({ orgId: organizer.orgId, left: 350, width: 900 });
  });

  it('ORG-06 a crop message delivered twice renders once: the second changes nothing', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    const message = queued[0]?.message as Message;
    expect(await drain()).toEqual(['cropped']);
    const items = await bed.bed.item(`IMAGE#${view.imageId}`, 'CROP#sheet');
    const objects = await keysUnder('images', `images/${view.imageId}/`);
    bed.clock.advance(60_000);
    expect(await processImage(deps, work, message)).toBe('skipped');
    expect(await bed.bed.item(`IMAGE#${view.imageId}`, 'CROP#sheet')).toEqual(items);
    expect(await keysUnder('images', `images/${view.imageId}/`)).toEqual(objects);
  });

  it('ORG-06 a crash after the files are stored and before the items: the retry ends as one run would', async () => {
    const view = await inspected(await photoLike(1600, 1200, { seed: 11 }));
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    const message = queued[0]?.message as Message;
    queued = [];
    // The process dies right after the last rendition (the social JPEG) is written.
    let crashed = false;
    const dying: FileStore = {
      ...files,
      put: async (request) => {
        const stored = await files.put(request);
        if (request.key.includes('/social-')) {
          crashed = true;
          throw new Error('the function was killed');
        }
        return stored;
      },
    };
    await expect(processImage({ ...deps, files: dying }, work, message)).rejects.toThrow('killed');
    expect(crashed).toBe(true);
    const stranded = await keysUnder('images', `images/${view.imageId}/`);
    expect(stranded).toHaveLength(8 + 6 + 1);
    expect(await bed.bed.item(`IMAGE#${view.imageId}`, 'CROP#calendar')).toBeUndefined();
    expect((await readImage(deps, { actor: organizer, imageId: view.imageId })).status).toBe('cropping');

    // SQS delivers it again.
    expect(await processImage(deps, work, message)).toBe('cropped');
    const done = await readImage(deps, { actor: organizer, imageId: view.imageId });
    expect(done.status).toBe('cropped');
    // The same files under the same keys (the key holds the file's hash): none left over, none missing.
    const keys = Object.values(done.crops).flatMap((crop) => crop?.renditions.map((r) => r.key) ?? []);
    expect(keys.sort()).toEqual(stranded);
    expect(await keysUnder('images', `images/${view.imageId}/`)).toEqual(stranded);
  });

  it('ORG-06 a newer crop request wins: the older message is skipped, the newer rendered', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    const moved = { ...crops1600, calendar: { left: 0, top: 0, width: 900, height: 1200 } };
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...moved });
    expect(await drain()).toEqual(['skipped', 'cropped']);
    const done = await readImage(deps, { actor: organizer, imageId: view.imageId });
    expect(done.crops.calendar?.rect).toEqual(moved.calendar);
  });

  it('ORG-06 an original replaced in the bucket after its inspection is refused when cropped, and deleted', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    await files.put({ bucket: 'uploads', key: keyOf(view), body: pngBomb(), contentType: 'image/png' });
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    expect(await drain()).toEqual(['refused']);
    const refused = await readImage(deps, { actor: organizer, imageId: view.imageId });
    expect(refused).toMatchObject({ status: 'refused', refusal: { code: 'image_replaced' } });
    expect(refused.refusal?.message.fr).toContain('remplacée');
    expect(await files.head({ bucket: 'uploads', key: keyOf(view) })).toBeUndefined();
    expect(await keysUnder('images', `images/${view.imageId}/`)).toEqual([]);
  });

  it('ORG-06 a message for an image that does not exist is done with (not retried)', async () => {
    expect(await processImage(deps, work, { v: 1, action: 'inspect', imageId: 'NO-SUCH-IMAGE' })).toBe(
      'missing',
    );
  });
});

describe('Saving the event needs the calendar crop (ORG-06)', () => {
  it('ORG-06 refused while the image is only checked, saved once the calendar crop exists', async () => {
    const view = await inspected(await plainJpeg(1600, 1200));
    const fields = bed.fields({ imageId: view.imageId });
    await expect(saveEvent(bed.deps, { actor: organizer, fields })).rejects.toMatchObject({
      code: 'calendar_crop_missing',
    });
    await expect(saveEvent(bed.deps, { actor: organizer, fields })).rejects.toBeInstanceOf(EventRuleError);
    await recordImageCrops(deps, { actor: organizer, imageId: view.imageId, ...crops1600 });
    await drain();
    const saved = await saveEvent(bed.deps, { actor: organizer, fields });
    expect(saved.status).toBe('draft');
  });
});

describe('libvips loads only JPEG, PNG and WebP in the consumer (ORG-06, decision 0010 §5)', () => {
  it('ORG-06 after restrictImageLoaders, a GIF, TIFF or SVG cannot be decoded even by calling sharp directly', () => {
    // Process-wide, so in a process of its own.
    const script = `
      import sharp from 'sharp';
      import { restrictImageLoaders } from ${JSON.stringify(join(import.meta.dirname, '../images/loaders.ts'))};
      restrictImageLoaders();
      const made = (format) => sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })[format]().toBuffer();
      const result = {};
      for (const format of ['jpeg', 'png', 'webp', 'gif', 'tiff']) {
        result[format] = await sharp(await made(format)).raw().toBuffer().then(() => 'decoded', (e) => e.message);
      }
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
      result.svg = await sharp(svg).raw().toBuffer().then(() => 'decoded', (e) => e.message);
      console.log(JSON.stringify(result));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(result).toEqual({
      jpeg: 'decoded',
      png: 'decoded',
      webp: 'decoded',
      gif: expect.stringContaining('unsupported image format'),
      tiff: expect.stringContaining('unsupported image format'),
      svg: expect.stringContaining('unsupported image format'),
    });
  });
});
