import { buildPublicIndexesMessage } from '../../events/build-public-indexes';
import { s3IndexFileStore } from '../../shared/adapters/s3-index-file';
import { buildPublicIndexes } from '../../shared/search/public-indexes';
import { queueConsumer } from '../_middleware/queue';

/**
 * CAL-10 (decision 0011 §2): rebuilds the public search file after a publish, an unpublish or a
 * change of a published event. A request that a build started since has covered is dropped.
 */
const indexFiles = s3IndexFileStore(process.env);

export const handler = queueConsumer(buildPublicIndexesMessage, async (deps, message) => {
  const result = await buildPublicIndexes({ ...deps, indexFiles }, { requestedAt: message.requestedAt });
  deps.log.info('search index request handled', { requestedAt: message.requestedAt, ...result });
  return undefined;
});
