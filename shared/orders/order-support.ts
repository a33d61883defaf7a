/**
 * What the order use cases share: hashing of the keys a buyer brings (e-mail, form key, access
 * token), reading an order's partition, and the transaction pieces that move counters.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../deps';
import type { Order } from './order';
import type { OrderLine } from './order-line';
import type { OrderPayment } from './order-payment';
import { localDateOf, reportShardOf } from './report-counter';
import type { Ticket } from './ticket';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Data model §1.3: e-mails in keys are trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** TIX-03: public buyers have no account; their per-person counter is keyed on this. */
export const buyerKeyOf = (email: string) => sha256(`buyer:${normalizeEmail(email)}`);

/** A buyer's access token (order page, one-step cancellation): 256 random bits, shown once. */
export function newAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(`order-access:${token}`) };
}

export const accessTokenHash = (token: string) => sha256(`order-access:${token}`);

/** How many access tokens an order keeps at most (checkout tabs, the confirmation e-mail). */
export const maxAccessTokens = 8;

/** Payment webhook markers outlive Stripe's 3-day and PayPal's retry windows (data model §1.4). */
export const webhookDedupeDays = 35;
/** Abandoned orders are kept 30 days after their hold was released, then TTL removes them. */
export const abandonedOrderDays = 30;

export const epochSeconds = (at: Date, plusDays = 0) => Math.floor(at.getTime() / 1000) + plusDays * 86_400;

/** An order's whole partition: head, lines, payments and tickets (one Query). */
export interface OrderFile {
  order: Order;
  lines: OrderLine[];
  payments: OrderPayment[];
  tickets: Ticket[];
}

export async function readOrder(
  deps: Pick<Deps, 'db'>,
  orderId: string,
  options: { consistent?: boolean } = {},
): Promise<Order | undefined> {
  const { data } = await deps.db.orders.entities.order
    .get({ orderId })
    .go({ consistent: options.consistent ?? true });
  return data ?? undefined;
}

export async function readOrderFile(deps: Pick<Deps, 'db'>, orderId: string): Promise<OrderFile | undefined> {
  const { order, orderLine, orderPayment, ticket } = deps.db.orders.entities;
  const [head, lines, payments, tickets] = await Promise.all([
    order.get({ orderId }).go({ consistent: true }),
    orderLine.query.byOrder({ orderId }).go({ pages: 'all', consistent: true }),
    orderPayment.query.byOrder({ orderId }).go({ pages: 'all', consistent: true }),
    ticket.query.byOrder({ orderId }).go({ pages: 'all', consistent: true }),
  ]);
  if (!head.data) return undefined;
  return { order: head.data, lines: lines.data, payments: payments.data, tickets: tickets.data };
}

/** Tickets per category of an order, from its ticket lines. */
export function ticketQuantities(
  lines: Pick<OrderLine, 'kind' | 'refId' | 'quantity'>[],
): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const line of lines) {
    if (line.kind === 'ticket') quantities.set(line.refId, (quantities.get(line.refId) ?? 0) + line.quantity);
  }
  return quantities;
}

/** The report counters' keys of an order on a day (data model §3.17). */
export function reportKeys(
  order: Pick<Order, 'orgId' | 'eventId' | 'orderId' | 'currency' | 'timeZone'>,
  at: Date,
) {
  const shard = reportShardOf(order.orderId);
  return {
    day: { orgId: order.orgId, localDate: localDateOf(at, order.timeZone), currency: order.currency, shard },
    event: { orgId: order.orgId, eventId: order.eventId, currency: order.currency, shard },
  };
}
