import { cancelForm, loadCancel } from '$lib/server/orders/portal-orders';
import type { Actions, PageServerLoad } from './$types';

/** TIX-14: cancel an order and its tickets (what is left of its payment refunded first), once confirmed. */
export const load: PageServerLoad = (event) => loadCancel(event);

export const actions: Actions = {
  default: (event) => cancelForm(event),
};
