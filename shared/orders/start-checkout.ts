/**
 * TIX-09 (with TIX-03, TIX-04, TIX-05, TIX-07): from a cart to a pending order whose seats are held
 * while the buyer pays on the provider's page — or, when nothing is to be paid, to a confirmed free
 * registration. Everything about money is recomputed here from the stored categories, boxes and
 * promo code; the form's idempotency key (`checkoutKey`) makes a double-clicked « Payer » or a
 * retried request find the first order and the first provider checkout again (decision 0017).
 *
 * One transaction (placeHold's `extraWrites`) takes the seats and writes the order, its lines, the
 * form key's guard, the promo code's use (`used < usageLimit`) and the buyer's per-person counter
 * (`qty + n <= max`): all of it, or nothing. Then the provider's checkout is opened with an
 * idempotency key derived from the order; if that fails, the hold is released and nothing is
 * charged.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps, PaymentDeps } from '../deps';
import { parseInput } from '../kernel/validate';
import { offeredCustomCheckboxes } from '../organizations/custom-checkboxes';
import { activePaymentAccount } from '../payments/payment-accounts';
import type { CheckoutLine, PaymentAccount, PaymentProviderName } from '../payments/payment-provider';
import {
  eventNotFound,
  HoldCommitRefusedError,
  NotOnSaleError,
  PerPersonLimitError,
  TooManyAdmissionsError,
} from '../ticketing/errors';
import { passOnSale } from '../ticketing/passes';
import { type ExtraWrites, maxTicketsPerOrder, placeHold } from '../ticketing/place-hold';
import { releaseHold } from '../ticketing/settle-hold';
import type { TicketType } from '../ticketing/ticket-type';
import { isOnSale } from '../ticketing/ticket-types';
import { readTicketingSettings } from '../ticketing/ticketing-settings';
import { id } from './actor';
import { confirmOrder } from './confirm-order';
import type { OrdersEntities } from './db';
import {
  BuyerLimitError,
  CheckoutFailedError,
  CheckoutKeyReusedError,
  NotSellingError,
  OrderBusyError,
  type OrdersIssue,
  orderNotFound,
  ordersInvalid,
  PromoRefusedError,
} from './errors';
import type { Order } from './order';
import type { OrderLine } from './order-line';
import {
  abandonedOrderDays,
  buyerKeyOf,
  epochSeconds,
  maxAccessTokens,
  newAccessToken,
  normalizeEmail,
  readOrder,
  sha256,
} from './order-support';
import { priceOrder } from './pricing';
import { normalizePromoCode, promoRefusal } from './promo-rules';
import { commitOfferCheckout, offerForCheckout } from './waiting-list';

/**
 * How long seats are held while the buyer pays, and when the provider's checkout expires. Stripe's
 * shortest is 30 minutes (the adapter raises anything shorter to 31 minutes from its call); 35
 * leaves 4 minutes in which a retried call (same form, first request lost) sends exactly the same
 * parameters, so the provider's idempotency answers with the first checkout. A retry after that is
 * refused by the provider (other parameters, same key): the order is then closed, nothing held or
 * charged, and the buyer starts again.
 */
export const paymentHoldMinutes = 35;
/** A free registration is confirmed at once; its hold only covers the two transactions. */
export const freeHoldMinutes = 10;

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const checkoutInput = z.object({
  eventId: id(),
  /** Shapes only: the ranges are rules with their own messages (`checkoutIssues`). */
  lines: z.array(z.object({ ticketTypeId: id(), quantity: z.unknown() })).check(z.maxLength(50)),
  promoCode: z.optional(z.string().check(z.maxLength(64))),
  /** TIX-05: the organization's boxes the buyer ticked. */
  checkboxIds: z._default(z.array(id()).check(z.maxLength(20)), []),
  /** TIX-04: « Je souhaite récupérer mes billets sur place ». */
  pickUpAtVenue: z._default(z.boolean(), false),
  buyer: z.object({
    name: z.string().check(z.maxLength(400)),
    email: z.string().check(z.maxLength(400)),
    phone: z.optional(z.string().check(z.maxLength(40))),
    postalCode: z.optional(z.string().check(z.maxLength(16))),
  }),
  locale: z.enum(['fr', 'en']),
  /** Ignored when the order is free. */
  provider: z.optional(z.enum(['stripe', 'paypal'])),
  /** The form's idempotency key: random, made when the form is shown. */
  checkoutKey: z.string().check(z.minLength(16), z.maxLength(128)),
  /** TIX-15: the waiting-list offer's link: the order takes the offer's held seats instead of new ones. */
  offerToken: z.optional(z.string().check(z.minLength(20), z.maxLength(100))),
});
export type StartCheckoutInput = z.input<typeof checkoutInput>;

