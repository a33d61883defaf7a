import { loadOrderList } from '$lib/server/orders/portal-orders';
import type { PageServerLoad } from './$types';

/**
 * TIX-14, REP-04: « Commandes » — the organization's orders by date range, filtered by event and
 * state, the range's sales at the top, and the search by Stripe or PayPal number.
 */
export const load: PageServerLoad = (event) => loadOrderList(event);
