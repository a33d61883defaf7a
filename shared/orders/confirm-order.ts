/**
 * TIX-09: a payment confirms its order exactly once, whatever the provider's webhooks do (decision
 * 0017, data model §3.14). One transaction (convertHold's `extraWrites`) writes the webhook's dedupe
 * marker (not-exists), turns the held seats into sold ones (hold `active`), marks the order paid
 * (`pendingPayment`), creates its tickets (and, for an online event, their access codes: TIX-13,
 * access-codes.ts), appends the payment to its ledger and ADDs the report counters; a replayed, reordered or late event fails one of those conditions and changes nothing.
 * After the commit, `order.confirmed` is published once (the order's `confirmationPublishedAt` is the
 * outbox flag: a redelivery or the buyer's return page publishes it if the first publish was lost).
 *
 * Late payment (data model §3.13): a payment completing after the order's hold was released takes
 * the seats again under the same conditions (a second hold, `<orderId>L`) and confirms; if they are
 * gone, the order becomes `paidUnfulfilled`, the money goes back through the provider (idempotent)
 * and the buyer is told.
 */
import { createWriteTransaction } from 'electrodb';
import { commitWithEmails } from '../comms/queue-email';
import { isConditionFailure } from '../db/conditions';
import type { Deps, PaymentDeps } from '../deps';
import { ConflictError } from '../kernel/errors';
import { InvalidWebhookSignatureError } from '../payments/errors';
import { activePaymentAccount } from '../payments/payment-accounts';
import type { PaymentAccount, PaymentProviderName, PaymentWebhookEvent } from '../payments/payment-provider';
import {
  HoldCommitRefusedError,
  HoldReleasedError,
  InventoryBusyError,
  NotOnSaleError,
  PerPersonLimitError,
  SoldOutError,
  TooManyTicketsError,
} from '../ticketing/errors';
import { placeHold } from '../ticketing/place-hold';
import { convertHold } from '../ticketing/settle-hold';
import { accessCodeAttempts, orderCodedEvents, withAccessCodes } from './access-codes';
import type { JoinedOrders } from './db';
import { orderNotFound, PaymentAccountInactiveError } from './errors';
import type { Order } from './order';
import { latePaymentEmail, orderEventFacts } from './order-emails';
import type { OrderLine } from './order-line';
import { epochSeconds, readOrder, reportKeys, ticketQuantities, webhookDedupeDays } from './order-support';
import { areaReportKeys, reportUnits } from './report-counter';
import { abandonOrder } from './start-checkout';

export type ConfirmDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'> & PaymentDeps;

/** The queue of `order.confirmed` (events/order-confirmed.ts); its consumer renders and mails the PDFs. */
export const orderDocumentsQueue = 'orderDocuments';

export interface ConfirmedPayment {
  provider: PaymentProviderName;
  providerRef?: string;
  transactionId?: string;
  amountCents: number;
  currency: string;
}

export type ConfirmOutcome =
  /** This call confirmed the order. */
  | 'confirmed'
  /** Confirmed before (a replay, the other path of webhook vs return page). */
  | 'alreadyConfirmed'
  /** Paid after its hold was released; the seats were still there and were taken again. */
  | 'lateConfirmed'
  /** Paid after its seats were gone: refunded through the provider, buyer told. */
  | 'paidUnfulfilled'
  /** A free order whose hold was released before it could be confirmed, the seats gone since. */
  | 'expired'
  /** Nothing to do: the event is older than the order's state. */
  | 'stale';

export interface ConfirmInput {
  orderId: string;
  /** Absent for a free order. */
  payment?: ConfirmedPayment;
  /** The provider's event id, written as `DEDUPE#<provider>#<eventId>` with the change. */
  dedupe?: { provider: PaymentProviderName; eventId: string };
}

const lateHoldId = (orderId: string) => `${orderId}L`;
/** A late payment's second hold lasts only as long as its confirmation takes. */
const lateHoldMinutes = 5;

async function ticketLines(deps: Pick<Deps, 'db'>, orderId: string): Promise<OrderLine[]> {
  const { data } = await deps.db.orders.entities.orderLine.query
    .byOrder({ orderId })
    .go({ pages: 'all', consistent: true });
  return data;
}

