import { loadTicketing, saveSettingsForm } from '$lib/server/ticketing/ticketing-forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-01..04, TIX-06, TIX-15: an event's « Billetterie » tab in the organization portal — its
 * settings, its ticket categories with what is sold and left, the payment account notice.
 */
export const load: PageServerLoad = (event) => loadTicketing(event);

export const actions: Actions = {
  settings: (event) => saveSettingsForm(event),
};
