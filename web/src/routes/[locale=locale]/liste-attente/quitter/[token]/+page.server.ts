import { loadLeave, submitLeave } from '$lib/server/waiting-list/waiting-list-pages';
import type { Actions, PageServerLoad } from './$types';

/** TIX-15: leave the waiting list with the confirmation e-mail's link. */
export const load: PageServerLoad = (event) => loadLeave(event);

export const actions: Actions = {
  default: (event) => submitLeave(event),
};
