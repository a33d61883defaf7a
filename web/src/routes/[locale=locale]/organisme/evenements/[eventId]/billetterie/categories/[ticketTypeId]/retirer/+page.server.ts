import { loadWithdrawal, withdrawTicketTypeForm } from '$lib/server/ticketing/ticketing-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-03: the confirmation step of withdrawing a category from sale (a page: no JavaScript needed). */
export const load: PageServerLoad = (event) => loadWithdrawal(event);

export const actions: Actions = {
  default: (event) => withdrawTicketTypeForm(event),
};