export interface CheckoutStarted {
  orderId: string;
  status: Order['status'];
  /** The provider's page to send the buyer to (paid orders still waiting for their payment). */
  redirectUrl?: string;
  /**
   * The buyer's key to their order page and, for a free registration, its one-step cancellation:
   * shown once (set it in a cookie or the page's link), never stored.
   */
  accessToken?: string;
  heldUntil: string;
  totalCents: number;
  currency: string;
  /** True when this answer is the first request's order found again (same `checkoutKey`). */
  resumed: boolean;
}

export type CheckoutDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'> & PaymentDeps;

/**
 * Where the provider sends the buyer back: the order's page, which syncs the payment (syncOrderPayment).
 * Its segments are French in both languages, as every path of the site (web/src/lib/paths.ts).
 */
export function checkoutReturnUrls(siteUrl: string, locale: 'fr' | 'en', orderId: string) {
  const base = `${siteUrl.replace(/\/$/, '')}/${locale}/commandes/${orderId}`;
  return { successUrl: `${base}?retour=paiement`, cancelUrl: `${base}?retour=annule` };
}

/**
 * TIX-08: at most this many tickets (passes × their events) in one order: its confirmation and its
 * cancellation each write every ticket, and its access code when the event is online, in one
 * transaction of at most 100 items.
 */
export const maxPassAdmissions = 40;

/** Who sells what a checkout buys: a published event selling on Parvis, or a pass on sale (TIX-08). */
interface Seller {
  orgId: string;
  timeZone: string;
  /** TIX-04: offered by the event's settings; a pass's tickets are always sent. */
  pickUpAtVenue: boolean;
  /** A pass: the events each pass admits to, and its title (its lines read « <title> — <tier> »). */
  passEventIds?: string[];
  passTitle?: string;
}

async function sellerOf(deps: Pick<Deps, 'db' | 'clock'>, eventId: string): Promise<Seller> {
  const event = (await deps.db.calendar.entities.event.get({ eventId }).go()).data;
  if (event) {
    if (event.status !== 'published') throw eventNotFound();
    const settings = await readTicketingSettings(deps, eventId);
    if (!settings.enabled) throw new NotSellingError();
    return { orgId: event.orgId, timeZone: event.timeZone, pickUpAtVenue: settings.pickUpAtVenue };
  }
  const pass = await passOnSale(deps, eventId);
  if (!pass) throw eventNotFound();
  return {
    orgId: pass.orgId,
    timeZone: pass.timeZone,
    pickUpAtVenue: false,
    passEventIds: pass.eventIds,
    passTitle: pass.title,
  };
}

