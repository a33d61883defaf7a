import { s3IndexFileStore } from '../../shared/adapters/s3-index-file';
import { buildPublicIndexes } from '../../shared/search/public-indexes';
import { scheduledJob } from '../_middleware/schedule';

/** CAL-10 (decision 0011 §2): the hourly build of the search file, the net under a lost request. */
const indexFiles = s3IndexFileStore(process.env);

export const handler = scheduledJob((deps) => buildPublicIndexes({ ...deps, indexFiles }));
