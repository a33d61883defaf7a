import { loadRefund, refundForm, reviewRefundForm } from '$lib/server/orders/portal-orders';
import type { Actions, PageServerLoad } from './$types';

/** TIX-14: « Rembourser » an order, all or part, with a reason; a confirmation step first. */
export const load: PageServerLoad = (event) => loadRefund(event);

export const actions: Actions = {
  review: (event) => reviewRefundForm(event),
  refund: (event) => refundForm(event),
};