function checkoutIssues(parsed: z.output<typeof checkoutInput>): OrdersIssue[] {
  const issues: OrdersIssue[] = [];
  const name = parsed.buyer.name.trim();
  if (name.length === 0 || name.length > 200)
    issues.push({ path: 'buyer.name', key: 'orders.rule.buyerName' });
  const address = normalizeEmail(parsed.buyer.email);
  if (!email.test(address) || address.length > 254)
    issues.push({ path: 'buyer.email', key: 'orders.rule.buyerEmail' });
  if (parsed.lines.length === 0) {
    issues.push({ path: 'lines', key: 'orders.rule.lines', params: { max: maxTicketsPerOrder } });
  }
  parsed.lines.forEach((line, index) => {
    const quantity = line.quantity;
    if (
      typeof quantity !== 'number' ||
      !Number.isSafeInteger(quantity) ||
      quantity < 1 ||
      quantity > maxTicketsPerOrder
    ) {
      issues.push({
        path: `lines.${index}.quantity`,
        key: 'orders.rule.quantity',
        params: { max: maxTicketsPerOrder },
      });
    }
  });
  const total = parsed.lines.reduce(
    (sum, line) =>
      sum + (typeof line.quantity === 'number' && Number.isFinite(line.quantity) ? line.quantity : 0),
    0,
  );
  if (total > maxTicketsPerOrder) {
    issues.push({ path: 'lines', key: 'orders.rule.lines', params: { max: maxTicketsPerOrder } });
  }
  return issues;
}

/**
 * TIX-09: places the order and holds its seats; a paid order gets the provider's checkout page, a
 * free one is confirmed at once. The same `checkoutKey` (same buyer, same event) answers with the
 * first order and its checkout, never a second one.
 */
