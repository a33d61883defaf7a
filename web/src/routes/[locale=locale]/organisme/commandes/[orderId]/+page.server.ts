import { resetAccessCodeAction } from '$lib/server/access-codes/access-forms';
import { loadOrderDetail } from '$lib/server/orders/portal-orders';
import type { Actions, PageServerLoad } from './$types';

/**
 * TIX-14, REP-04: an order's detail (« facture »): lines with taxes, the payment ledger with the
 * provider's numbers, tickets, buyer, PDFs, and the links to refund or cancel it.
 */
export const load: PageServerLoad = (event) => loadOrderDetail(event);

/** TIX-13: create or reset a ticket's access code (the buyer is e-mailed the new one). */
export const actions: Actions = { accessCode: (event) => resetAccessCodeAction(event) };