/** The items that commit with the seats' conversion: see the module's comment. */
function confirmWrites(
  deps: Pick<Deps, 'clock' | 'ids'>,
  order: Order,
  lines: OrderLine[],
  input: ConfirmInput,
  soldHoldId: string,
  /** TIX-13: the tickets of these (online) events get access codes, made at this attempt (access-codes.ts). */
  codes?: { attempt: number; eventIds: Set<string> },
) {
  const now = deps.clock.now();
  const at = now.toISOString();
  const quantities = ticketQuantities(lines);
  // An expired or failed order gave its promo use and per-buyer count back: a late payment takes them again.
  const regain = order.status !== 'pendingPayment';
  const payment = input.payment;
  // TIX-08: a pass admits to each of its events with a ticket of that event: the door checks it as any other.
  const admits = order.passEventIds ?? [order.eventId];
  const plain = [...quantities].flatMap(([ticketTypeId, quantity]) =>
    Array.from({ length: quantity }, () =>
      admits.map((eventId) => ({
        orderId: order.orderId,
        ticketId: deps.ids(),
        eventId,
        occurrenceId: eventId,
        ticketTypeId,
        status: 'valid' as const,
        issuedAt: at,
      })),
    ).flat(),
  );
  // A pass's tickets to an online event get codes, its other tickets keep their QR code.
  const coded = codes ? plain.filter((ticket) => codes.eventIds.has(ticket.eventId)) : [];
  const made = coded.length > 0 && codes ? withAccessCodes(coded, order.orgId, at, codes.attempt) : undefined;
  const tickets = made
    ? [...made.tickets, ...plain.filter((ticket) => !codes?.eventIds.has(ticket.eventId))]
    : plain;
  const keys = reportKeys(order, now);
  const revenue = payment?.amountCents ?? 0;
  const sold = reportUnits(order, tickets.length);
  // ORG-02: the buyer's area (postal code's first three characters, or `?`) counts in the same commit.
  const areaKeys = areaReportKeys(order, now);
  return {
    tickets,
    /** The access codes' items are the first `codeCount` writes: a collision is told by its position. */
    codeCount: made ? made.tickets.length : 0,
    writes: (joined: JoinedOrders) => [
      ...(made?.writes(joined) ?? []),
      ...dedupeWrites(
        joined,
        input.dedupe && { scope: input.dedupe.provider, key: input.dedupe.eventId },
        now,
      ),
      joined.order
        .patch({ orderId: order.orderId })
        .set({
          status: 'paid',
          paidAt: at,
          soldHoldId,
          ...(payment?.transactionId ? { transactionId: payment.transactionId } : {}),
          ...(payment?.providerRef && !order.providerRef
            ? { provider: payment.provider, refProvider: payment.provider, providerRef: payment.providerRef }
            : {}),
        })
        .remove(order.expiresAt !== undefined ? ['expiresAt', 'closedAt', 'closedReason'] : [])
        .add({ version: 1 })
        .where((attr, { eq }) => eq(attr.status, order.status))
        .commit(),
      ...tickets.map((ticket) => joined.ticket.create(ticket).commit()),
      ...(payment && payment.amountCents > 0
        ? [
            joined.orderPayment
              .create({
                orderId: order.orderId,
                at,
                paymentId: payment.transactionId ?? payment.providerRef ?? order.orderId,
                kind: 'payment',
                provider: payment.provider,
                ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
                ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
                amountCents: payment.amountCents,
                currency: payment.currency,
                source: input.dedupe ? `${input.dedupe.provider}:${input.dedupe.eventId}` : 'sync',
              })
              .commit(),
          ]
        : []),
      joined.reportDay
        .update(keys.day)
        .add({ ...sold, orders: 1, revenueCents: revenue })
        .commit(),
      joined.reportEvent
        .update(keys.event)
        .add({ ...sold, orders: 1, revenueCents: revenue })
        .commit(),
      joined.reportAreaDay
        .update(areaKeys.day)
        .add({ ...sold, orders: 1 })
        .commit(),
      joined.reportAreaEvent
        .update(areaKeys.event)
        .add({ ...sold, orders: 1 })
        .commit(),
      ...(regain && order.promoCode
        ? [
            joined.promoCode
              .update({ eventId: order.eventId, code: order.promoCode })
              .add({ used: 1 })
              .commit(),
          ]
        : []),
      ...(regain
        ? [...quantities].map(([ticketTypeId, quantity]) =>
            joined.buyerQuantity
              .update({ buyerKey: order.buyerKey, ticketTypeId })
              .add({ qty: quantity })
              .commit(),
          )
        : []),
    ],
  };
}

