import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../kernel/errors';
import { sweepExpiredHolds } from '../ticketing/settle-hold';
import { listTicketTypes } from '../ticketing/ticket-types';
import { cancelOrder, refundOrder } from './cancel-order';
import { expireOrder } from './confirm-order';
import { OrderStateError, PromoChangedError, PromoExistsError, RefundTooMuchError } from './errors';
import { getOrder, getOrderForBuyer, listOrders } from './order-queries';
import {
  activePayPalAccount,
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  organizerB,
  pay,
  queuedEmails,
  sellingEvent,
  staff,
} from './orders.test-support';
import { disablePromoCode, listPromoCodes, savePromoCode } from './promo-codes';
import { startCheckout } from './start-checkout';

let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('orders-admin');
  await activeStripeAccount(env, organizerA.orgId);
  await activePayPalAccount(env, organizerA.orgId);
});
afterAll(async () => {
  await env?.stop();
});

async function counts(eventId: string, ticketTypeId: string) {
  const { ticketTypes } = await listTicketTypes(env.deps, { eventId });
  const type = ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  return { remaining: type?.remaining, held: type?.held, sold: type?.sold };
}

async function paidOrder(
  eventId: string,
  ticketTypeId: string,
  quantity: number,
  provider: 'stripe' | 'paypal' = 'stripe',
) {
  const started = await startCheckout(
    env.deps,
    checkoutForm(eventId, [{ ticketTypeId, quantity }], { provider }),
  );
  let webhook = await pay(env, started.redirectUrl ?? '');
  let result = await deliver(env.deps, webhook);
  if (provider === 'paypal') {
    // The approval was captured by its webhook; the capture's own webhook confirms nothing more.
    expect(result.outcome).toBe('confirmed');
    await env.fake.idle();
    webhook =
      env.receiver.received.findLast(
        (hook) => hook.body.includes('PAYMENT.CAPTURE.COMPLETED') && hook.body.includes(started.orderId),
      ) ?? webhook;
    result = await deliver(env.deps, webhook);
    expect(result.outcome).toBe('alreadyConfirmed');
  } else {
    expect(result.outcome).toBe('confirmed');
  }
  return started;
}

