import { setPublicCache } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { s3IndexFileStore } from '$shared/adapters/s3-index-file';
import { searchEvents } from '$shared/search/search-events';
import { type SearchLoader, searchLoader } from '$shared/search/search-loader';
import type { PageServerLoad } from './$types';

/**
 * CAL-10: the search page, `?q=` (a GET form: it works without JavaScript, and a search is a link).
 * MiniSearch and the search file are loaded by this route only, on its first search (decision
 * 0011 §2, decision 0012): the calendar pages and a cold start never pay for them.
 */
let loader: SearchLoader | undefined;

export const load: PageServerLoad = async (event) => {
  setPublicCache(event);
  loader ??= searchLoader(s3IndexFileStore(process.env), { log: serverDeps().log });
  const q = event.url.searchParams.get('q') ?? '';
  return { search: await searchEvents(serverDeps(), loader, { q, locale: event.locals.locale }) };
};
