import { eventSellable, loadCheckout, submitCheckout } from '$lib/server/checkout/checkout-page';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-03..07, TIX-09: an event's checkout — « Acheter des billets », or « S'inscrire » when every
 * category is free. Dynamic and the visitor's own (no-store): live availability and a fresh
 * checkout key at each view.
 */
export const load: PageServerLoad = (event) => loadCheckout(event, eventSellable);

export const actions: Actions = {
  default: (event) => submitCheckout(event, eventSellable),
};