export async function startCheckout(deps: CheckoutDeps, input: StartCheckoutInput): Promise<CheckoutStarted> {
  const parsed = parseInput(checkoutInput, input);
  const issues = checkoutIssues(parsed);
  if (issues.length > 0) throw ordersInvalid(issues);
  const buyerKey = buyerKeyOf(parsed.buyer.email);
  const keyHash = sha256(`checkout:${parsed.checkoutKey}`);
  const { orders } = deps.db;

  const guard = (await orders.entities.checkoutKey.get({ keyHash }).go({ consistent: true })).data;
  if (guard) return resume(deps, guard, { buyerKey, eventId: parsed.eventId, provider: parsed.provider });

  const now = deps.clock.now();
  const seller = await sellerOf(deps, parsed.eventId);

  const { data: types } = await deps.db.ticketing.entities.ticketType.query
    .byEvent({ eventId: parsed.eventId })
    .go({ pages: 'all' });
  const byId = new Map(types.map((type) => [type.ticketTypeId, type]));
  const quantities = new Map<string, number>();
  for (const line of parsed.lines) {
    // Whole numbers from 1 to 20 by now (checkoutIssues).
    quantities.set(line.ticketTypeId, (quantities.get(line.ticketTypeId) ?? 0) + (line.quantity as number));
  }
  const chosen: TicketType[] = [];
  for (const [ticketTypeId, quantity] of quantities) {
    const type = byId.get(ticketTypeId);
    if (!type) throw ordersInvalid([{ path: 'lines', key: 'orders.rule.ticketType' }]);
    if (!isOnSale(type, now)) throw new NotOnSaleError(type.ticketTypeId, type.nameFr);
    if (quantity > type.perPersonMax)
      throw new PerPersonLimitError(type.ticketTypeId, type.perPersonMax, type.nameFr);
    chosen.push(type);
  }
  // TIX-08: each pass issues a ticket per event, all written by the confirmation's one transaction.
  const admits = seller.passEventIds?.length ?? 1;
  const units = [...quantities.values()].reduce((sum, quantity) => sum + quantity, 0);
  if (seller.passEventIds && units * admits > maxPassAdmissions) {
    throw new TooManyAdmissionsError(maxPassAdmissions, admits);
  }
  if (new Set(chosen.map((type) => type.currency)).size > 1) {
    throw ordersInvalid([{ path: 'lines', key: 'orders.rule.currency' }]);
  }
  // TIX-15: an offer pays for its own held seats, exactly its category and quantity.
  const offer = parsed.offerToken
    ? await offerForCheckout(deps, {
        offerToken: parsed.offerToken,
        eventId: parsed.eventId,
        lines: [...quantities],
      })
    : undefined;

  const promoCode = parsed.promoCode?.trim() ? normalizePromoCode(parsed.promoCode) : undefined;
  const promo = promoCode
    ? (
        await orders.entities.promoCode
          .get({ eventId: parsed.eventId, code: promoCode })
          .go({ consistent: true })
      ).data
    : undefined;
  if (promoCode) {
    const refusal = promoRefusal(promo ?? undefined, now, [...quantities.keys()]);
    if (refusal) throw new PromoRefusedError(refusal, promoCode);
  }

  const offered =
    parsed.checkboxIds.length > 0 ? await offeredCustomCheckboxes(deps, { orgId: seller.orgId }) : [];
  const ticked = parsed.checkboxIds.map((checkboxId) => {
    const box = offered.find((candidate) => candidate.checkboxId === checkboxId);
    if (!box) throw ordersInvalid([{ path: 'checkboxIds', key: 'orders.rule.checkbox' }]);
    return box;
  });

  const passTitle = seller.passTitle;
  const priced = priceOrder({
    ticketTypes: passTitle
      ? chosen.map((tier) => ({
          ...tier,
          nameFr: `${passTitle} — ${tier.nameFr}`,
          nameEn: `${passTitle} — ${tier.nameEn}`,
        }))
      : chosen,
    lines: [...quantities].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })),
    ...(promo ? { promo } : {}),
    checkboxes: [...new Map(ticked.map((box) => [box.checkboxId, box])).values()],
  });
  const free = priced.totalCents === 0;
  const provider: PaymentProviderName | undefined = free ? undefined : parsed.provider;
  if (!free && !provider) throw ordersInvalid([{ path: 'provider', key: 'orders.rule.provider' }]);
  // TIX-01: no seat is held for an organization that cannot take the payment.
  const account = provider ? await activePaymentAccount(deps, seller.orgId, provider) : undefined;

  const orderId = deps.ids();
  const holdId = offer ? offer.hold.holdId : deps.ids();
  const access = newAccessToken();
  const placedAt = now.toISOString();
  const checkoutUntil = new Date(
    now.getTime() + (free ? freeHoldMinutes : paymentHoldMinutes) * 60_000,
  ).toISOString();
  // An offer's seats stay held until the offer's end, and at least as long as any checkout's.
  const heldUntil = offer && offer.hold.heldUntil > checkoutUntil ? offer.hold.heldUntil : checkoutUntil;
  const order: Order = {
    orderId,
    orgId: seller.orgId,
    eventId: parsed.eventId,
    ...(seller.passEventIds ? { passEventIds: seller.passEventIds } : {}),
    status: 'pendingPayment',
    buyer: {
      name: parsed.buyer.name.trim(),
      email: normalizeEmail(parsed.buyer.email),
      ...(parsed.buyer.phone?.trim() ? { phone: parsed.buyer.phone.trim() } : {}),
      ...(parsed.buyer.postalCode?.trim()
        ? { postalCode: parsed.buyer.postalCode.trim().toUpperCase().replace(/\s+/g, '') }
        : {}),
    },
    locale: parsed.locale,
    pickUpAtVenue: seller.pickUpAtVenue && parsed.pickUpAtVenue,
    ...(provider ? { provider } : {}),
    holdId,
    heldUntil,
    timeZone: seller.timeZone,
    currency: priced.currency,
    subtotalCents: priced.subtotalCents,
    discountCents: priced.discountCents,
    gstCents: priced.gstCents,
    qstCents: priced.qstCents,
    totalCents: priced.totalCents,
    refundedCents: 0,
    ticketCount: priced.ticketCount,
    ...(promo ? { promoCode: promo.code } : {}),
    buyerKey,
    checkoutKeyHash: keyHash,
    accessTokenHashes: [access.hash],
    placedAt,
    version: 1,
  };
  const lines: OrderLine[] = priced.lines.map((line, index) => ({
    orderId,
    lineNo: String(index + 1).padStart(2, '0'),
    eventId: parsed.eventId,
    placedAt,
    kind: line.kind,
    refId: line.refId,
    nameFr: line.nameFr,
    nameEn: line.nameEn,
    unitPriceCents: line.unitPriceCents,
    quantity: line.quantity,
    taxes: line.taxes,
    baseCents: line.baseCents,
    gstCents: line.gstCents,
    qstCents: line.qstCents,
    totalCents: line.totalCents,
    payableCents: line.payableCents,
    currency: priced.currency,
  }));

  const guardIndex = 1 + lines.length;
  const promoIndex = promo ? guardIndex + 1 : -1;
  const quantityStart = guardIndex + (promo ? 2 : 1);
  const counted = [...quantities];
  try {
    const extraWrites: ExtraWrites<OrdersEntities> = {
      entities: orders.entities,
      writes: (joined) => [
        joined.order.create(order).commit(),
        ...lines.map((line) => joined.orderLine.create(line).commit()),
        joined.checkoutKey
          .create({
            keyHash,
            orderId,
            eventId: parsed.eventId,
            buyerKey,
            at: placedAt,
            expiresAt: epochSeconds(now, 2),
          })
          .commit(),
        ...(promo
          ? [
              joined.promoCode
                .update({ eventId: promo.eventId, code: promo.code })
                .add({ used: 1 })
                .where((attr, { eq, lt }) =>
                  promo.usageLimit === undefined
                    ? `${eq(attr.status, 'active')} AND ${eq(attr.version, promo.version)}`
                    : `${eq(attr.status, 'active')} AND ${eq(attr.version, promo.version)} AND ${lt(attr.used, promo.usageLimit)}`,
                )
                .commit(),
            ]
          : []),
        ...counted.map(([ticketTypeId, quantity]) => {
          const max = byId.get(ticketTypeId)?.perPersonMax ?? 0;
          return joined.buyerQuantity
            .update({ buyerKey, ticketTypeId })
            .add({ qty: quantity })
            .set({ eventId: parsed.eventId })
            .where(
              (attr, { notExists, lte }) => `(${notExists(attr.qty)} OR ${lte(attr.qty, max - quantity)})`,
            )
            .commit();
        }),
      ],
    };
    if (offer) await commitOfferCheckout(deps, { offer, orderId, heldUntil, extraWrites });
    else
      await placeHold(deps, {
        holdId,
        subject: { kind: 'order', id: orderId },
        lines: counted.map(([ticketTypeId, quantity]) => ({
          eventId: parsed.eventId,
          ticketTypeId,
          quantity,
        })),
        heldUntil,
        ticketTypes: chosen,
        extraWrites,
      });
  } catch (error) {
    if (!(error instanceof HoldCommitRefusedError)) throw error;
    const refused = new Set(error.refused.map((reason) => reason.index));
    if (refused.has(guardIndex)) {
      // The same form was submitted twice at once: the other request placed the order.
      const first = (await orders.entities.checkoutKey.get({ keyHash }).go({ consistent: true })).data;
      if (first) return resume(deps, first, { buyerKey, eventId: parsed.eventId, provider: parsed.provider });
    }
    if (promo && refused.has(promoIndex)) {
      const fresh = (
        await orders.entities.promoCode
          .get({ eventId: promo.eventId, code: promo.code })
          .go({ consistent: true })
      ).data;
      const refusal = promoRefusal(fresh ?? undefined, now, [...quantities.keys()]);
      throw refusal ? new PromoRefusedError(refusal, promo.code) : new OrderBusyError();
    }
    for (const [offset, [ticketTypeId]] of counted.entries()) {
      if (refused.has(quantityStart + offset)) {
        const type = byId.get(ticketTypeId);
        throw new BuyerLimitError(ticketTypeId, type?.perPersonMax ?? 0, type?.nameFr ?? '');
      }
    }
    throw new OrderBusyError();
  }

  if (free) {
    await confirmOrder(deps, { orderId });
    const confirmed = await readOrder(deps, orderId);
    return {
      orderId,
      status: confirmed?.status ?? 'pendingPayment',
      accessToken: access.token,
      heldUntil,
      totalCents: 0,
      currency: priced.currency,
      resumed: false,
    };
  }
  const opened = await openCheckout(deps, order, account as PaymentAccount, lines);
  return {
    orderId,
    status: 'pendingPayment',
    redirectUrl: opened.redirectUrl,
    accessToken: access.token,
    heldUntil,
    totalCents: priced.totalCents,
    currency: priced.currency,
    resumed: false,
  };
}

