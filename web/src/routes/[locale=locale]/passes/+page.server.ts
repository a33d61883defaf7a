import { setPublicCache } from '$lib/server/calendar/public-cache';
import { priceRangeOf } from '$lib/server/checkout/categories';
import { serverDeps } from '$lib/server/deps';
import type { StoredRendition } from '$shared/images/crops';
import { passCardImages } from '$shared/ticketing/pass-image';
import { publicPasses } from '$shared/ticketing/passes';
import type { PageServerLoad } from './$types';

/** A document, as « Billetterie / Inscriptions »: its cards need no client application (decision 0013). */
export const csr = false;

/**
 * TIX-08, CAL-08: the « Passes » tab, one card per active pass whose sales have not ended (on sale
 * or upcoming), soonest end first. Public and cached like the calendar: a card says what is on sale
 * and from what price, not what is left (the pass's page says that live). A pass with a theme
 * image shows its card crop, as the calendar's cards do; one without shows no image box.
 */
export const load: PageServerLoad = async (event) => {
  setPublicCache(event);
  const deps = serverDeps();
  const views = await publicPasses(deps);
  const images = await passCardImages(
    deps,
    views.map((view) => view.pass),
  );
  return {
    passes: views.flatMap((view) =>
      view.state === 'onSale' || view.state === 'upcoming'
        ? [
            {
              passId: view.pass.passId,
              title: view.pass.title,
              state: view.state,
              salesStartAt: view.pass.salesStartAt,
              salesEndAt: view.pass.salesEndAt,
              timeZone: view.pass.timeZone,
              eventCount: view.pass.eventIds.length,
              events: view.events.map(({ startsAt, timeZone }) => ({ startsAt, timeZone })),
              price: priceRangeOf(view.tiers),
              renditions: images.get(view.pass.passId)?.renditions as StoredRendition[] | undefined,
            },
          ]
        : [],
    ),
  };
};
