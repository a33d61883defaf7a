/**
 * TIX-14, REP-04: an organization's orders ("factures") for the portal: the list by date with
 * status and totals, and one order with its lines, payments (the provider's transaction numbers)
 * and tickets. Scoped by the session's organization (ROLE-06): another organization's order is
 * "not found", never "forbidden", so ids cannot be probed.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { type Actor, actorSchema, actsFor, id } from './actor';
import { BadOrderAccessError, orderNotFound } from './errors';
import { type Order, paymentProviders } from './order';
import { accessTokenHash, type OrderFile, readOrderFile } from './order-support';

const getInput = z.object({ actor: actorSchema, orderId: id() });

/** TIX-14: one order of the actor's organization, whole (one partition). */
export async function getOrder(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orderId: string },
): Promise<OrderFile> {
  const { actor, orderId } = parseInput(getInput, input);
  const file = await readOrderFile(deps, orderId);
  if (!file || !actsFor(actor, file.order.orgId)) throw orderNotFound();
  return file;
}

const buyerInput = z.object({
  orderId: id(),
  accessToken: z.string().check(z.minLength(20), z.maxLength(100)),
});

/** The buyer's own order page (no account): opened by the access token given at checkout or by e-mail. */
export async function getOrderForBuyer(
  deps: Pick<Deps, 'db'>,
  input: { orderId: string; accessToken: string },
): Promise<OrderFile> {
  const parsed = parseInput(buyerInput, input);
  const file = await readOrderFile(deps, parsed.orderId);
  if (!file?.order.accessTokenHashes.includes(accessTokenHash(parsed.accessToken))) {
    throw new BadOrderAccessError();
  }
  return file;
}

const listInput = z.object({
  actor: actorSchema,
  orgId: z.optional(id()),
  /** ISO instants, `from` included, `to` excluded. */
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  cursor: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(200)), 50),
});

export interface OrderSummary {
  orderId: string;
  eventId: string;
  status: Order['status'];
  placedAt: string;
  paidAt?: string;
  buyerName: string;
  buyerEmail: string;
  ticketCount: number;
  totalCents: number;
  refundedCents: number;
  currency: string;
  provider?: string;
  /** The provider's checkout (Stripe `cs_…`, PayPal order id). */
  providerRef?: string;
  transactionId?: string;
}

/**
 * TIX-14, REP-04: the organization's orders placed in [from, to), newest first, a page at a time
 * (g3 `ORG#<orgId>` between `ORDER#<from>` and `ORDER#<to>`; the index holds keys only, the heads
 * are read by key).
 */
export async function listOrders(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof listInput>,
): Promise<{ orders: OrderSummary[]; cursor: string | null }> {
  const { actor, orgId = actor.orgId, from, to, cursor, limit } = parseInput(listInput, input);
  if (!actsFor(actor, orgId)) throw orderNotFound();
  const page = await deps.db.orders.entities.order.query
    .byOrg({ orgId })
    .between({ placedAt: new Date(from).toISOString() }, { placedAt: new Date(to).toISOString() })
    .go({ hydrate: true, limit, cursor: cursor ?? null, order: 'desc' });
  const toIso = new Date(to).toISOString();
  const orders = page.data.filter((order) => order.orgId === orgId && order.placedAt < toIso).map(summaryOf);
  return { orders, cursor: page.cursor };
}

function summaryOf(order: Order): OrderSummary {
  return {
    orderId: order.orderId,
    eventId: order.eventId,
    status: order.status,
    placedAt: order.placedAt,
    ...(order.paidAt ? { paidAt: order.paidAt } : {}),
    buyerName: order.buyer.name,
    buyerEmail: order.buyer.email,
    ticketCount: order.ticketCount,
    totalCents: order.totalCents,
    refundedCents: order.refundedCents,
    currency: order.currency,
    ...(order.provider ? { provider: order.provider } : {}),
    ...(order.providerRef ? { providerRef: order.providerRef } : {}),
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
  };
}

const refInput = z.object({
  actor: actorSchema,
  orgId: z.optional(id()),
  /** What the organizer copied from Stripe or PayPal. */
  ref: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
});

/**
 * TIX-14: the order of a provider's payment number — the checkout (Stripe `cs_…`, a PayPal order
 * id) on g2 `PAYREF#<provider>#<ref>`, one Query per provider, read by key. Only an order of the
 * actor's organization is returned (ROLE-06); anything else is `undefined`, like no order at all.
 */
export async function findOrderByPaymentRef(
  deps: Pick<Deps, 'db'>,
  input: z.input<typeof refInput>,
): Promise<OrderSummary | undefined> {
  const { actor, orgId = actor.orgId, ref } = parseInput(refInput, input);
  if (!actsFor(actor, orgId)) return undefined;
  const { order } = deps.db.orders.entities;
  const found = await Promise.all(
    paymentProviders.map((refProvider) =>
      order.query.byPaymentRef({ refProvider, providerRef: ref }).go({ hydrate: true, limit: 5 }),
    ),
  );
  const match = found.flatMap((page) => page.data).find((candidate) => candidate.orgId === orgId);
  return match ? summaryOf(match) : undefined;
}