/**
 * The marker that makes a provider's event (or refund) count once: created in the transaction of
 * the change it causes, so a replay fails its condition and changes nothing (data model §3.14).
 */
function dedupeWrites(joined: JoinedOrders, marker: { scope: string; key: string } | undefined, now: Date) {
  if (!marker) return [];
  return [
    joined.dedupeMarker
      .create({ ...marker, at: now.toISOString(), expiresAt: epochSeconds(now, webhookDedupeDays) })
      .commit(),
  ];
}

/**
 * TIX-09: confirms a paid (or free) order, once. Safe to call from the webhook, the buyer's return
 * page and a retry at the same time: exactly one commits, the others answer `alreadyConfirmed`.
 */
export async function confirmOrder(deps: ConfirmDeps, input: ConfirmInput): Promise<ConfirmOutcome> {
  const order = await readOrder(deps, input.orderId);
  if (!order) throw orderNotFound();
  if (order.status === 'paid') {
    await publishConfirmation(deps, order);
    return 'alreadyConfirmed';
  }
  if (order.status === 'pendingPayment') {
    const outcome = await convertOnce(deps, order, input, order.holdId);
    if (outcome !== 'released') return outcome;
  } else if (order.status === 'paidUnfulfilled') {
    // Recorded before; if its refund call failed then, this redelivery makes it (same key: once).
    if (input.payment && order.refundedCents < input.payment.amountCents) {
      await refundUnfulfilled(deps, order, input.payment);
      return 'paidUnfulfilled';
    }
    return 'stale';
  } else if (order.status !== 'expired' && order.status !== 'failed') {
    // Cancelled, refunded: this payment was dealt with.
    return 'stale';
  } else if (!input.payment) {
    return 'stale';
  }
  return lateConfirm(deps, (await readOrder(deps, input.orderId)) ?? order, input);
}

/** One conversion of `holdId` with the order's items; `released` when the hold was released first. */
async function convertOnce(
  deps: ConfirmDeps,
  order: Order,
  input: ConfirmInput,
  holdId: string,
): Promise<ConfirmOutcome | 'released'> {
  const lines = await ticketLines(deps, order.orderId);
  const coded = await orderCodedEvents(deps, order);
  for (let attempt = 0; ; attempt += 1) {
    const codes = coded.size > 0 ? { attempt, eventIds: coded } : undefined;
    const built = confirmWrites(deps, order, lines, input, holdId, codes);
    try {
      const settled = await convertHold(deps, {
        holdId,
        extraWrites: {
          entities: deps.db.orders.entities,
          writes: (joined) => built.writes(joined as unknown as JoinedOrders),
        },
      });
      if (!settled.changed) return settledElsewhere(deps, order.orderId);
      break;
    } catch (error) {
      if (error instanceof HoldReleasedError) return 'released';
      if (error instanceof HoldCommitRefusedError) {
        // TIX-13: an access code already taken: nothing was written; again with other codes.
        if (accessCodeCollided(error, built) && attempt + 1 < accessCodeAttempts) continue;
        return settledElsewhere(deps, order.orderId);
      }
      throw error;
    }
  }
  const confirmed = await readOrder(deps, order.orderId);
  if (confirmed) await publishConfirmation(deps, confirmed);
  return holdId === order.holdId ? 'confirmed' : 'lateConfirmed';
}

/** Whether a refused confirmation was refused for an access code (the first `codeCount` of its writes). */
function accessCodeCollided(error: HoldCommitRefusedError, built: { codeCount: number }): boolean {
  return error.refused.some((refusal) => refusal.index < built.codeCount);
}

/** Someone else moved the order first (a replay, the return page): publish if they could not. */
async function settledElsewhere(deps: ConfirmDeps, orderId: string): Promise<ConfirmOutcome> {
  const now = await readOrder(deps, orderId);
  if (now?.status === 'paid') {
    await publishConfirmation(deps, now);
    return 'alreadyConfirmed';
  }
  return 'stale';
}

