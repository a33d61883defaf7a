import { createHmac } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfirmedMessage, orderConfirmedSample } from '../../events/order-confirmed';
import { InvalidWebhookSignatureError } from '../payments/errors';
import { sweepExpiredHolds } from '../ticketing/settle-hold';
import { listTicketTypes } from '../ticketing/ticket-types';
import { syncOrderPayment } from './confirm-order';
import { getOrder, listOrders } from './order-queries';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  pay,
  queuedEmails,
  sellingEvent,
} from './orders.test-support';
import { savePromoCode } from './promo-codes';
import { startCheckout } from './start-checkout';

let env: OrdersBed;
let stripeKeys: { secretKey: string; webhookSecret: string };

beforeAll(async () => {
  env = await ordersBed('orders-checkout');
  stripeKeys = await activeStripeAccount(env, organizerA.orgId);
});
afterAll(async () => {
  await env?.stop();
});

/** A Stripe event signed with the organization's endpoint secret, as Stripe would sign it. */
function signedStripe(body: object, secret: string) {
  const payload = JSON.stringify(body);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  return { path: '/webhooks/stripe', body: payload, headers: { 'stripe-signature': `t=${t},v1=${v1}` } };
}

async function remaining(eventId: string, ticketTypeId: string) {
  const { ticketTypes } = await listTicketTypes(env.deps, { eventId });
  const type = ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  return { remaining: type?.remaining, held: type?.held, sold: type?.sold };
}

