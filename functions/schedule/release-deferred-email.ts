import { releaseDueEmails } from '../../shared/comms/release-due-emails';
import { scheduledJob } from '../_middleware/schedule';

export const handler = scheduledJob((deps, event, run) =>
  releaseDueEmails(deps, { now: new Date(event.time), timeLeftMs: run.timeLeftMs }),
);