/** Data model §3.13: a payment after the release takes the seats again, or is refunded. */
async function lateConfirm(deps: ConfirmDeps, order: Order, input: ConfirmInput): Promise<ConfirmOutcome> {
  const lines = await ticketLines(deps, order.orderId);
  const now = deps.clock.now();
  try {
    await placeHold(deps, {
      holdId: lateHoldId(order.orderId),
      subject: { kind: 'order', id: order.orderId },
      lines: [...ticketQuantities(lines)].map(([ticketTypeId, quantity]) => ({
        eventId: order.eventId,
        ticketTypeId,
        quantity,
      })),
      heldUntil: new Date(now.getTime() + lateHoldMinutes * 60_000).toISOString(),
    });
  } catch (error) {
    const gone =
      error instanceof SoldOutError ||
      error instanceof NotOnSaleError ||
      error instanceof PerPersonLimitError ||
      error instanceof TooManyTicketsError;
    if (!gone) throw error;
    if (!input.payment) {
      if (order.status === 'pendingPayment') await abandonOrder(deps, order, 'expired', 'seats_gone');
      return 'expired';
    }
    return unfulfilled(deps, order, lines, input);
  }
  const outcome = await convertOnce(deps, order, input, lateHoldId(order.orderId));
  if (outcome === 'released') {
    // The second hold outlived its few minutes before converting: start over from the order's state.
    throw new InventoryBusyError();
  }
  return outcome;
}

/**
 * The seats are gone: the order records the payment and becomes `paidUnfulfilled` (giving back
 * its promo use and per-buyer count if it had not), then the provider refunds it with an
 * idempotency key of the order, so a redelivered event never refunds twice.
 */
async function unfulfilled(
  deps: ConfirmDeps,
  order: Order,
  lines: OrderLine[],
  input: ConfirmInput,
): Promise<ConfirmOutcome> {
  const payment = input.payment as ConfirmedPayment;
  const now = deps.clock.now();
  const at = now.toISOString();
  const giveBack = order.status === 'pendingPayment';
  const quantities = ticketQuantities(lines);
  const email = latePaymentEmail(deps, await orderEventFacts(deps, order), order, payment.amountCents);
  const writes = (joined: JoinedOrders) => [
    ...dedupeWrites(joined, input.dedupe && { scope: input.dedupe.provider, key: input.dedupe.eventId }, now),
    joined.order
      .patch({ orderId: order.orderId })
      .set({
        status: 'paidUnfulfilled',
        paidAt: at,
        closedAt: at,
        closedReason: 'seats_gone_after_hold',
        ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
        ...(payment.providerRef && !order.providerRef
          ? { provider: payment.provider, refProvider: payment.provider, providerRef: payment.providerRef }
          : {}),
      })
      .remove(order.expiresAt !== undefined ? ['expiresAt'] : [])
      .add({ version: 1 })
      .where((attr, { eq }) => eq(attr.status, order.status))
      .commit(),
    joined.orderPayment
      .create({
        orderId: order.orderId,
        at,
        paymentId: payment.transactionId ?? payment.providerRef ?? order.orderId,
        kind: 'payment',
        provider: payment.provider,
        ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
        ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
        amountCents: payment.amountCents,
        currency: payment.currency,
        source: input.dedupe ? `${input.dedupe.provider}:${input.dedupe.eventId}` : 'sync',
      })
      .commit(),
    ...(giveBack && order.promoCode
      ? [
          joined.promoCode
            .update({ eventId: order.eventId, code: order.promoCode })
            .subtract({ used: 1 })
            .where((attr, { gte }) => gte(attr.used, 1))
            .commit(),
        ]
      : []),
    ...(giveBack
      ? [...quantities].map(([ticketTypeId, quantity]) =>
          joined.buyerQuantity
            .update({ buyerKey: order.buyerKey, ticketTypeId })
            .subtract({ qty: quantity })
            .where((attr, { gte }) => gte(attr.qty, quantity))
            .commit(),
        )
      : []),
  ];
  try {
    // The buyer is told in the same transaction (outbox): refunded, with an apology.
    await commitWithEmails(deps, {
      entities: deps.db.orders.entities,
      writes: (joined) => writes(joined as unknown as JoinedOrders),
      emails: [email],
    });
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'transaction_canceled')) throw error;
    const current = await readOrder(deps, order.orderId);
    if (current?.status !== 'paidUnfulfilled') return settledElsewhere(deps, order.orderId);
  }
  await refundUnfulfilled(deps, (await readOrder(deps, order.orderId)) ?? order, payment);
  return 'paidUnfulfilled';
}

