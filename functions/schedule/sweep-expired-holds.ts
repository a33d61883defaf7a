import { sweepExpiredHolds } from '../../shared/ticketing/settle-hold';
import { scheduledJob } from '../_middleware/schedule';

/** TIX-09: every minute, expired holds give their seats back (TTL only cleans up later). */
export const handler = scheduledJob((deps, event, run) =>
  sweepExpiredHolds(deps, { now: new Date(event.time), timeLeftMs: run.timeLeftMs }),
);
