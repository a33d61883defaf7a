import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { createCustomCheckbox } from '../organizations/custom-checkboxes';
import type { PaymentProvider } from '../payments/payment-provider';
import { NotOnSaleError, PerPersonLimitError, SoldOutError } from '../ticketing/errors';
import { listTicketTypes, withdrawTicketType } from '../ticketing/ticket-types';
import { cancelRegistration } from './cancel-order';
import {
  BadOrderAccessError,
  BuyerLimitError,
  CheckoutFailedError,
  CheckoutKeyReusedError,
  OrderStateError,
  PaymentAccountInactiveError,
  PromoRefusedError,
} from './errors';
import { getOrder, listOrders } from './order-queries';
import {
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
} from './orders.test-support';
import { savePromoCode } from './promo-codes';
import { startCheckout } from './start-checkout';

let env: OrdersBed;

beforeAll(async () => {
  env = await ordersBed('orders-rules');
  await activeStripeAccount(env, organizerA.orgId);
});
afterAll(async () => {
  await env?.stop();
});

async function counts(eventId: string, ticketTypeId: string) {
  const { ticketTypes } = await listTicketTypes(env.deps, { eventId });
  const type = ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  return { remaining: type?.remaining, held: type?.held, sold: type?.sold };
}

describe('checkout rules', () => {
  it('TIX-09 bad input: negative, zero, fractional and huge quantities are refused with a clear message, nothing held', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{}]);
    const [category] = ticketTypeIds as [string];
    for (const quantity of [-1, 0, 1.5, 21, 1e12, Number.NaN]) {
      const refused = await startCheckout(
        env.deps,
        checkoutForm(eventId, [{ ticketTypeId: category, quantity }]),
      ).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).userMessage.fr).toContain(
        'Chaque quantité doit être un nombre entier',
      );
    }
    const tooMany = await startCheckout(
      env.deps,
      checkoutForm(eventId, [
        { ticketTypeId: category, quantity: 15 },
        { ticketTypeId: category, quantity: 15 },
      ]),
    ).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(ValidationError);
    const badBuyer = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 1 }], {
        buyer: { name: ' ', email: 'pas-un-courriel' },
      }),
    ).catch((error: unknown) => error);
    expect((badBuyer as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'buyer.name',
      'buyer.email',
    ]);
    expect(await counts(eventId, category)).toEqual({ remaining: 100, held: 0, sold: 0 });
  });

  it('TIX-09 price fields in the input are ignored: the server prices from the stored category', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2500 }]);
    const form = checkoutForm(
      eventId,
      [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 2, priceCents: 1 } as never],
      {
        totalCents: 1,
        unitPriceCents: 1,
        discountCents: 5000,
      },
    );
    const started = await startCheckout(env.deps, form);
    expect(started.totalCents).toBe(5000);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.lines).toEqual([
      expect.objectContaining({ kind: 'ticket', unitPriceCents: 2500, quantity: 2, totalCents: 5000 }),
    ]);
  });

  it('TIX-09 double submit with the same checkoutKey: one order, one hold, one provider checkout — also when both arrive at once', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{}]);
    const [category] = ticketTypeIds as [string];
    const form = checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]);
    const [first, second] = await Promise.all([startCheckout(env.deps, form), startCheckout(env.deps, form)]);
    const third = await startCheckout(env.deps, form);
    expect(new Set([first.orderId, second.orderId, third.orderId]).size).toBe(1);
    expect(new Set([first.redirectUrl, second.redirectUrl, third.redirectUrl]).size).toBe(1);
    expect([first.resumed, second.resumed].sort()).toEqual([false, true]);
    expect(third.accessToken).toBeDefined();
    expect(await counts(eventId, category)).toEqual({ remaining: 98, held: 2, sold: 0 });
    // Another buyer reusing that key resumes nothing.
    await expect(
      startCheckout(env.deps, { ...form, buyer: { name: 'Autre', email: 'autre@example.org' } }),
    ).rejects.toBeInstanceOf(CheckoutKeyReusedError);
  });

  it('TIX-09 a crash between the provider checkout and storing its reference: the retry finds the same checkout, one charge', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { priceCents: 3000, taxes: 'added' },
      { priceCents: 1999 },
    ]);
    const [category, other] = ticketTypeIds as [string, string];
    // A discount shared over two lines: the retried call must send the provider the same lines.
    await savePromoCode(env.deps, {
      actor: organizerA,
      eventId,
      code: 'MOINS7',
      fields: { kind: 'amount', amountOffCents: 700 },
    });
    const real = env.deps.payments('stripe');
    const refs: string[] = [];
    // The first request dies right after Stripe answered (the answer never comes back to us).
    const crashing: PaymentProvider = {
      ...real,
      createCheckout: async (input) => {
        const created = await real.createCheckout(input);
        refs.push(created.providerRef);
        return new Promise<never>(() => {});
      },
    };
    const form = checkoutForm(
      eventId,
      [
        { ticketTypeId: category, quantity: 1 },
        { ticketTypeId: other, quantity: 3 },
      ],
      { promoCode: 'moins7' },
    );
    void startCheckout({ ...env.deps, payments: () => crashing }, form);
    await expect.poll(() => refs.length).toBe(1);
    const retried = await startCheckout(env.deps, form);
    expect(retried.resumed).toBe(true);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: retried.orderId });
    expect(file.order.providerRef).toBe(refs[0]);
    const webhook = await pay(env, retried.redirectUrl ?? '');
    expect((await deliver(env.deps, webhook)).outcome).toBe('confirmed');
    const charges = env.fake
      .events({ provider: 'stripe', type: 'checkout.session.completed' })
      .filter((event) => event.body.includes(retried.orderId));
    expect(charges).toHaveLength(1);
    expect(file.order.totalCents).toBe(retried.totalCents);
    expect(await counts(eventId, category)).toEqual({ remaining: 99, held: 0, sold: 1 });
    expect(await counts(eventId, other)).toEqual({ remaining: 97, held: 0, sold: 3 });
  });

  it('TIX-01 the provider refuses the checkout: the hold is released, the order failed, nothing charged; a retry starts afresh', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerB.orgId, [{}]);
    const [category] = ticketTypeIds as [string];
    const form = checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }]);
    // No account at all: refused before anything is held.
    await expect(startCheckout(env.deps, form)).rejects.toBeInstanceOf(PaymentAccountInactiveError);
    // An active account whose key the provider does not know (revoked in Stripe's dashboard).
    const { savePaymentAccount, activatePaymentAccount } = await import('../payments/payment-accounts');
    await savePaymentAccount(env.deps, {
      actor: organizerB,
      orgId: organizerB.orgId,
      keys: { provider: 'stripe', secretKey: 'sk_live_revoked0000000', webhookSecret: 'whsec_revoked000000' },
    });
    await activatePaymentAccount(env.deps, {
      actor: { userId: 'U-STAFF', orgId: 'platform', staff: true },
      orgId: organizerB.orgId,
      provider: 'stripe',
    });
    const failed = await startCheckout(env.deps, form).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CheckoutFailedError);
    expect((failed as CheckoutFailedError).userMessage.fr).toContain('Aucune place n’est retenue');
    expect(await counts(eventId, category)).toEqual({ remaining: 100, held: 0, sold: 0 });
    // The same form again places a new order (the failed one is closed), and fails the same way.
    const retried = await startCheckout(env.deps, form).catch((error: unknown) => error);
    expect(retried).toBeInstanceOf(CheckoutFailedError);
    expect(await counts(eventId, category)).toEqual({ remaining: 100, held: 0, sold: 0 });
    const from = new Date(env.clock.now().getTime() - 60_000).toISOString();
    const to = new Date(env.clock.now().getTime() + 60_000).toISOString();
    const { orders } = await listOrders(env.deps, { actor: organizerB, from, to });
    expect(orders.filter((order) => order.eventId === eventId).map((order) => order.status)).toEqual([
      'failed',
      'failed',
    ]);
    expect(JSON.stringify(env.logs)).not.toContain('sk_live_revoked');
  });

  it('TIX-03 withdrawn category, sales not yet open, per-person maximum (per order and across orders of one e-mail), sold out', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { perPersonMax: 3, quantity: 5, priceCents: 0 },
      { salesStartAt: new Date(env.clock.now().getTime() + 86_400_000).toISOString() },
      {},
    ]);
    const [limited, later, withdrawn] = ticketTypeIds as [string, string, string];
    await withdrawTicketType(env.deps, {
      actor: { userId: 'U-ORG-A', orgId: organizerA.orgId },
      eventId,
      ticketTypeId: withdrawn,
    });
    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId: withdrawn, quantity: 1 }])),
    ).rejects.toBeInstanceOf(NotOnSaleError);
    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId: later, quantity: 1 }])),
    ).rejects.toBeInstanceOf(NotOnSaleError);
    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId: limited, quantity: 4 }])),
    ).rejects.toBeInstanceOf(PerPersonLimitError);
    const email = 'meme.personne@example.org';
    const buyer = { name: 'Même Personne', email };
    const first = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: limited, quantity: 2 }], { buyer }),
    );
    expect(first.status).toBe('paid');
    const again = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: limited, quantity: 2 }], {
        buyer: { ...buyer, email: ' MEME.personne@example.org ' },
      }),
    ).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(BuyerLimitError);
    expect((again as BuyerLimitError).userMessage.fr).toContain('maximum de 3 billets');
    await startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId: limited, quantity: 3 }]));
    await expect(
      startCheckout(env.deps, checkoutForm(eventId, [{ ticketTypeId: limited, quantity: 1 }])),
    ).rejects.toBeInstanceOf(SoldOutError);
    expect(await counts(eventId, limited)).toEqual({ remaining: 0, held: 0, sold: 5 });
  });

  it('TIX-07 promo codes: unknown, not yet valid, expired, exhausted, other category; a valid one discounts and counts its use exactly', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [
      { priceCents: 2000, taxes: 'added' },
      { priceCents: 1000 },
    ]);
    const [regular, student] = ticketTypeIds as [string, string];
    const now = env.clock.now().getTime();
    const save = (code: string, fields: Record<string, unknown>) =>
      savePromoCode(env.deps, {
        actor: organizerA,
        eventId,
        code,
        fields: { kind: 'percent', percentOff: 10, ...fields },
      });
    await save('bientot', { validFrom: new Date(now + 86_400_000).toISOString() });
    await save('fini', { validUntil: new Date(now - 1000).toISOString() });
    await save('etudiant', { ticketTypeIds: [student] });
    await save('un-seul', { kind: 'amount', amountOffCents: 500, usageLimit: 1 });
    const reason = (code: string, ticketTypeId = regular) =>
      startCheckout(
        env.deps,
        checkoutForm(eventId, [{ ticketTypeId, quantity: 1 }], { promoCode: code }),
      ).then(
        () => 'accepted',
        (error: unknown) => (error instanceof PromoRefusedError ? error.reason : String(error)),
      );
    expect(await reason('inconnu')).toBe('unknown');
    expect(await reason('BIENTOT')).toBe('notYet');
    expect(await reason('fini')).toBe('expired');
    expect(await reason('etudiant')).toBe('category');

    const used = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: regular, quantity: 2 }], { promoCode: ' un-SEUL ' }),
    );
    // 2 × 20.00 $ + taxes = 45.99 $; 5.00 $ off before taxes → 35.00 + 1.75 + 3.49 = 40.24 $.
    expect(used.totalCents).toBe(4024);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: used.orderId });
    expect(file.lines.map((line) => [line.kind, line.totalCents])).toEqual([
      ['ticket', 4599],
      ['discount', -575],
    ]);
    expect(await reason('un-seul')).toBe('exhausted');
    const promo = await env.deps.db.orders.entities.promoCode.get({ eventId, code: 'UN-SEUL' }).go();
    expect(promo.data?.used).toBe(1);
  });

  it('TIX-11 a free registration: confirmed at once, cancelled by its buyer in one step with the order link, seats and counters back, organizer told', async () => {
    await env.deps.db.identity.entities.organization
      .put({
        orgId: organizerA.orgId,
        name: 'Théâtre A',
        nameKey: 'theatrea',
        contactEmail: 'billetterie@org-a.example.org',
        createdAt: env.clock.now().toISOString(),
        createdBy: 'U-STAFF',
      })
      .go();
    const { eventId, ticketTypeIds } = await sellingEvent(
      env.deps,
      organizerA.orgId,
      [{ priceCents: 0, quantity: 10, perPersonMax: 2 }],
      { pickUpAtVenue: true },
    );
    const [category] = ticketTypeIds as [string];
    const buyer = { name: 'Inès Gagnon', email: 'ines.gagnon@example.org' };
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }], {
        buyer,
        provider: undefined,
        pickUpAtVenue: true,
      }),
    );
    expect(started).toMatchObject({ status: 'paid', totalCents: 0 });
    expect(started.redirectUrl).toBeUndefined();
    expect(env.confirmations.filter((m) => m.orderId === started.orderId)).toHaveLength(1);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.order.pickUpAtVenue).toBe(true);
    expect(file.tickets.map((ticket) => ticket.status)).toEqual(['valid', 'valid']);
    expect(await counts(eventId, category)).toEqual({ remaining: 8, held: 0, sold: 2 });

    await expect(
      cancelRegistration(env.deps, { orderId: started.orderId, accessToken: 'x'.repeat(43) }),
    ).rejects.toBeInstanceOf(BadOrderAccessError);
    const cancelled = await cancelRegistration(env.deps, {
      orderId: started.orderId,
      accessToken: started.accessToken ?? '',
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', changed: true });
    expect(
      await cancelRegistration(env.deps, {
        orderId: started.orderId,
        accessToken: started.accessToken ?? '',
      }),
    ).toMatchObject({ status: 'cancelled', changed: false });
    expect(await counts(eventId, category)).toEqual({ remaining: 10, held: 0, sold: 0 });
    // The organizer is told (its contact address), and the buyer, once each.
    expect((await queuedEmails(env.deps, 'billetterie@org-a.example.org')).map((m) => m.templateId)).toEqual([
      'order.cancelled.organizer',
    ]);
    const toBuyer = await queuedEmails(env.deps, buyer.email);
    expect(toBuyer.map((m) => m.templateId)).toEqual(['order.cancelled']);
    expect(toBuyer[0]?.data).toMatchObject({
      registration: true,
      cancelledBy: 'buyer',
      orderNumber: started.orderId,
    });
    const after = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(after.tickets.map((ticket) => ticket.status)).toEqual(['cancelled', 'cancelled']);
    // The per-person count came back: the same buyer may register again.
    const again = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: category, quantity: 2 }], { buyer, provider: undefined }),
    );
    expect(again.status).toBe('paid');
    const { data: report } = await env.deps.db.orders.entities.reportEvent.query
      .byOrg({ orgId: organizerA.orgId, eventId })
      .go();
    expect(report.reduce((sum, item) => sum + item.tickets, 0)).toBe(2);
    expect(report.reduce((sum, item) => sum + item.orders, 0)).toBe(1);
  });

  it('TIX-11 a paid order cannot be cancelled through the buyer’s one-step link', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 1200 }]);
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }]),
    );
    await deliver(env.deps, await pay(env, started.redirectUrl ?? ''));
    await expect(
      cancelRegistration(env.deps, { orderId: started.orderId, accessToken: started.accessToken ?? '' }),
    ).rejects.toBeInstanceOf(OrderStateError);
  });

  it('TIX-05 a ticked custom checkbox of the organization is a priced line of the order; a box it does not offer is refused', async () => {
    await env.deps.db.identity.entities.organization
      .put({
        orgId: organizerA.orgId,
        name: 'Théâtre A',
        nameKey: 'theatrea',
        contactEmail: 'billetterie@org-a.example.org',
        createdAt: env.clock.now().toISOString(),
        createdBy: 'U-STAFF',
      })
      .go();
    const box = await createCustomCheckbox(env.deps, {
      actor: { userId: 'U-STAFF', staff: true },
      orgId: organizerA.orgId,
      fields: { labelFr: 'Affiche souvenir', labelEn: 'Souvenir poster', priceCents: 1000, taxes: 'added' },
    });
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 2500 }]);
    const lines = [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }];
    const started = await startCheckout(
      env.deps,
      checkoutForm(eventId, lines, { checkboxIds: [box.checkboxId] }),
    );
    expect(started.totalCents).toBe(2500 + 1150);
    const file = await getOrder(env.deps, { actor: organizerA, orderId: started.orderId });
    expect(file.lines.map((line) => [line.kind, line.refId, line.totalCents])).toEqual([
      ['ticket', ticketTypeIds[0], 2500],
      ['checkbox', box.checkboxId, 1150],
    ]);
    await expect(
      startCheckout(env.deps, checkoutForm(eventId, lines, { checkboxIds: ['CB-OF-SOMEONE-ELSE'] })),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
