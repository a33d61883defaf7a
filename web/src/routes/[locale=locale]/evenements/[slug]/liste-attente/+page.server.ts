import { loadJoin, submitJoin } from '$lib/server/waiting-list/waiting-list-pages';
import type { Actions, PageServerLoad } from './$types';

/** TIX-15: join the waiting list of a sold-out category of the event. */
export const load: PageServerLoad = (event) => loadJoin(event);

export const actions: Actions = {
  default: (event) => submitJoin(event),
};
