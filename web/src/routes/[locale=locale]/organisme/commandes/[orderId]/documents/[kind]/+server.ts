import { orderDocument } from '$lib/server/orders/portal-orders';
import type { RequestHandler } from './$types';

/**
 * REP-04, TIX-10: the order's receipt (`recu`) or tickets (`billets`) PDF, for a member of the
 * order's organization only (another organization's order: 404).
 */
export const GET: RequestHandler = (event) => orderDocument(event);
