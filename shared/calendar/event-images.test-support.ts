/**
 * What a process-image message finds when it arrives (ORG-06): the Image item in the state the web
 * server's use cases leave it in and its original in the `uploads` bucket, written directly, for
 * the tests that publish sample messages (events/samples-run.test.ts, infra/iam.test.ts).
 */
import type { ProcessImageMessage } from '../../events/process-image';
import type { Deps } from '../deps';
import { socialRectOf } from '../images/crop-kinds';
import { plainJpeg } from '../images/images.test-support';
import type { FileStore } from '../kernel/ports';
import { originalKey } from './event-images';

export const sampleImageOrg = 'ORG-SAMPLES';

/**
 * `inspect`: an Image `checking` whose original is `original` (default a 1600×1200 JPEG).
 * `crop`: an Image `cropping` for the message's request, with a calendar and a sheet crop.
 */
export async function arrangeImageMessage(
  deps: Pick<Deps, 'db' | 'clock'>,
  files: Pick<FileStore, 'put' | 'head'>,
  message: ProcessImageMessage,
  original?: Uint8Array,
): Promise<void> {
  const objectKey = originalKey(sampleImageOrg, message.imageId);
  const bytes = original ?? (await plainJpeg(1600, 1200));
  const { etag } = await files.put({
    bucket: 'uploads',
    key: objectKey,
    body: bytes,
    contentType: 'application/octet-stream',
  });
  const common = {
    imageId: message.imageId,
    orgId: sampleImageOrg,
    objectKey,
    bytes: bytes.byteLength,
    etag,
    createdAt: deps.clock.now().toISOString(),
  };
  const { image } = deps.db.calendar.entities;
  if (message.action === 'inspect') {
    await image.put({ ...common, status: 'checking' }).go();
    return;
  }
  const sheet = { left: 0, top: 150, width: 1600, height: 900 };
  await image
    .put({
      ...common,
      status: 'cropping',
      width: 1600,
      height: 1200,
      contentType: 'image/jpeg',
      requestedCrops: {
        calendar: { left: 350, top: 0, width: 900, height: 1200 },
        sheet,
        social: socialRectOf(sheet),
      },
      cropRequestId: message.requestId,
    })
    .go();
}
