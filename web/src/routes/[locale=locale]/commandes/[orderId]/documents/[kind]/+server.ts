import { orderDocument } from '$lib/server/checkout/order-page';
import type { RequestHandler } from './$types';

/** TIX-10: the order's receipt (`recu`) or tickets (`billets`) PDF, behind the buyer's key. */
export const GET: RequestHandler = (event) => orderDocument(event);