/** The automatic refund of a `paidUnfulfilled` order (idempotent: one key per order). */
export async function refundUnfulfilled(
  deps: ConfirmDeps,
  order: Order,
  payment: ConfirmedPayment,
): Promise<void> {
  const account = await webhookAccount(deps, order.orgId, payment.provider);
  const refund = await deps.payments(payment.provider).refund({
    providerRef: payment.providerRef ?? order.providerRef ?? '',
    ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
    amountCents: payment.amountCents,
    currency: payment.currency,
    orderId: order.orderId,
    idempotencyKey: `unfulfilled-${order.orderId}`,
    account,
  });
  await recordRefund(deps, order, {
    provider: payment.provider,
    refundId: refund.refundId,
    amountCents: refund.amountCents,
    currency: payment.currency,
    ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
    source: 'late-payment',
  });
  deps.log.warn('late payment refunded: its seats were gone', { orderId: order.orderId });
}

/**
 * A refund, once (`DEDUPE#refund-<provider>#<refundId>`): the ledger entry, the order's refunded
 * amount and the report revenue. Whether the organizer's refund or the provider's webhook (or a
 * refund made in the provider's dashboard) arrives first, it is recorded once.
 */
export async function recordRefund(
  deps: Pick<Deps, 'db' | 'clock'>,
  order: Order,
  refund: {
    provider: PaymentProviderName;
    refundId: string;
    amountCents: number;
    currency: string;
    transactionId?: string;
    source: string;
    /** The organizer's reason (TIX-14). */
    note?: string;
  },
): Promise<boolean> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const keys = reportKeys(order, now);
  const result = await createWriteTransaction(deps.db.orders.entities, (joined) => [
    ...dedupeWrites(joined, { scope: `refund-${refund.provider}`, key: refund.refundId }, now),
    joined.orderPayment
      .create({
        orderId: order.orderId,
        at,
        paymentId: refund.refundId,
        kind: 'refund',
        provider: refund.provider,
        ...(order.providerRef ? { providerRef: order.providerRef } : {}),
        ...(refund.transactionId ? { transactionId: refund.transactionId } : {}),
        refundId: refund.refundId,
        amountCents: -refund.amountCents,
        currency: refund.currency,
        source: refund.source,
        ...(refund.note ? { note: refund.note } : {}),
      })
      .commit(),
    joined.order
      .patch({ orderId: order.orderId })
      .add({ refundedCents: refund.amountCents, version: 1 })
      .commit(),
    ...(order.status === 'paid' || order.status === 'refunded' || order.status === 'cancelled'
      ? [
          joined.reportDay.update(keys.day).subtract({ revenueCents: refund.amountCents }).commit(),
          joined.reportEvent.update(keys.event).subtract({ revenueCents: refund.amountCents }).commit(),
        ]
      : []),
  ]).go();
  return !result.canceled;
}

/**
 * After the commit (convention 8): `order.confirmed` on the documents queue, then the flag. A
 * publish lost between the two is published again by the next delivery of the payment's event or by
 * the buyer's return page (syncOrderPayment); the consumer dedupes on the order id.
 */
