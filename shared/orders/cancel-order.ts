/**
 * TIX-11, TIX-14: an order undone. A buyer cancels a free registration in one step with the link
 * of their order (its access token); an organizer of the order's organization refunds an order
 * through the provider (all or part) and cancels it with its tickets. One transaction undoes the
 * sale exactly: the order's state (conditioned on `paid`), its tickets, the sold seats back on sale
 * (the shards the sold hold took), the per-buyer count, the promo use and the report counters.
 * Refunds are recorded once whichever comes first, our call or the provider's webhook
 * (recordRefund), and the provider's refund call carries an idempotency key from the organizer's
 * form, so a double-clicked « Rembourser » refunds once (decision 0017).
 */
import * as z from 'zod/mini';
import { commitWithEmails, type EmailRequest } from '../comms/queue-email';
import { isConditionFailure } from '../db/conditions';
import type { Deps, PaymentDeps } from '../deps';
import { ConflictError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { centsToDecimal } from '../payments/money';
import { activePaymentAccount } from '../payments/payment-accounts';
import type { PaymentProviderName } from '../payments/payment-provider';
import { type Actor, actorSchema, actsFor, id } from './actor';
import { recordRefund } from './confirm-order';
import {
  BadOrderAccessError,
  OrderBusyError,
  OrderStateError,
  orderNotFound,
  RefundTooMuchError,
} from './errors';
import type { Order } from './order';
import { buyerCancellationEmail, orderEventFacts, organizerCancellationEmail } from './order-emails';
import {
  accessTokenHash,
  type OrderFile,
  readOrder,
  readOrderFile,
  reportKeys,
  sha256,
  ticketQuantities,
} from './order-support';
import { areaReportKeys, reportUnits } from './report-counter';
import { offerCategories } from './waiting-list';

type CancelDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'>;

export interface CancelResult {
  orderId: string;
  status: Order['status'];
  /** This call made the change (false: it had been made before). */
  changed: boolean;
  refundedCents: number;
}

/**
 * The sale undone in one transaction (see the module's comment). `to` is `cancelled` (TIX-11, or an
 * organizer's cancellation) or `refunded` (the whole amount went back).
 */
async function undoSale(
  deps: CancelDeps,
  orderId: string,
  to: 'cancelled' | 'refunded',
  reason: string,
  emailsFor: (file: OrderFile, at: string) => Promise<EmailRequest[]> = async () => [],
): Promise<boolean> {
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    const file = await readOrderFile(deps, orderId);
    if (!file) throw orderNotFound();
    const { order, lines, tickets } = file;
    if (order.status !== 'paid') return false;
    const hold = order.soldHoldId
      ? (await deps.db.ticketing.entities.hold.get({ holdId: order.soldHoldId }).go({ consistent: true }))
          .data
      : undefined;
    const now = deps.clock.now();
    const at = now.toISOString();
    const quantities = ticketQuantities(lines);
    const valid = tickets.filter((ticket) => ticket.status === 'valid');
    const keys = reportKeys(order, now);
    // TIX-08: a pass's tickets give back passes, not tickets (report-counter.ts).
    const sold = reportUnits(order, valid.length);
    // ORG-02: the buyer's area gives its order back too (a partial refund changes nothing there).
    const areaKeys = areaReportKeys(order, now);
    const { inventoryShard } = deps.db.ticketing.entities;
    const entities = { ...deps.db.orders.entities, inventoryShard };
    const emails = await emailsFor(file, at);
    const writes = (
      joined: Parameters<Parameters<typeof commitWithEmails<typeof entities>>[1]['writes'] & object>[0],
    ) => [
      joined.order
        .patch({ orderId })
        .set({ status: to, closedAt: at, closedReason: reason })
        .add({ version: 1 })
        .where((attr, { eq }) => `${eq(attr.status, 'paid')} AND ${eq(attr.version, order.version)}`)
        .commit(),
      ...valid.map((ticket) =>
        joined.ticket
          .patch({ orderId, ticketId: ticket.ticketId })
          .set({ status: 'cancelled', cancelledAt: at })
          .where((attr, { eq }) => eq(attr.status, 'valid'))
          .commit(),
      ),
      ...(hold?.status === 'converted'
        ? hold.taken.map((take) =>
            joined.inventoryShard
              .update({ eventId: take.eventId, ticketTypeId: take.ticketTypeId, shard: take.shard })
              .subtract({ sold: take.quantity })
              .add({ remaining: take.quantity })
              .where((attr, { gte }) => gte(attr.sold, take.quantity))
              .commit(),
          )
        : []),
      ...[...quantities].map(([ticketTypeId, quantity]) =>
        joined.buyerQuantity
          .update({ buyerKey: order.buyerKey, ticketTypeId })
          .subtract({ qty: quantity })
          .where((attr, { gte }) => gte(attr.qty, quantity))
          .commit(),
      ),
      ...(order.promoCode
        ? [
            joined.promoCode
              .update({ eventId: order.eventId, code: order.promoCode })
              .subtract({ used: 1 })
              .where((attr, { gte }) => gte(attr.used, 1))
              .commit(),
          ]
        : []),
      joined.reportDay
        .update(keys.day)
        .subtract({ ...sold, orders: 1 })
        .commit(),
      joined.reportEvent
        .update(keys.event)
        .subtract({ ...sold, orders: 1 })
        .commit(),
      joined.reportAreaDay
        .update(areaKeys.day)
        .subtract({ ...sold, orders: 1 })
        .commit(),
      joined.reportAreaEvent
        .update(areaKeys.event)
        .subtract({ ...sold, orders: 1 })
        .commit(),
      // TIX-13, TIX-14: the tickets' access codes go with them (a binding left behind names its ticket).
      ...valid.flatMap((ticket) =>
        ticket.accessCode
          ? [joined.accessCode.delete({ eventId: ticket.eventId, code: ticket.accessCode }).commit()]
          : [],
      ),
    ];
    try {
      await commitWithEmails(deps, { entities, writes, emails });
      // TIX-15: the seats back on sale go to the category's waiting list first, if it has one.
      if (hold?.status === 'converted') await offerCategories(deps, hold.taken);
      return true;
    } catch (error) {
      // The order moved (a refund recorded meanwhile bumped its version): read it again.
      if (!(error instanceof ConflictError && error.code === 'transaction_canceled')) throw error;
    }
  }
  throw new OrderBusyError();
}