describe('checkout and payment confirmation', () => {
  it('TIX-09 a paid order: seats held, Stripe checkout, webhook → paid with tickets, ledger and report counters', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { priceCents: 2500, taxes: 'included' },
      { priceCents: 1000, taxes: 'added' },
    ]);
    const [regular, student] = ticketTypeIds as [string, string];
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [
        { ticketTypeId: regular, quantity: 2 },
        { ticketTypeId: student, quantity: 1 },
      ]),
    );
    expect(started).toMatchObject({
      status: 'pendingPayment',
      totalCents: 6150,
      currency: 'CAD',
      resumed: false,
    });
    expect(started.redirectUrl).toContain(`${env.fake.origin}/checkout/stripe/`);
    expect(started.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await remaining(eventId, regular)).toEqual({ remaining: 98, held: 2, sold: 0 });

    const webhook = await pay(env, started.redirectUrl ?? '');
    expect(await deliver(env.deps, webhook)).toMatchObject({
      outcome: 'confirmed',
      orderId: started.orderId,
    });
    expect(await remaining(eventId, regular)).toEqual({ remaining: 98, held: 0, sold: 2 });

    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order).toMatchObject({ status: 'paid', totalCents: 6150, refundedCents: 0 });
    expect(file.order.transactionId).toMatch(/^pi_/);
    expect(file.tickets).toHaveLength(3);
    expect(file.payments).toEqual([
      expect.objectContaining({
        kind: 'payment',
        amountCents: 6150,
        transactionId: file.order.transactionId,
      }),
    ]);
    const published = env.confirmations.filter((m) => m.orderId === started.orderId);
    expect(published).toHaveLength(1);
    expect(orderConfirmedMessage.parse(published[0])).toEqual({
      type: 'order.confirmed',
      v: 1,
      orderId: started.orderId,
    });
    expect(orderConfirmedMessage.parse(orderConfirmedSample).type).toBe('order.confirmed');
    const { data: days } = await env.deps.db.orders.entities.reportEvent.query
      .byOrg({ orgId: organizerA.orgId, eventId })
      .go();
    expect(days.reduce((sum, item) => sum + item.tickets, 0)).toBe(3);
    expect(days.reduce((sum, item) => sum + item.revenueCents, 0)).toBe(6150);
  });

  it('TIX-09 replay: the completed event 3 times, reordered with an expired one, and a forged copy → one paid order, one order.confirmed, 400 for the forgery', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 4000 }]);
    const [category] = ticketTypeIds as [string];
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]),
    );
    const order = (await getOrder(env.deps, { actor: organizerA, orderId: started.orderId })).order;
    // Signed by the organization's secret, as Stripe would send it out of order: not believed alone.
    const expired = signedStripe(
      {
        id: `evt_expired_${started.orderId}`,
        object: 'event',
        type: 'checkout.session.expired',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: order.providerRef,
            object: 'checkout.session',
            client_reference_id: started.orderId,
            status: 'expired',
            payment_status: 'unpaid',
            amount_total: 8000,
            currency: 'cad',
          },
        },
      },
      stripeKeys.webhookSecret,
    );
    // Before the payment: the provider says the checkout is open, so nothing changes.
    expect((await deliver(env.deps, expired)).outcome).toBe('stale');

    const completed = await pay(env, started.redirectUrl ?? '');
    const outcomes = [];
    outcomes.push((await deliver(env.deps, completed)).outcome);
    outcomes.push((await deliver(env.deps, expired)).outcome);
    for (let i = 0; i < 2; i += 1) {
      const [event] = env.fake
        .events({ provider: 'stripe', type: 'checkout.session.completed' })
        .filter((e) => e.body.includes(started.orderId));
      const attempt = await env.fake.redeliver(event?.id ?? '');
      expect(attempt?.status).toBe(200);
      const again = env.receiver.received.at(-1);
      outcomes.push((await deliver(env.deps, again ?? completed)).outcome);
    }
    expect(outcomes).toEqual(['confirmed', 'alreadyConfirmed', 'alreadyConfirmed', 'alreadyConfirmed']);

    const before = env.receiver.received.length;
    await env.fake.sendForged('stripe', env.fake.events({ type: 'checkout.session.completed' }).at(-1)?.id);
    const forged = env.receiver.received[before];
    await expect(deliver(env.deps, forged ?? completed)).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
    await expect(deliver(env.deps, forged ?? completed)).rejects.toMatchObject({ status: 400 });

    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order.status).toBe('paid');
    expect(file.tickets).toHaveLength(2);
    expect(file.payments).toHaveLength(1);
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
    expect(await remaining(eventId, category)).toEqual({ remaining: 98, held: 0, sold: 2 });
  });

  it('TIX-09 race: the same completed event 5 times at once and the return page twice → one confirmation, one set of tickets', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2200 }]);
    const [category] = ticketTypeIds as [string];
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 3 }]),
    );
    const webhook = await pay(env, started.redirectUrl ?? '');
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => deliver(env.deps, webhook).then((r) => r.outcome)),
      ...Array.from({ length: 2 }, () =>
        syncOrderPayment(env.deps, { orderId: started.orderId }).then((r) => r.outcome),
      ),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'confirmed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'confirmed').every((o) => o === 'alreadyConfirmed')).toBe(
      true,
    );
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.tickets).toHaveLength(3);
    expect(file.payments).toHaveLength(1);
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
    expect(await remaining(eventId, category)).toEqual({ remaining: 97, held: 0, sold: 3 });
  });

  it('TIX-09 a crash after the confirm transaction, before the publish: the redelivery publishes it, once', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1500 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
    );
    const webhook = await pay(env, started.redirectUrl ?? '');
    env.failNextPublishes(1);
    expect((await deliver(env.deps, webhook)).outcome).toBe('confirmed');
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(0);
    expect((await deliver(env.deps, webhook)).outcome).toBe('alreadyConfirmed');
    expect((await deliver(env.deps, webhook)).outcome).toBe('alreadyConfirmed');
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
    // The return page finds it paid and publishes nothing more.
    expect(await syncOrderPayment(env.deps, { orderId: started.orderId })).toEqual({
      status: 'paid',
      outcome: 'alreadyConfirmed',
    });
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
  });

  it('TIX-09 a lost webhook: the buyer’s return page asks the provider and confirms', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1500 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
    );
    env.fake.faultNextDelivery('stripe', { fail: true });
    await fetch(`${started.redirectUrl}/pay`, { method: 'POST', redirect: 'manual' });
    await env.fake.idle();
    expect(await syncOrderPayment(env.deps, { orderId: started.orderId })).toEqual({
      status: 'paid',
      outcome: 'confirmed',
    });
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
  });

  it('TIX-09 late payment, seats still free: taken again and confirmed', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ quantity: 5 }]);
    const [category] = ticketTypeIds as [string];
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]),
    );
    env.clock.advance(36 * 60_000);
    expect((await sweepExpiredHolds(env.deps)).released).toBeGreaterThanOrEqual(1);
    expect(await remaining(eventId, category)).toEqual({ remaining: 5, held: 0, sold: 0 });
    const webhook = await pay(env, started.redirectUrl ?? '');
    env.clock.advance(-36 * 60_000);
    expect((await deliver(env.deps, webhook)).outcome).toBe('lateConfirmed');
    expect((await deliver(env.deps, webhook)).outcome).toBe('alreadyConfirmed');
    expect(await remaining(eventId, category)).toEqual({ remaining: 3, held: 0, sold: 2 });
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order).toMatchObject({ status: 'paid', soldHoldId: `${started.orderId}L` });
    expect(file.tickets).toHaveLength(2);
  });

  it('TIX-09 late payment, seats gone: paidUnfulfilled, refunded once through the provider', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ quantity: 2 }]);
    const [category] = ticketTypeIds as [string];
    const late = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]),
    );
    env.clock.advance(36 * 60_000);
    await sweepExpiredHolds(env.deps);
    // Someone else buys the two seats meanwhile.
    const other = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]),
    );
    expect((await deliver(env.deps, await pay(env, other.redirectUrl ?? ''))).outcome).toBe('confirmed');

    const webhook = await pay(env, late.redirectUrl ?? '');
    expect((await deliver(env.deps, webhook)).outcome).toBe('paidUnfulfilled');
    expect((await deliver(env.deps, webhook)).outcome).toBe('stale');
    expect(await remaining(eventId, category)).toEqual({ remaining: 0, held: 0, sold: 2 });
    const file = await getOrder(env.deps, { actor: organizerA, orderId: late.orderId });
    expect(file.order).toMatchObject({ status: 'paidUnfulfilled', refundedCents: 5000 });
    expect(file.tickets).toHaveLength(0);
    expect(file.payments.map((p) => [p.kind, p.amountCents])).toEqual(
      expect.arrayContaining([
        ['payment', 5000],
        ['refund', -5000],
      ]),
    );
    // The provider's own refund webhook arrives too: recorded once.
    await env.fake.idle();
    const refundHook = env.receiver.received.find(
      (hook) => hook.body.includes('"refund.created"') && hook.body.includes(late.orderId),
    );
    expect(refundHook).toBeDefined();
    if (refundHook) expect((await deliver(env.deps, refundHook)).outcome).toBe('stale');
    expect((await getOrder(env.deps, { actor: organizerA, orderId: late.orderId })).payments).toHaveLength(2);
    expect(env.confirmations.filter((m) => m.orderId === late.orderId)).toHaveLength(0);
    const told = await queuedEmails(env.deps, file.order.buyer.email);
    expect(told.map((m) => [m.templateId, m.data.refundedCents])).toEqual([
      ['order.late-payment-refunded', 5000],
    ]);
    env.clock.advance(-36 * 60_000);
  });

  it('TIX-09 the provider expires an unpaid checkout: order expired, seats, promo use and buyer count back', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { quantity: 4, perPersonMax: 4 },
    ]);
    const [category] = ticketTypeIds as [string];
    await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'RABAIS',
      fields: { kind: 'percent', percentOff: 10, usageLimit: 1 },
    });
    const form = checkoutForm(eventId, [{ ticketTypeId: category, quantity: 4 }], { promoCode: 'rabais' });
    const started = await startCheckout(env.deps, form);
    expect(await remaining(eventId, category)).toEqual({ remaining: 0, held: 4, sold: 0 });
    const before = env.receiver.received.length;
    env.fake.advanceClock(36 * 60);
    await env.fake.idle();
    const expired = await env.receiver.waitFor(
      (hook) =>
        env.receiver.received.indexOf(hook) >= before &&
        hook.body.includes('checkout.session.expired') &&
        hook.body.includes(started.orderId),
    );
    expect((await deliver(env.deps, expired)).outcome).toBe('expired');
    expect((await deliver(env.deps, expired)).outcome).toBe('stale');
    expect(await remaining(eventId, category)).toEqual({ remaining: 4, held: 0, sold: 0 });
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order.status).toBe('expired');
    expect(
      (await env.deps.db.orders.entities.promoCode.get({ eventId, code: 'RABAIS' }).go()).data?.used,
    ).toBe(0);
    const count = await env.deps.db.orders.entities.buyerQuantity
      .get({ buyerKey: file.order.buyerKey, ticketTypeId: category })
      .go();
    expect(count.data?.qty).toBe(0);
  });

  it('TIX-01 secrets never appear in table items or log lines of the whole flow', async () => {
    const from = new Date(env.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(env.clock.now().getTime() + 86_400_000).toISOString();
    const { orders } = await listOrders(env.deps, { actor: organizerA, from, to, limit: 200 });
    expect(orders.length).toBeGreaterThan(0);
    const partitions = [`ORG#${organizerA.orgId}`, ...orders.map((order) => `ORDER#${order.orderId}`)];
    const items = [];
    for (const pk of partitions) {
      const { Items } = await env.bed.raw.send(
        new QueryCommand({
          TableName: env.bed.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      items.push(...(Items ?? []));
    }
    const everything = JSON.stringify(items) + JSON.stringify(env.logs);
    expect(everything).toContain('PAYACCT#stripe');
    expect(everything).not.toContain(stripeKeys.secretKey);
    expect(everything).not.toContain(stripeKeys.webhookSecret);
  });
});