export async function publishConfirmation(
  deps: Pick<Deps, 'db' | 'clock' | 'queues' | 'log'>,
  order: Order,
): Promise<boolean> {
  if (order.status !== 'paid' || order.confirmationPublishedAt) return false;
  const { order: orders } = deps.db.orders.entities;
  const now = deps.clock.now();
  // A short lease: of concurrent deliveries one publishes; a crash before publishing frees it at its end.
  try {
    await orders
      .patch({ orderId: order.orderId })
      .set({ confirmationClaimUntil: new Date(now.getTime() + confirmationLeaseMs).toISOString() })
      .where(
        (attr, { notExists, lt }) =>
          `${notExists(attr.confirmationPublishedAt)} AND (${notExists(attr.confirmationClaimUntil)} OR ${lt(attr.confirmationClaimUntil, now.toISOString())})`,
      )
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  try {
    await deps.queues.publish(orderDocumentsQueue, [
      { type: 'order.confirmed', v: 1, orderId: order.orderId },
    ]);
  } catch (error) {
    deps.log.warn('order.confirmed not published; the next delivery or the return page will', {
      orderId: order.orderId,
      error: error instanceof Error ? error.message : String(error),
    });
    await orders
      .patch({ orderId: order.orderId })
      .remove(['confirmationClaimUntil'])
      .go()
      .catch(() => undefined);
    return false;
  }
  await orders
    .patch({ orderId: order.orderId })
    .set({ confirmationPublishedAt: deps.clock.now().toISOString() })
    .remove(['confirmationClaimUntil'])
    .go();
  return true;
}

/** How long one publisher holds the confirmation's publish before another may take it over. */
const confirmationLeaseMs = 60_000;

/**
 * The organization's keys for a payment already made: a suspended account still verifies and
 * refunds what was paid to it; only a missing or never-activated one is refused.
 */
async function webhookAccount(
  deps: Pick<Deps, 'db'> & PaymentDeps,
  orgId: string,
  provider: PaymentProviderName,
): Promise<PaymentAccount> {
  return activePaymentAccount(deps, orgId, provider, { allowSuspended: true });
}

// ---------------------------------------------------------------------------------------------
// Webhooks and the buyer's return page

export interface WebhookResult {
  /** What to answer the provider: 200 (handled or nothing to do) or 400 (bad signature, thrown). */
  status: 200;
  outcome: ConfirmOutcome | 'expired' | 'refunded' | 'ignored' | 'unknownOrder' | 'notCaptured';
  orderId?: string;
}

/** What the unverified body says about the order: used only to find whose keys verify it. */
function orderHint(
  provider: PaymentProviderName,
  rawBody: string,
): { orderId?: string; providerRef?: string } {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    return {};
  }
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 128 ? value : undefined);
  if (provider === 'stripe') {
    const object = ((body.data as { object?: Record<string, unknown> } | undefined)?.object ?? {}) as Record<
      string,
      unknown
    >;
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    const orderId = text(object.client_reference_id) ?? text(metadata.order_id);
    const providerRef =
      text(metadata.checkout_session) ??
      (String(object.id ?? '').startsWith('cs_') ? text(object.id) : undefined);
    return { ...(orderId ? { orderId } : {}), ...(providerRef ? { providerRef } : {}) };
  }
  const resource = (body.resource ?? {}) as Record<string, unknown>;
  const units = (resource.purchase_units as { custom_id?: unknown }[] | undefined) ?? [];
  const orderId = text(resource.custom_id) ?? text(units[0]?.custom_id);
  const related = (resource.supplementary_data as { related_ids?: { order_id?: unknown } } | undefined)
    ?.related_ids;
  const providerRef =
    text(related?.order_id) ??
    (String(body.event_type ?? '').startsWith('CHECKOUT.ORDER') ? text(resource.id) : undefined);
  return { ...(orderId ? { orderId } : {}), ...(providerRef ? { providerRef } : {}) };
}

async function findOrder(
  deps: Pick<Deps, 'db'>,
  provider: PaymentProviderName,
  hint: { orderId?: string; providerRef?: string },
): Promise<Order | undefined> {
  if (hint.orderId && /^[A-Za-z0-9_-]{1,64}$/.test(hint.orderId)) {
    const order = await readOrder(deps, hint.orderId);
    if (order) return order;
  }
  if (hint.providerRef) {
    const { data } = await deps.db.orders.entities.order.query
      .byPaymentRef({ refProvider: provider, providerRef: hint.providerRef })
      .go({ limit: 1 });
    const found = data[0];
    if (found) return readOrder(deps, found.orderId);
  }
  return undefined;
}

/**
 * TIX-09: a provider's webhook, raw. The order is found from the body (our id in the checkout's
 * metadata, else the provider's reference on g2), its organization's account verifies the
 * signature on the raw bytes — a bad one throws InvalidWebhookSignatureError (400) and nothing is
 * written — then the event moves the order forward, at most once.
 */
