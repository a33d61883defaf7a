import { loadOrder } from '$lib/server/checkout/order-page';
import type { PageServerLoad } from './$types';

/**
 * TIX-09, TIX-10, TIX-11: the buyer's order, opened by its key only (`?cle=` or the order's cookie);
 * anything else is « introuvable ». The payment is synced with the provider on load.
 */
export const load: PageServerLoad = (event) => loadOrder(event);
