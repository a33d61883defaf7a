import { loadTicketTypeForm, saveTicketTypeForm } from '$lib/server/ticketing/ticketing-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-02, TIX-03: a ticket category's form (another organization's answers 404). */
export const load: PageServerLoad = (event) => loadTicketTypeForm(event, true);

export const actions: Actions = {
  default: (event) => saveTicketTypeForm(event, true),
};