export async function handlePaymentWebhook(
  deps: ConfirmDeps,
  input: {
    provider: PaymentProviderName;
    rawBody: string | Buffer;
    headers: Record<string, string | string[] | undefined>;
  },
): Promise<WebhookResult> {
  const raw = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  const order = await findOrder(deps, input.provider, orderHint(input.provider, raw));
  if (!order) {
    // Nobody's keys can verify it: neither believed nor retried forever.
    deps.log.warn('payment webhook for no known order', { provider: input.provider });
    return { status: 200, outcome: 'unknownOrder' };
  }
  let account: PaymentAccount;
  try {
    account = await webhookAccount(deps, order.orgId, input.provider);
  } catch (error) {
    if (error instanceof PaymentAccountInactiveError)
      throw new InvalidWebhookSignatureError(input.provider, error);
    throw error;
  }
  const adapter = deps.payments(input.provider);
  const event = await adapter.parseWebhook({ rawBody: input.rawBody, headers: input.headers, account });
  if (event.orderId && event.orderId !== order.orderId) {
    // Signed, but about another order than the one whose keys verified it: not believed.
    throw new InvalidWebhookSignatureError(input.provider);
  }
  const outcome = await applyEvent(deps, order, account, input.provider, event);
  return { status: 200, outcome, orderId: order.orderId };
}

async function applyEvent(
  deps: ConfirmDeps,
  order: Order,
  account: PaymentAccount,
  provider: PaymentProviderName,
  event: PaymentWebhookEvent,
): Promise<WebhookResult['outcome']> {
  const dedupe = { provider, eventId: event.eventId };
  switch (event.type) {
    case 'payment.completed':
      return confirmOrder(deps, {
        orderId: order.orderId,
        payment: {
          provider,
          ...(event.providerRef ? { providerRef: event.providerRef } : {}),
          ...(event.transactionId ? { transactionId: event.transactionId } : {}),
          amountCents: event.amountCents ?? order.totalCents,
          currency: event.currency ?? order.currency,
        },
        dedupe,
      });
    case 'payment.approved':
      return captureApproved(deps, order, account, provider, dedupe);
    case 'payment.expired':
      // Not believed alone (a reordered event): the provider's current state decides.
      return reconcile(deps, order, account, provider, dedupe);
    case 'payment.refunded': {
      if (!event.refundId || event.amountCents === undefined) return 'ignored';
      const recorded = await recordRefund(deps, order, {
        provider,
        refundId: event.refundId,
        amountCents: event.amountCents,
        currency: event.currency ?? order.currency,
        ...(event.transactionId ? { transactionId: event.transactionId } : {}),
        source: `${provider}:${event.eventId}`,
      });
      return recorded ? 'refunded' : 'stale';
    }
    default:
      return 'ignored';
  }
}

/**
 * PayPal: the buyer approved; the money moves only at the capture. A late approval (hold released,
 * seats gone) is never captured: no money moves, the order stays expired.
 */
async function captureApproved(
  deps: ConfirmDeps,
  order: Order,
  account: PaymentAccount,
  provider: PaymentProviderName,
  dedupe?: { provider: PaymentProviderName; eventId: string },
): Promise<WebhookResult['outcome']> {
  if (order.status === 'paid') return settledElsewhere(deps, order.orderId);
  if (order.status !== 'pendingPayment' && order.status !== 'expired' && order.status !== 'failed')
    return 'stale';
  const hold = (await deps.db.ticketing.entities.hold.get({ holdId: order.holdId }).go({ consistent: true }))
    .data;
  const late = order.status !== 'pendingPayment' || hold?.status !== 'active';
  if (late) {
    const lines = await ticketLines(deps, order.orderId);
    try {
      await placeHold(deps, {
        holdId: lateHoldId(order.orderId),
        subject: { kind: 'order', id: order.orderId },
        lines: [...ticketQuantities(lines)].map(([ticketTypeId, quantity]) => ({
          eventId: order.eventId,
          ticketTypeId,
          quantity,
        })),
        heldUntil: new Date(deps.clock.now().getTime() + lateHoldMinutes * 60_000).toISOString(),
      });
    } catch (error) {
      if (
        error instanceof SoldOutError ||
        error instanceof NotOnSaleError ||
        error instanceof PerPersonLimitError
      ) {
        if (order.status === 'pendingPayment')
          await abandonOrder(deps, order, 'expired', 'approved_after_hold');
        return 'notCaptured';
      }
      throw error;
    }
  }
  const captured = await deps.payments(provider).capture({
    providerRef: order.providerRef ?? '',
    idempotencyKey: `capture-${order.orderId}`,
    account,
  });
  if (captured.status !== 'paid') return 'stale';
  return confirmOrder(deps, {
    orderId: order.orderId,
    payment: {
      provider,
      providerRef: captured.providerRef,
      ...(captured.transactionId ? { transactionId: captured.transactionId } : {}),
      amountCents: captured.amountCents,
      currency: captured.currency,
    },
    ...(dedupe ? { dedupe } : {}),
  });
}

