import { setPublicCache } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { calendarChoices, withRenditions } from '$shared/calendar/public-calendar';
import { ticketingMenuEvents } from '$shared/calendar/ticketing-menu';
import { passesMenuShown } from '$shared/ticketing/passes-menu';
import type { PageServerLoad } from './$types';

/** A document, as the calendar's home page: its cards need no client application (decision 0013). */
export const csr = false;

/**
 * CAL-08: « Billetterie / Inscriptions », the upcoming events that sell tickets or take
 * registrations on Parvis: the calendar's query with `onPlatformTicketing` fixed (data model §3.12),
 * one card per event, « Voir plus » by the calendar's cursor (`?suite=`). Cached like the calendar.
 * The seed puts « Passes » in this section: the page links to the tab when a pass is on sale or soon.
 */
export const load: PageServerLoad = async (event) => {
  setPublicCache(event);
  const deps = serverDeps();
  const cursor = event.url.searchParams.get('suite') ?? undefined;
  const [page, choices, passes] = await Promise.all([
    ticketingMenuEvents(deps, { cursor: cursor && cursor.length <= 500 ? cursor : undefined }),
    calendarChoices(deps, event.locals.locale),
    passesMenuShown(deps).catch(() => false),
  ]);
  await withRenditions(deps, page.cards);
  const categories = new Map(choices.categories.map((item) => [item.id, item.name]));
  return {
    cards: page.cards.map((card) => ({
      card,
      categoryName: card.categoryId ? categories.get(card.categoryId) : undefined,
    })),
    next: page.cursor,
    passes,
    first: !cursor,
  };
};
