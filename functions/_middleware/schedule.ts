import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ScheduledEvent, scheduledEvent } from '../../events/scheduled';
import type { Deps } from '../../shared/deps';
import { errorFields } from '../../shared/kernel/logger';
import { containerDeps } from './deps';
import { requestLogging } from './logging';

/**
 * The one middy stack of every scheduled job: logging, the event checked against its schema, the
 * job run as of the scheduled `time` (with the time left before the function's timeout, so a job
 * can stop in time), and errors logged then rethrown so Lambda counts them (the Errors alarm) and
 * the scheduler's retry policy applies.
 */
export function scheduledJob<R>(
  job: (deps: Deps, event: ScheduledEvent, run: { timeLeftMs: () => number }) => Promise<R>,
) {
  return middy<unknown, R, Error, Context>()
    .use(requestLogging())
    .handler(async (raw, context) => {
      const deps = containerDeps();
      const event = scheduledEvent.parse(raw);
      try {
        return await job(deps, event, { timeLeftMs: () => context.getRemainingTimeInMillis() });
      } catch (error) {
        deps.log.error('scheduled job failed', { time: event.time, ...errorFields(error) });
        throw error;
      }
    });
}
