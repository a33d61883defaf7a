import { setPublicCache } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { readCalendarQuery } from '$shared/calendar/calendar-address';
import { calendarHome } from '$shared/calendar/public-calendar';
import type { PageServerLoad } from './$types';

/**
 * The home page is a document: no client application to download and hydrate (its cards and
 * filters need none; decision 0013). Its one script is the filters' static enhancement.
 */
export const csr = false;

/**
 * CAL-02, CAL-03: the home page is the calendar. The filter is read from the address only; any
 * other spelling of it was redirected to its one canonical address before this load (hooks.server.ts
 * `calendarRedirect`), so a filter has one link and one cache entry.
 */
export const load: PageServerLoad = async (event) => {
  const query = readCalendarQuery(event.url.searchParams);
  setPublicCache(event);
  return { home: await calendarHome(serverDeps(), { query, locale: event.locals.locale }) };
};
