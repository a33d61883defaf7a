import { loadOffer, submitOffer } from '$lib/server/waiting-list/waiting-list-pages';
import type { Actions, PageServerLoad } from './$types';

/** TIX-15: the seats a waiting-list offer holds, and the form that pays for exactly them. */
export const load: PageServerLoad = (event) => loadOffer(event);

export const actions: Actions = {
  default: (event) => submitOffer(event),
};