const buyerCancelInput = z.object({
  orderId: id(),
  accessToken: z.string().check(z.minLength(20), z.maxLength(100)),
});

/**
 * TIX-11: the buyer cancels their free registration in one step, from the link of their order;
 * the seats go back on sale; the organizer is told (`order.cancelled.organizer`, to the
 * organization's contact address) and so is the buyer (`order.cancelled`), in the same transaction.
 * A second click answers `changed: false` and sends nothing.
 */
export async function cancelRegistration(
  deps: CancelDeps,
  input: { orderId: string; accessToken: string },
): Promise<CancelResult> {
  const { orderId, accessToken } = parseInput(buyerCancelInput, input);
  const order = await readOrder(deps, orderId);
  if (!order?.accessTokenHashes.includes(accessTokenHash(accessToken))) throw new BadOrderAccessError();
  if (order.status === 'cancelled' && order.totalCents === 0) {
    return { orderId, status: 'cancelled', changed: false, refundedCents: 0 };
  }
  if (order.status !== 'paid' || order.totalCents !== 0) throw new OrderStateError('orders.notCancellable');
  const changed = await undoSale(deps, orderId, 'cancelled', 'buyer_cancelled', async (file, at) => {
    const facts = await orderEventFacts(deps, file.order);
    const notice = organizerCancellationEmail(deps, facts, file.order, file.lines, at);
    if (!notice)
      deps.log.warn('registration cancelled; the organization has no contact address', { orderId });
    return [
      buyerCancellationEmail(deps, facts, file.order, 'buyer', 0, accessToken),
      ...(notice ? [notice] : []),
    ];
  });
  const after = await readOrder(deps, orderId);
  return { orderId, status: after?.status ?? 'cancelled', changed, refundedCents: 0 };
}

/** TIX-14: an organizer's reason for a refund, ≤ 200 characters once trimmed; empty is none. */
const refundReason = () => z.string().check(z.trim(), z.maxLength(200));

const organizerInput = z.object({
  actor: actorSchema,
  orderId: id(),
  /** The organizer's form key: the same key never refunds twice. */
  refundKey: z.string().check(z.minLength(16), z.maxLength(128)),
  /** Part of what is left to refund; absent: all of it. */
  amountCents: z.optional(z.int().check(z.minimum(1))),
  /** Why, in the organizer's words: kept on the refund in the order's ledger. */
  reason: z.optional(refundReason()),
});

async function organizerOrder(deps: Pick<Deps, 'db'>, actor: z.output<typeof actorSchema>, orderId: string) {
  const order = await readOrder(deps, orderId);
  // Another organization's order does not exist for this actor (ROLE-06).
  if (!order || !actsFor(actor, order.orgId)) throw orderNotFound();
  return order;
}

