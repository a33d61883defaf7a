import { loadCheckout, passSellable, submitCheckout } from '$lib/server/checkout/checkout-page';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-08: a pass's page — its events, its tiers and the buying form, the same as an event's
 * checkout (« Acheter la passe », or « Réserver » when every tier is free). Dynamic and the
 * visitor's own (no-store): live availability and a fresh checkout key at each view. A draft, a
 * withdrawn or an unknown pass is 404; one not yet or no longer on sale says so, without a form.
 */
export const load: PageServerLoad = (event) => loadCheckout(event, passSellable);

export const actions: Actions = {
  default: (event) => submitCheckout(event, passSellable),
};