/** The provider's lines: what the buyer pays for each of ours, after the discount; never negative. */
function checkoutLines(
  lines: Pick<OrderLine, 'kind' | 'nameFr' | 'nameEn' | 'quantity' | 'totalCents' | 'payableCents'>[],
  locale: 'fr' | 'en',
  totalCents: number,
): CheckoutLine[] {
  // From the stored lines, so a retried call sends the provider exactly what the first one did.
  const payable = lines.map((line) => ({
    ...line,
    pay: line.payableCents ?? (line.kind === 'discount' ? 0 : line.totalCents),
  }));
  let result: CheckoutLine[] = payable
    .filter((line) => line.pay > 0)
    .map((line) => {
      const name = locale === 'fr' ? line.nameFr : line.nameEn;
      return line.pay % line.quantity === 0
        ? { name, unitCents: line.pay / line.quantity, quantity: line.quantity }
        : { name: `${name} × ${line.quantity}`, unitCents: line.pay, quantity: 1 };
    });
  const sum = result.reduce((total, line) => total + line.unitCents * line.quantity, 0);
  if (sum !== totalCents) {
    // Never expected (the lines add up by construction): one line with the order's total.
    result = [{ name: locale === 'fr' ? 'Commande' : 'Order', unitCents: totalCents, quantity: 1 }];
  }
  return result;
}