describe('orders for organizers', () => {
  it('TIX-09 PayPal: the approval webhook captures once and confirms; the capture’s own webhook changes nothing', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1800 }]);
    const started = await paidOrder(eventId, ticketTypeIds[0] ?? '', 2, 'paypal');
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order).toMatchObject({ status: 'paid', provider: 'paypal', totalCents: 3600 });
    expect(file.payments).toHaveLength(1);
    expect(file.tickets).toHaveLength(2);
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
  });

  it('TIX-09 PayPal late approval with the seats gone: never captured, no money moves, order expired', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { priceCents: 1000, quantity: 1 },
    ]);
    const [category] = ticketTypeIds as [string];
    const late = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 1 }], { provider: 'paypal' }),
    );
    env.clock.advance(36 * 60_000);
    await sweepExpiredHolds(env.deps);
    await paidOrder(eventId, category, 1);
    const approval = await pay(env, late.redirectUrl ?? '');
    expect((await deliver(env.deps, approval)).outcome).toBe('notCaptured');
    env.clock.advance(-36 * 60_000);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: late.orderId });
    expect(file.order.status).toBe('expired');
    expect(file.payments).toEqual([]);
    await env.fake.idle();
    expect(
      env.receiver.received.some(
        (hook) => hook.body.includes('PAYMENT.CAPTURE.COMPLETED') && hook.body.includes(late.orderId),
      ),
    ).toBe(false);
    expect(await counts(eventId, category)).toEqual({ remaining: 0, held: 0, sold: 1 });
  });

  it('TIX-09 after the sweep, expireOrder closes a PayPal checkout nobody approved (PayPal orders never expire by themselves)', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { priceCents: 1000, quantity: 3 },
    ]);
    const [category] = ticketTypeIds as [string];
    const abandoned = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }], { provider: 'paypal' }),
    );
    const paid = await paidOrder(eventId, category, 1, 'paypal');
    env.clock.advance(36 * 60_000);
    await sweepExpiredHolds(env.deps);
    expect(await expireOrder(env.deps, { orderId: abandoned.orderId })).toBe('expired');
    expect(await expireOrder(env.deps, { orderId: abandoned.orderId })).toBe('stale');
    expect(await expireOrder(env.deps, { orderId: paid.orderId })).toBe('stale');
    env.clock.advance(-36 * 60_000);
    expect((await getOrder(env.deps, { actor: organizerA, orderId: abandoned.orderId })).order.status).toBe(
      'expired',
    );
    expect(await counts(eventId, category)).toEqual({ remaining: 2, held: 0, sold: 1 });
  });

  it('TIX-14 refund part then the rest through the provider: recorded once each, the full refund cancels tickets and gives the seats back', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2000 }]);
    const [category] = ticketTypeIds as [string];
    const started = await paidOrder(eventId, category, 2);
    await expect(
      refundOrder(env.deps, {
        actor: organizerA,
        orderId: started.orderId,
        refundKey: 'rembourser-0001-aaaa',
        amountCents: 5000,
      }),
    ).rejects.toBeInstanceOf(RefundTooMuchError);
    const part = {
      actor: organizerA,
      orderId: started.orderId,
      refundKey: 'rembourser-0001-bbbb',
      amountCents: 1000,
    };
    expect(await refundOrder(env.deps, part)).toMatchObject({ status: 'paid', refundedCents: 1000 });
    // The same form sent again refunds nothing more.
    expect(await refundOrder(env.deps, part)).toMatchObject({ status: 'paid', refundedCents: 1000 });
    // The provider's refund webhooks arrive: already recorded.
    await env.fake.idle();
    for (const hook of env.receiver.received.filter(
      (h) => h.body.includes('refund.created') && h.body.includes(started.orderId),
    )) {
      expect((await deliver(env.deps, hook)).outcome).toBe('stale');
    }
    const rest = await refundOrder(env.deps, {
      actor: organizerA,
      orderId: started.orderId,
      refundKey: 'rembourser-0001-cccc',
    });
    expect(rest).toMatchObject({ status: 'refunded', refundedCents: 4000, changed: true });
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.payments.map((p) => p.amountCents).sort((a, b) => a - b)).toEqual([-3000, -1000, 4000]);
    expect(file.tickets.every((ticket) => ticket.status === 'cancelled')).toBe(true);
    expect(await counts(eventId, category)).toEqual({ remaining: 100, held: 0, sold: 0 });
    const { data: report } = await env.deps.db.orders.entities.reportEvent.query
      .byOrg({ orgId: organizerA.orgId, eventId })
      .go();
    expect(report.reduce((sum, item) => sum + item.tickets, 0)).toBe(0);
    expect(report.reduce((sum, item) => sum + item.revenueCents, 0)).toBe(0);
    await expect(
      refundOrder(env.deps, {
        actor: organizerA,
        orderId: started.orderId,
        refundKey: 'rembourser-0001-dddd',
      }),
    ).rejects.toBeInstanceOf(OrderStateError);
  });

  it('TIX-14 cancel an order: what is left is refunded, tickets cancelled, seats back; twice changes nothing', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1500 }]);
    const [category] = ticketTypeIds as [string];
    const started = await paidOrder(eventId, category, 3);
    const input = { actor: organizerA, orderId: started.orderId, refundKey: 'annuler-00000001-x' };
    expect(await cancelOrder(env.deps, input)).toMatchObject({
      status: 'cancelled',
      refundedCents: 4500,
      changed: true,
    });
    expect(await cancelOrder(env.deps, input)).toMatchObject({ status: 'cancelled', changed: false });
    expect(await counts(eventId, category)).toEqual({ remaining: 100, held: 0, sold: 0 });
    const { order } = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    const told = await queuedEmails(env.deps, order.buyer.email);
    expect(told.map((m) => [m.templateId, m.data.cancelledBy, m.data.refundedCents])).toEqual([
      ['order.cancelled', 'organizer', 4500],
    ]);
  });

  it('ROLE-06 another organization’s organizer cannot read, list, refund or cancel an order; the buyer’s link opens only its own order', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1000 }]);
    const started = await paidOrder(eventId, ticketTypeIds[0] ?? '', 1);
    await expect(getOrder(env.deps, { actor: organizerB, orderId: started.orderId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      refundOrder(env.deps, { actor: organizerB, orderId: started.orderId, refundKey: 'attaque-0000000001' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      cancelOrder(env.deps, { actor: organizerB, orderId: started.orderId, refundKey: 'attaque-0000000002' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const from = new Date(env.clock.now().getTime() - 3_600_000).toISOString();
    const to = new Date(env.clock.now().getTime() + 3_600_000).toISOString();
    await expect(
      listOrders(env.deps, { actor: organizerB, orgId: organizerA.orgId, from, to }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await listOrders(env.deps, { actor: organizerB, from, to })).orders).toEqual([]);
    const own = await listOrders(env.deps, { actor: organizerA, from, to, limit: 200 });
    expect(own.orders.map((order) => order.orderId)).toContain(started.orderId);
    expect(own.orders.find((order) => order.orderId === started.orderId)).toMatchObject({
      status: 'paid',
      totalCents: 1000,
      provider: 'stripe',
    });
    expect(
      (await listOrders(env.deps, { actor: staff, orgId: organizerA.orgId, from, to })).orders.length,
    ).toBeGreaterThan(0);
    expect(
      (await getOrderForBuyer(env.deps, { orderId: started.orderId, accessToken: started.accessToken ?? '' }))
        .order.orderId,
    ).toBe(started.orderId);
    await expect(
      getOrderForBuyer(env.deps, { orderId: started.orderId, accessToken: 'A'.repeat(43) }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('TIX-07 promo codes for organizers: create (case-insensitive, unique), change under the loaded version, disable, list; another organization cannot', async () => {
    const { eventId } = await sellingEvent(env.deps, organizerA.orgId, [{}]);
    const created = await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'ete-25',
      fields: { kind: 'percent', percentOff: 25, usageLimit: 50 },
    });
    expect(created).toMatchObject({ code: 'ETE-25', used: 0, version: 1, status: 'active' });
    await expect(
      savePromoCode(env.deps, {
        actor: organizerA,
        eventId,
        code: 'ETE-25',
        fields: { kind: 'percent', percentOff: 5 },
      }),
    ).rejects.toBeInstanceOf(PromoExistsError);
    const invalid = await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'é!',
      fields: {
        kind: 'percent',
        percentOff: 150,
        usageLimit: 0,
        validFrom: '2026-12-10',
        validUntil: '2026-12-01',
      },
    }).catch((error: unknown) => error);
    expect((invalid as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual([
      'code',
      'percentOff',
      'usageLimit',
      'validUntil',
    ]);
    const changed = await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'ete-25',
      expectedVersion: 1,
      fields: { kind: 'amount', amountOffCents: 500 },
    });
    expect(changed).toMatchObject({ kind: 'amount', amountOffCents: 500, version: 2 });
    expect(changed.usageLimit).toBeUndefined();
    await expect(
      savePromoCode(env.deps, {
        actor: organizerA,
        eventId,
        code: 'ete-25',
        expectedVersion: 1,
        fields: { kind: 'percent', percentOff: 5 },
      }),
    ).rejects.toBeInstanceOf(PromoChangedError);
    await expect(
      savePromoCode(env.deps, {
        actor: organizerB,
        eventId,
        code: 'PIRATE',
        fields: { kind: 'percent', percentOff: 100 },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(listPromoCodes(env.deps, { actor: organizerB, eventId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      disablePromoCode(env.deps, { actor: organizerB, eventId, code: 'ete-25' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'AUTOMNE',
      fields: { kind: 'percent', percentOff: 10 },
    });
    await disablePromoCode(env.deps, { actor: organizerA, eventId, code: 'ete-25' });
    expect(
      (await listPromoCodes(env.deps, { actor: organizerA, eventId })).map((p) => [p.code, p.status]),
    ).toEqual([
      ['AUTOMNE', 'active'],
      ['ETE-25', 'disabled'],
    ]);
  });
});