/** Refunds `amount` of a paid order through its provider, once per form key, and records it. */
async function refundThroughProvider(
  deps: CancelDeps & PaymentDeps,
  order: Order,
  amountCents: number,
  refundKey: string,
  actorId: string,
  reason?: string,
): Promise<void> {
  const provider = order.provider as PaymentProviderName;
  const account = await activePaymentAccount(deps, order.orgId, provider, { allowSuspended: true });
  const refund = await deps.payments(provider).refund({
    providerRef: order.providerRef ?? '',
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    amountCents,
    currency: order.currency,
    orderId: order.orderId,
    idempotencyKey: `refund-${order.orderId}-${sha256(refundKey).slice(0, 32)}`,
    account,
  });
  const recorded = await recordRefund(deps, order, {
    provider,
    refundId: refund.refundId,
    amountCents: refund.amountCents,
    currency: order.currency,
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    source: `user:${actorId}`,
    ...(reason ? { note: reason } : {}),
  });
  if (!recorded && reason) await noteRefund(deps, order.orderId, refund.refundId, reason);
}

/**
 * The provider's webhook recorded this refund first (or a retried form did): the reason is added to
 * that ledger entry, once — never over another reason.
 */
async function noteRefund(deps: Pick<Deps, 'db'>, orderId: string, refundId: string, note: string) {
  const { orderPayment } = deps.db.orders.entities;
  const { data } = await orderPayment.query.byOrder({ orderId }).go({ pages: 'all', consistent: true });
  const entry = data.find((payment) => payment.kind === 'refund' && payment.paymentId === refundId);
  if (!entry || entry.note) return;
  await orderPayment
    .patch({ orderId, at: entry.at, paymentId: entry.paymentId })
    .set({ note })
    .where((attr, { notExists }) => notExists(attr.note))
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * TIX-14: the organizer refunds a paid order (all of what is left, or a part). Refunding what was
 * left in full also cancels the order: tickets cancelled, seats back, counters back.
 */
export async function refundOrder(
  deps: CancelDeps & PaymentDeps,
  input: { actor: Actor; orderId: string; refundKey: string; amountCents?: number; reason?: string },
): Promise<CancelResult> {
  const { actor, orderId, refundKey, amountCents, reason } = parseInput(organizerInput, input);
  const order = await organizerOrder(deps, actor, orderId);
  if (order.status !== 'paid' || order.totalCents === 0) throw new OrderStateError('orders.notRefundable');
  const left = order.totalCents - order.refundedCents;
  const amount = amountCents ?? left;
  if (amount > left)
    throw new RefundTooMuchError(`${centsToDecimal(left, order.currency)} ${order.currency}`);
  await refundThroughProvider(deps, order, amount, refundKey, actor.userId, reason || undefined);
  const after = (await readOrder(deps, orderId)) ?? order;
  let changed = true;
  if (after.refundedCents >= after.totalCents) {
    changed = await undoSale(deps, orderId, 'refunded', 'refunded', async (file) => [
      buyerCancellationEmail(
        deps,
        await orderEventFacts(deps, file.order),
        file.order,
        'organizer',
        file.order.refundedCents,
      ),
    ]);
  }
  const final = (await readOrder(deps, orderId)) ?? after;
  return { orderId, status: final.status, changed, refundedCents: final.refundedCents };
}

const cancelInput = z.object({
  actor: actorSchema,
  orderId: id(),
  refundKey: z.string().check(z.minLength(16), z.maxLength(128)),
  /** Kept on the refund of what was left, if any. */
  reason: z.optional(refundReason()),
});

/**
 * TIX-14: the organizer cancels an order: what is left of its payment is refunded first (once per
 * form key), then its tickets are cancelled and its seats and counters given back. A free
 * registration is simply cancelled.
 */
export async function cancelOrder(
  deps: CancelDeps & PaymentDeps,
  input: { actor: Actor; orderId: string; refundKey: string; reason?: string },
): Promise<CancelResult> {
  const { actor, orderId, refundKey, reason } = parseInput(cancelInput, input);
  const order = await organizerOrder(deps, actor, orderId);
  if (order.status === 'cancelled' || order.status === 'refunded') {
    return { orderId, status: order.status, changed: false, refundedCents: order.refundedCents };
  }
  if (order.status !== 'paid') throw new OrderStateError('orders.notRefundable');
  const left = order.totalCents - order.refundedCents;
  if (left > 0) await refundThroughProvider(deps, order, left, refundKey, actor.userId, reason || undefined);
  const changed = await undoSale(deps, orderId, 'cancelled', 'organizer_cancelled', async (file) => [
    buyerCancellationEmail(
      deps,
      await orderEventFacts(deps, file.order),
      file.order,
      'organizer',
      file.order.refundedCents,
    ),
  ]);
  const final = (await readOrder(deps, orderId)) ?? order;
  return { orderId, status: final.status, changed, refundedCents: final.refundedCents };
}
