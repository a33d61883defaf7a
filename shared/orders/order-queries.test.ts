import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { refundOrder } from './cancel-order';
import { findOrderByPaymentRef, getOrder } from './order-queries';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  organizerB,
  pay,
  sellingEvent,
  staff,
} from './orders.test-support';
import { startCheckout } from './start-checkout';

/**
 * TIX-14 for the organization portal: an order found by the number the organizer reads in Stripe
 * (g2 `PAYREF#…`), only in their own organization; a refund keeps the organizer's reason in the
 * ledger, also when the provider's webhook recorded the refund first.
 */
let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('order-queries');
  await activeStripeAccount(env, organizerA.orgId);
});
afterAll(async () => {
  await env?.stop();
});

async function paidOrder(priceCents = 2500) {
  const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents }]);
  const started = await startCheckout(
    env.deps,
    checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
  );
  expect((await deliver(env.deps, await pay(env, started.redirectUrl ?? ''))).outcome).toBe('confirmed');
  return (await getOrder(env.deps, { actor: organizerA, orderId: started.orderId })).order;
}

describe('orders in the portal', () => {
  it('TIX-14 ROLE-06 an order is found by its Stripe checkout number, in its own organization only', async () => {
    const order = await paidOrder();
    const ref = order.providerRef ?? '';
    expect(ref).toMatch(/^cs_/);
    expect(await findOrderByPaymentRef(env.deps, { actor: organizerA, ref: ` ${ref} ` })).toMatchObject({
      orderId: order.orderId,
      status: 'paid',
      transactionId: order.transactionId,
    });
    expect(await findOrderByPaymentRef(env.deps, { actor: organizerB, ref })).toBeUndefined();
    expect(
      await findOrderByPaymentRef(env.deps, { actor: organizerB, orgId: organizerA.orgId, ref }),
    ).toBeUndefined();
    expect(
      await findOrderByPaymentRef(env.deps, { actor: staff, orgId: organizerA.orgId, ref }),
    ).toMatchObject({ orderId: order.orderId });
    expect(await findOrderByPaymentRef(env.deps, { actor: organizerA, ref: 'cs_unknown' })).toBeUndefined();
    await expect(findOrderByPaymentRef(env.deps, { actor: organizerA, ref: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('TIX-14 a refund keeps the organizer’s reason in the ledger; a refund recorded first without it (as the provider’s webhook records it) gets it once', async () => {
    const order = await paidOrder(3000);
    const refundKey = `refund-${order.orderId}-first`;
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId: order.orderId,
      refundKey,
      amountCents: 1000,
      reason: '  Siège brisé, rangée F  ',
    });
    let file = await getOrder(env.deps, { actor: organizerA, orderId: order.orderId });
    expect(file.payments.filter((p) => p.kind === 'refund')).toEqual([
      expect.objectContaining({ amountCents: -1000, note: 'Siège brisé, rangée F', source: 'user:U-ORG-A' }),
    ]);

    // A second refund recorded without a reason, as the provider's webhook records one when it comes
    // first; the same form sent again (same key: the provider answers with the same refund) adds it.
    const second = `refund-${order.orderId}-second`;
    env.clock.advance(1000);
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId: order.orderId,
      refundKey: second,
      amountCents: 500,
    });
    await env.fake.idle();
    const hook = env.receiver.received.findLast(
      (received) => received.body.includes('charge.refunded') || received.body.includes('refund'),
    );
    if (hook) await deliver(env.deps, hook);
    file = await getOrder(env.deps, { actor: organizerA, orderId: order.orderId });
    const refunds = () => file.payments.filter((p) => p.kind === 'refund');
    const noteOf = (amountCents: number) => refunds().find((p) => p.amountCents === amountCents)?.note;
    expect(refunds()).toHaveLength(2);
    expect(noteOf(-500)).toBeUndefined();
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId: order.orderId,
      refundKey: second,
      amountCents: 500,
      reason: 'Geste commercial',
    });
    file = await getOrder(env.deps, { actor: organizerA, orderId: order.orderId });
    expect(refunds()).toHaveLength(2);
    expect(noteOf(-1000)).toBe('Siège brisé, rangée F');
    expect(noteOf(-500)).toBe('Geste commercial');
    expect(file.order.refundedCents).toBe(1500);
    // A later reason never replaces the first.
    await refundOrder(env.deps, {
      actor: organizerA,
      orderId: order.orderId,
      refundKey: second,
      amountCents: 500,
      reason: 'Autre motif',
    });
    file = await getOrder(env.deps, { actor: organizerA, orderId: order.orderId });
    expect(noteOf(-500)).toBe('Geste commercial');
    expect(file.order.refundedCents).toBe(1500);
  });

  it('TIX-14 a reason longer than 200 characters is refused before any money moves', async () => {
    const order = await paidOrder(1000);
    await expect(
      refundOrder(env.deps, {
        actor: organizerA,
        orderId: order.orderId,
        refundKey: `refund-${order.orderId}-long`,
        reason: 'x'.repeat(201),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: order.orderId });
    expect(file.order).toMatchObject({ status: 'paid', refundedCents: 0 });
  });
});
