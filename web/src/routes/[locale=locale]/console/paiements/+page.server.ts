import { loadConsolePayments, setAccountStatusForm } from '$lib/server/ticketing-setup/payment-forms';
import type { Actions, PageServerLoad } from './$types';

/** TIX-01, ORG-09: staff activate or suspend the organizations' payment accounts (audited). */
export const load: PageServerLoad = (event) => loadConsolePayments(event);

export const actions: Actions = {
  activate: (event) => setAccountStatusForm(event, 'active'),
  suspend: (event) => setAccountStatusForm(event, 'suspended'),
};
