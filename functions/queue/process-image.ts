import { processImageMessage } from '../../events/process-image';
import { s3FileStore } from '../../shared/adapters/s3-files';
import { processImage } from '../../shared/calendar/event-images';
import { renderAndStoreCrops } from '../../shared/images/crops';
import { restrictImageLoaders } from '../../shared/images/loaders';
import { inspectOriginal } from '../../shared/images/original';
import { queueConsumer } from '../_middleware/queue';

/**
 * Event images (ORG-06, decision 0010 §5): inspects confirmed uploads and renders the crops the
 * organizer chose, with sharp. The only function that loads it, and the only one that reads
 * originals and writes renditions (its S3 port). At cold start libvips is told to load nothing but
 * JPEG, PNG and WebP, whatever the checks of shared/images would let through.
 */
restrictImageLoaders();
const files = s3FileStore(process.env);
const work = { inspectOriginal, renderAndStore: renderAndStoreCrops };

export const handler = queueConsumer(processImageMessage, async (deps, message) => {
  const outcome = await processImage({ ...deps, files }, work, message);
  deps.log.info('image handled', { imageId: message.imageId, action: message.action, outcome });
  return undefined;
});
