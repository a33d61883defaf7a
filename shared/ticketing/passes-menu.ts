/**
 * CAL-08, TIX-08: whether the site's main menu shows « Passes »: a pass is active and its sales
 * have not ended (on sale now, or soon). Every page's header asks, so the answer is kept a minute
 * per container, as « Billetterie / Inscriptions » is (shared/calendar/ticketing-menu.ts): CloudFront
 * keeps public pages a minute anyway (decision 0013), so the entry shows within about a minute of
 * a pass's activation and goes within a minute of its last sale.
 */
import type { Deps } from '../deps';
import { ContainerCache } from '../kernel/container-cache';

const shownCache = new ContainerCache<boolean>(60_000, 1);

/** Forgets this container's answer (tests; a change made here shows at once). */
export function forgetPassesMenu(): void {
  shownCache.clear();
}

/**
 * CAL-08: « Passes » is in the menu once a pass is active with its sales not over. The read is the
 * « Passes » tab's own (g1 `PASSES`, sales end after now), without reading each pass by key:
 * g1 projects `status`. Passes are few, drafts fewer.
 */
export function passesMenuShown(deps: Pick<Deps, 'db' | 'clock'>): Promise<boolean> {
  return shownCache.through('shown', async () => {
    const now = deps.clock.now().toISOString();
    const { data } = await deps.db.ticketing.entities.pass.query
      .all({})
      .gt({ salesEndAt: now })
      .go({ pages: 'all', attributes: ['status'] });
    return data.some((pass) => pass.status === 'active');
  });
}