/**
 * Opens (or, with the same idempotency key, finds again) the provider's checkout of a pending
 * order and stores its reference. A failure releases the hold and closes the order: nothing held,
 * nothing charged.
 */
async function openCheckout(
  deps: CheckoutDeps,
  order: Order,
  account: PaymentAccount,
  lines: OrderLine[],
): Promise<{ redirectUrl: string }> {
  const provider = order.provider as PaymentProviderName;
  const urls = checkoutReturnUrls(deps.config.siteUrl, order.locale, order.orderId);
  let created: Awaited<ReturnType<ReturnType<CheckoutDeps['payments']>['createCheckout']>>;
  try {
    created = await deps.payments(provider).createCheckout({
      orderId: order.orderId,
      lines: checkoutLines(lines, order.locale, order.totalCents),
      totalCents: order.totalCents,
      currency: order.currency,
      buyerEmail: order.buyer.email,
      locale: order.locale,
      ...urls,
      expiresAt: order.heldUntil,
      idempotencyKey: `checkout-${order.orderId}`,
      account,
    });
  } catch (error) {
    await abandonOrder(deps, order, 'failed', 'checkout_failed');
    deps.log.warn('checkout could not be opened; hold released', {
      orderId: order.orderId,
      provider,
      error: error instanceof Error ? error.name : 'Error',
    });
    throw new CheckoutFailedError(provider, error);
  }
  await deps.db.orders.entities.order
    .patch({ orderId: order.orderId })
    .set({
      provider,
      refProvider: provider,
      providerRef: created.providerRef,
      checkoutUrl: created.redirectUrl,
    })
    .where((attr, { eq }) => eq(attr.status, 'pendingPayment'))
    .go()
    .catch((error: unknown) => {
      // Confirmed or closed meanwhile (a webhook found it by our id): the reference is not needed.
      if (!String((error as Error).message).includes('conditional request failed')) throw error;
    });
  return { redirectUrl: created.redirectUrl };
}

