import type { Deps } from '../deps';

/**
 * CAL-10, decision 0011 §2: the request for a rebuild of the search file, sent by the calendar's
 * use cases after a commit. Kept apart from the build (shared/search/public-indexes.ts) so that
 * the pages that save events do not load MiniSearch (decision 0012).
 */

/** The queue of build requests (its logical key in infra/wiring.ts). */
export const publicIndexesQueue = 'publicIndexes';

/**
 * After a commit that changed what the public sees: asks for a rebuild. Never throws: the change
 * is committed, and a request that could not be sent is made up for by the hourly run.
 */
export async function requestPublicIndexes(deps: Pick<Deps, 'queues' | 'clock' | 'log'>): Promise<void> {
  try {
    await deps.queues.publish(publicIndexesQueue, [{ v: 1, requestedAt: deps.clock.now().toISOString() }]);
  } catch (error) {
    deps.log.warn('search index rebuild request not sent; the hourly build will catch up', {
      error: String(error),
    });
  }
}
