import { setPublicCache } from '$lib/server/calendar/public-cache';
import type { PageServerLoad } from './$types';

/** CAL-07: after a submission; the same words for every visitor (shared cache for anonymous ones). */
export const load: PageServerLoad = (event) => {
  setPublicCache(event);
  return {};
};