/** The same form again: the first order, its checkout (opened now if the first request died before). */
async function resume(
  deps: CheckoutDeps,
  guard: { orderId: string; eventId: string; buyerKey: string },
  asked: { buyerKey: string; eventId: string; provider?: PaymentProviderName },
): Promise<CheckoutStarted> {
  if (guard.eventId !== asked.eventId || guard.buyerKey !== asked.buyerKey)
    throw new CheckoutKeyReusedError();
  let order = await readOrder(deps, guard.orderId);
  if (!order) throw orderNotFound();
  // A fresh key for this tab: the first answer may never have reached the browser.
  const access = newAccessToken();
  if (order.accessTokenHashes.length < maxAccessTokens) {
    await deps.db.orders.entities.order
      .patch({ orderId: order.orderId })
      .append({ accessTokenHashes: [access.hash] })
      .go();
  }
  const token = order.accessTokenHashes.length < maxAccessTokens ? access.token : undefined;
  const answer = (redirectUrl?: string): CheckoutStarted => ({
    orderId: order?.orderId ?? guard.orderId,
    status: order?.status ?? 'pendingPayment',
    ...(redirectUrl ? { redirectUrl } : {}),
    ...(token ? { accessToken: token } : {}),
    heldUntil: order?.heldUntil ?? '',
    totalCents: order?.totalCents ?? 0,
    currency: order?.currency ?? 'CAD',
    resumed: true,
  });
  if (order.status !== 'pendingPayment') return answer();
  if (order.totalCents === 0) {
    await confirmOrder(deps, { orderId: order.orderId });
    order = (await readOrder(deps, order.orderId)) ?? order;
    return answer();
  }
  if (order.checkoutUrl) return answer(order.checkoutUrl);
  const provider = order.provider as PaymentProviderName;
  const account = await activePaymentAccount(deps, order.orgId, provider);
  const { data: lines } = await deps.db.orders.entities.orderLine.query
    .byOrder({ orderId: order.orderId })
    .go({ pages: 'all', consistent: true });
  const opened = await openCheckout(deps, order, account, lines);
  order = (await readOrder(deps, order.orderId)) ?? order;
  return answer(opened.redirectUrl);
}

/**
 * A pending order that will never be paid (checkout not opened, expired, abandoned): its hold
 * released, then the order closed with its promo use and per-buyer count given back, in one
 * transaction conditioned on `pendingPayment` (a payment that won the race keeps the order).
 * Safe to repeat. Returns false when the order was no longer pending.
 */
export async function abandonOrder(
  deps: Pick<Deps, 'db' | 'clock'>,
  order: Order,
  to: 'failed' | 'expired',
  reason: string,
): Promise<boolean> {
  const released = await releaseHold(deps, { holdId: order.holdId });
  if (released.status === 'converted') return false;
  const now = deps.clock.now();
  const { data: lines } = await deps.db.orders.entities.orderLine.query
    .byOrder({ orderId: order.orderId })
    .go({ pages: 'all', consistent: true });
  const quantities = new Map<string, number>();
  for (const line of lines) {
    if (line.kind === 'ticket') quantities.set(line.refId, (quantities.get(line.refId) ?? 0) + line.quantity);
  }
  const result = await createWriteTransaction(deps.db.orders.entities, (joined) => [
    joined.order
      .patch({ orderId: order.orderId })
      .set({
        status: to,
        closedAt: now.toISOString(),
        closedReason: reason,
        expiresAt: epochSeconds(now, abandonedOrderDays),
      })
      .add({ version: 1 })
      .where((attr, { eq }) => eq(attr.status, 'pendingPayment'))
      .commit(),
    // A retry with the same form starts afresh once the order has failed.
    ...(to === 'failed' ? [joined.checkoutKey.delete({ keyHash: order.checkoutKeyHash }).commit()] : []),
    ...(order.promoCode
      ? [
          joined.promoCode
            .update({ eventId: order.eventId, code: order.promoCode })
            .subtract({ used: 1 })
            .where((attr, { gte }) => gte(attr.used, 1))
            .commit(),
        ]
      : []),
    ...[...quantities].map(([ticketTypeId, quantity]) =>
      joined.buyerQuantity
        .update({ buyerKey: order.buyerKey, ticketTypeId })
        .subtract({ qty: quantity })
        .where((attr, { gte }) => gte(attr.qty, quantity))
        .commit(),
    ),
  ]).go();
  return !result.canceled;
}
