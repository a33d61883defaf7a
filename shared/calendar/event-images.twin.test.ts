import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../infra/local/local-aws';
import { env } from '../../infra/wiring';
import { publishRaw, useTwin, waitFor, waitIdle } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import { s3FileStore } from '../adapters/s3-files';
import { renditionCacheControl } from '../images/crops';
import { photoLike } from '../images/images.test-support';
import {
  confirmImageUpload,
  type ImageDeps,
  type ImageView,
  readImage,
  recordImageCrops,
  startImageUpload,
} from './event-images';

/**
 * ORG-06 end to end through the twin: the web server's use cases on the shared table, the browser's
 * POST straight to S3 (fauxqs), the real process-image queue and the consumer's bundle in the local
 * runner (sharp from the repository's node_modules), as `npm start` runs them.
 */

let deps: ImageDeps;
let s3: S3Client;
const actor = { userId: 'U-TWIN-IMAGES', orgId: 'ORG-TWIN-IMAGES' };

beforeAll(() => {
  const vars = useTwin();
  deps = { ...createDeps(vars, { test: 'event-images' }), files: s3FileStore(vars) };
  s3 = new S3Client({ ...localClientConfig(vars[env.endpoint('s3')] ?? ''), forcePathStyle: true });
});

async function settled(imageId: string, status: ImageView['status']): Promise<ImageView> {
  let last: ImageView | undefined;
  await waitFor(async () => {
    last = await readImage(deps, { actor, imageId });
    return last.status === status;
  }, 30_000);
  return last as ImageView;
}

describe('Event image through the queue and the process-image function (ORG-06)', () => {
  it('ORG-06 upload by POST, confirm, inspect, crop: renditions in S3 with their Cache-Control, Crop items; a duplicate message changes nothing', async () => {
    const { image, upload } = await startImageUpload(deps, { actor });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    const original = await photoLike(2000, 1500, { seed: 3 });
    form.append('file', new Blob([new Uint8Array(original)]), 'affiche.jpg');
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);

    await confirmImageUpload(deps, { actor, imageId: image.imageId });
    const ready = await settled(image.imageId, 'ready');
    expect([ready.width, ready.height]).toEqual([2000, 1500]);

    await recordImageCrops(deps, {
      actor,
      imageId: image.imageId,
      calendar: { left: 500, top: 0, width: 1125, height: 1500 },
      sheet: { left: 0, top: 188, width: 2000, height: 1125 },
    });
    const done = await settled(image.imageId, 'cropped');
    const renditions = Object.values(done.crops).flatMap((crop) => crop?.renditions ?? []);
    // calendar 4 widths × 2, sheet 4 × 2, social 1.
    expect(renditions).toHaveLength(17);
    for (const rendition of renditions) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'images', Key: rendition.key }));
      expect([head.ContentType, head.CacheControl]).toEqual([rendition.contentType, renditionCacheControl]);
    }
    const crop = (await deps.db.calendar.entities.crop.get({ imageId: image.imageId, kind: 'calendar' }).go())
      .data;
    expect(crop).toMatchObject({ orgId: actor.orgId, left: 500, width: 1125 });

    // SQS delivers the crop message again: the consumer sees it is not wanted any more.
    const item = (await deps.db.calendar.entities.image.get({ imageId: image.imageId }).go()).data;
    await publishRaw(
      'processImage',
      JSON.stringify({ v: 1, action: 'crop', imageId: image.imageId, requestId: item?.cropRequestId }),
    );
    await waitIdle(30_000);
    expect(
      (await deps.db.calendar.entities.crop.get({ imageId: image.imageId, kind: 'calendar' }).go()).data,
    ).toEqual(crop);
    expect((await readImage(deps, { actor, imageId: image.imageId })).status).toBe('cropped');
  });

  it('ORG-06 a refused upload is said in both languages and its file deleted, through the consumer', async () => {
    const { image, upload } = await startImageUpload(deps, { actor });
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new TextEncoder().encode('<svg onload="alert(1)"></svg>')]), 'photo.jpg');
    await fetch(upload.url, { method: 'POST', body: form });
    await confirmImageUpload(deps, { actor, imageId: image.imageId });
    const refused = await settled(image.imageId, 'refused');
    expect(refused.refusal?.code).toBe('image_svg');
    expect(refused.refusal?.message.en).toContain('SVG');
    expect(await deps.files.head({ bucket: 'uploads', key: upload.fields.key ?? '' })).toBeUndefined();
  });
});
