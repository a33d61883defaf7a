import { setPublicCache } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { calendarChoices, withRenditions } from '$shared/calendar/public-calendar';
import { ticketingMenuEvents } from '$shared/calendar/ticketing-menu';
import type { PageServerLoad } from './$types';

/** A document, as the calendar's home page: its cards need no client application (decision 0013). */
export const csr = false;

/**
 * CAL-08: « Billetterie / Inscriptions », the upcoming events that sell tickets or take
 * registrations on Parvis: the calendar's query with `onPlatformTicketing` fixed (data model §3.12),
 * one card per event, « Voir plus » by the calendar's cursor (`?suite=`). Cached like the calendar.
 * The seed puts « Passes » in this section: its two tabs are « Événements » and « Passes ».
 */
export const load: PageServerLoad = async (event) => {
  setPublicCache(event);
  const deps = serverDeps();
  const cursor = event.url.searchParams.get('suite') ?? undefined;
  const [page, choices] = await Promise.all([
    ticketingMenuEvents(deps, { cursor: cursor && cursor.length <= 500 ? cursor : undefined }),
    calendarChoices(deps, event.locals.locale),
  ]);
  await withRenditions(deps, page.cards);
  const categories = new Map(choices.categories.map((item) => [item.id, item.name]));
  return {
    cards: page.cards.map((card) => ({
      card,
      categoryName: card.categoryId ? categories.get(card.categoryId) : undefined,
    })),
    next: page.cursor,
    first: !cursor,
  };
};
