import { loadTicketTypeForm, saveTicketTypeForm } from '$lib/server/ticketing/ticketing-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-02: « Ajouter une catégorie » of an event of the session's organization. */
export const load: PageServerLoad = (event) => loadTicketTypeForm(event, false);

export const actions: Actions = {
  default: (event) => saveTicketTypeForm(event, false),
};