/** Applies the provider's current state of the order's checkout (data model §3.14). */
async function reconcile(
  deps: ConfirmDeps,
  order: Order,
  account: PaymentAccount,
  provider: PaymentProviderName,
  dedupe?: { provider: PaymentProviderName; eventId: string },
): Promise<WebhookResult['outcome']> {
  if (!order.providerRef) return 'stale';
  const state = await deps.payments(provider).getPayment(order.providerRef, account);
  if (state.status === 'paid') {
    return confirmOrder(deps, {
      orderId: order.orderId,
      payment: {
        provider,
        providerRef: state.providerRef,
        ...(state.transactionId ? { transactionId: state.transactionId } : {}),
        amountCents: state.amountCents,
        currency: state.currency,
      },
      ...(dedupe ? { dedupe } : {}),
    });
  }
  if (state.approved) return captureApproved(deps, order, account, provider, dedupe);
  if (state.status === 'expired' || state.status === 'canceled') {
    if (order.status !== 'pendingPayment') return 'stale';
    return (await abandonOrder(deps, order, 'expired', 'checkout_expired')) ? 'expired' : 'stale';
  }
  return 'stale';
}

/**
 * TIX-09: the buyer's return page asks the provider itself, so a lost or late webhook never leaves
 * a paid buyer waiting; and publishes a confirmation whose publish was lost. Idempotent.
 */
export async function syncOrderPayment(
  deps: ConfirmDeps,
  input: { orderId: string },
): Promise<{ status: Order['status']; outcome: WebhookResult['outcome'] }> {
  const order = await readOrder(deps, input.orderId);
  if (!order) throw orderNotFound();
  let outcome: WebhookResult['outcome'] = 'stale';
  if (order.status === 'paid') {
    await publishConfirmation(deps, order);
    outcome = 'alreadyConfirmed';
  } else if (
    order.provider &&
    order.providerRef &&
    ['pendingPayment', 'expired', 'failed'].includes(order.status)
  ) {
    const account = await webhookAccount(deps, order.orgId, order.provider);
    outcome = await reconcile(deps, order, account, order.provider);
  } else if (order.status === 'pendingPayment' && order.totalCents === 0) {
    outcome = await confirmOrder(deps, { orderId: order.orderId });
  }
  const now = await readOrder(deps, input.orderId);
  return { status: now?.status ?? order.status, outcome };
}

/**
 * TIX-09: after the sweep released an order's hold (the lead's hook on `sweepExpiredHolds`, for
 * PayPal checkouts that never expire by themselves): the order is closed as `expired` with its
 * promo use and per-buyer count given back, unless the provider says it was paid meanwhile.
 */
export async function expireOrder(
  deps: ConfirmDeps,
  input: { orderId: string },
): Promise<WebhookResult['outcome']> {
  const order = await readOrder(deps, input.orderId);
  if (order?.status !== 'pendingPayment') return 'stale';
  if (order.provider && order.providerRef) {
    const account = await webhookAccount(deps, order.orgId, order.provider);
    const state = await deps.payments(order.provider).getPayment(order.providerRef, account);
    if (state.status === 'paid' || state.approved) return reconcile(deps, order, account, order.provider);
  }
  return (await abandonOrder(deps, order, 'expired', 'hold_expired')) ? 'expired' : 'stale';
}
