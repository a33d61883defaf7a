import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePayments, fakeDemoAccounts, startFakePayments } from '../../infra/local/fake-payments';
import { type ReceivedWebhook, startWebhookReceiver } from '../../infra/local/fake-payments/webhook-receiver';
import { useTwin } from '../../tests/twin';
import { InvalidWebhookSignatureError, PaymentProviderError } from '../payments/errors';
import type { CreateCheckoutInput, StripeAccount } from '../payments/payment-provider';
import { paypalPaymentsFromEnv } from './paypal-payments';
import { stripePayments, stripePaymentsFromEnv } from './stripe-payments';

/**
 * The real `stripe` SDK against the fake provider server (infra/local/fake-payments): what is
 * proven here is the adapter's use of Stripe's API and signatures, offline.
 */
let fake: FakePayments;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const account: StripeAccount = {
  provider: 'stripe',
  secretKey: `sk_test_${randomUUID().replaceAll('-', '')}`,
  webhookSecret: `whsec_${randomUUID().replaceAll('-', '')}`,
};
const provider = () => stripePayments({ apiUrl: fake.origin });
let stripe: ReturnType<typeof stripePayments>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  fake = await startFakePayments({
    webhookUrls: { stripe: `${receiver.url}/webhooks/stripe` },
    accounts: { stripe: [account] },
    sweepMs: 0,
  });
  stripe = provider();
});

afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});

function checkout(
  overrides: Partial<CreateCheckoutInput<StripeAccount>> = {},
): CreateCheckoutInput<StripeAccount> {
  return {
    orderId: `order-${randomUUID()}`,
    lines: [
      { name: 'Billet régulier — Les Belles-sœurs', unitCents: 3500, quantity: 2 },
      { name: 'Frais de service', unitCents: 250, quantity: 1 },
    ],
    totalCents: 7250,
    currency: 'CAD',
    buyerEmail: 'acheteuse@example.org',
    locale: 'fr',
    successUrl: 'http://127.0.0.1:5173/commande/merci?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'http://127.0.0.1:5173/commande/panier',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    idempotencyKey: randomUUID(),
    account,
    ...overrides,
  };
}

/** Submits the hosted page's form as a browser without JavaScript would. */
async function submit(redirectUrl: string, action: 'pay' | 'cancel'): Promise<Response> {
  const page = await fetch(redirectUrl);
  const html = await page.text();
  const form = [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1] ?? '');
  const target = form.find((path) => path.endsWith(`/${action}`));
  if (!target) throw new Error(`No ${action} form on ${redirectUrl}`);
  return fetch(new URL(target, redirectUrl), { method: 'POST', redirect: 'manual' });
}

function webhookOf(type: string, providerRef: string) {
  return (webhook: ReceivedWebhook) => {
    const event = JSON.parse(webhook.body) as { type: string; data: { object: Record<string, unknown> } };
    const object = event.data.object;
    return (
      event.type === type &&
      (object.id === providerRef ||
        (object.metadata?.valueOf() !== undefined &&
          (object.metadata as Record<string, string>).checkout_session === providerRef))
    );
  };
}

describe('Stripe payments adapter against the fake Stripe', () => {
  it('TIX-09 a Stripe checkout paid on the hosted page sends a signed webhook parsed to payment.completed', async () => {
    const input = checkout();
    const created = await stripe.createCheckout(input);
    expect(created.providerRef).toMatch(/^cs_test_/);
    expect(await stripe.getPayment(created.providerRef, account)).toMatchObject({
      status: 'open',
      amountCents: 7250,
    });

    const page = await (await fetch(created.redirectUrl)).text();
    expect(page).toContain('lang="fr"');
    expect(page).toContain('72,50');
    expect(page).toContain('Annuler');

    const paid = await submit(created.redirectUrl, 'pay');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `http://127.0.0.1:5173/commande/merci?session=${created.providerRef}`,
    );

    const webhook = await receiver.waitFor(webhookOf('checkout.session.completed', created.providerRef));
    const event = await stripe.parseWebhook({ rawBody: webhook.body, headers: webhook.headers, account });
    expect(event).toMatchObject({
      type: 'payment.completed',
      providerRef: created.providerRef,
      orderId: input.orderId,
      amountCents: 7250,
      currency: 'CAD',
    });
    expect(event.eventId).toMatch(/^evt_/);
    expect(event.transactionId).toMatch(/^pi_/);
    expect(await stripe.getPayment(created.providerRef, account)).toMatchObject({
      status: 'paid',
      transactionId: event.transactionId,
      orderId: input.orderId,
    });
  });

  it('TIX-09 a webhook with a bad signature is refused: forged, altered, or signed for another account', async () => {
    const created = await stripe.createCheckout(checkout());
    await submit(created.redirectUrl, 'pay');
    const genuine = await receiver.waitFor(webhookOf('checkout.session.completed', created.providerRef));
    const eventId = (JSON.parse(genuine.body) as { id: string }).id;

    const before = receiver.received.length;
    const attempt = await fake.sendForged('stripe', eventId);
    expect(attempt?.status).toBe(200);
    const forged = receiver.received[before];
    if (!forged) throw new Error('the forged webhook did not arrive');
    await expect(
      stripe.parseWebhook({ rawBody: forged.body, headers: forged.headers, account }),
    ).rejects.toBeInstanceOf(InvalidWebhookSignatureError);

    const altered = genuine.body.replace('"amount_total": 7250', '"amount_total": 1');
    expect(altered).not.toBe(genuine.body);
    await expect(
      stripe.parseWebhook({ rawBody: altered, headers: genuine.headers, account }),
    ).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
    const otherAccount = { ...account, webhookSecret: 'whsec_of_another_organization' };
    await expect(
      stripe.parseWebhook({ rawBody: genuine.body, headers: genuine.headers, account: otherAccount }),
    ).rejects.toMatchObject({ code: 'invalid_webhook_signature', status: 400 });
    await expect(stripe.parseWebhook({ rawBody: genuine.body, headers: {}, account })).rejects.toBeInstanceOf(
      InvalidWebhookSignatureError,
    );
  });

  it('TIX-09 the same webhook delivered 3 times parses to the same eventId each time', async () => {
    const created = await stripe.createCheckout(checkout());
    await submit(created.redirectUrl, 'pay');
    const first = await receiver.waitFor(webhookOf('checkout.session.completed', created.providerRef));
    const eventId = (JSON.parse(first.body) as { id: string }).id;
    await fake.redeliver(eventId);
    await fake.redeliver(eventId);
    const deliveries = receiver.received.filter((webhook) => webhook.body === first.body);
    expect(deliveries).toHaveLength(3);
    const parsed = await Promise.all(
      deliveries.map((webhook) =>
        stripe.parseWebhook({ rawBody: webhook.body, headers: webhook.headers, account }),
      ),
    );
    expect(new Set(parsed.map((event) => event.eventId))).toEqual(new Set([eventId]));
    expect(parsed.every((event) => event.type === 'payment.completed')).toBe(true);
    expect(
      fake.events({ provider: 'stripe' }).find((event) => event.id === eventId)?.deliveries,
    ).toHaveLength(3);
  });

  it('TIX-09 idempotent create and refund: the same key gives the same object, never a second charge or refund', async () => {
    const input = checkout();
    const sessionsBefore = fake.events().length;
    const [one, two] = await Promise.all([stripe.createCheckout(input), stripe.createCheckout(input)]);
    const three = await provider().createCheckout(input);
    expect(two.providerRef).toBe(one.providerRef);
    expect(three.providerRef).toBe(one.providerRef);
    // The same key with other parameters is refused, as Stripe does, rather than answered with the first.
    await expect(
      stripe.createCheckout({
        ...input,
        lines: [{ name: 'Autre', unitCents: 100, quantity: 1 }],
        totalCents: 100,
      }),
    ).rejects.toBeInstanceOf(PaymentProviderError);
    expect(fake.events().length).toBe(sessionsBefore);

    await submit(one.redirectUrl, 'pay');
    const refundInput = {
      providerRef: one.providerRef,
      amountCents: 3500,
      currency: 'CAD',
      orderId: input.orderId,
      idempotencyKey: randomUUID(),
      account,
    };
    const refund = await stripe.refund(refundInput);
    const again = await stripe.refund(refundInput);
    expect(refund).toMatchObject({ status: 'succeeded', amountCents: 3500 });
    expect(again.refundId).toBe(refund.refundId);
    // Had the retry refunded again, only 250 would be left: 3750 remain, so there was one refund.
    const rest = await stripe.refund({ ...refundInput, amountCents: 3750, idempotencyKey: randomUUID() });
    expect(rest.status).toBe('succeeded');
    await expect(
      stripe.refund({ ...refundInput, amountCents: 1, idempotencyKey: randomUUID() }),
    ).rejects.toBeInstanceOf(PaymentProviderError);

    const webhook = await receiver.waitFor((received) => received.body.includes(refund.refundId));
    expect(
      await stripe.parseWebhook({ rawBody: webhook.body, headers: webhook.headers, account }),
    ).toMatchObject({
      type: 'payment.refunded',
      providerRef: one.providerRef,
      orderId: input.orderId,
      refundId: refund.refundId,
      amountCents: 3500,
    });
  });

  it('TIX-09 a session past its expires_at expires, with its webhook, and can no longer be paid', async () => {
    // Its own fake: moving a clock would shift the other tests' expiry windows.
    const ownFake = await startFakePayments({
      webhookUrls: { stripe: `${receiver.url}/webhooks/stripe` },
      accounts: { stripe: [account] },
      sweepMs: 0,
    });
    try {
      const own = stripePayments({ apiUrl: ownFake.origin });
      const created = await own.createCheckout(
        checkout({ expiresAt: new Date(Date.now() + 60_000).toISOString() }),
      );
      // Stripe's minimum is 30 minutes: the adapter says when the session really expires.
      expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(30 * 60_000);
      ownFake.advanceClock(29 * 60);
      expect((await own.getPayment(created.providerRef, account)).status).toBe('open');
      ownFake.advanceClock(3 * 60);
      const webhook = await receiver.waitFor(webhookOf('checkout.session.expired', created.providerRef));
      expect(
        await own.parseWebhook({ rawBody: webhook.body, headers: webhook.headers, account }),
      ).toMatchObject({
        type: 'payment.expired',
        providerRef: created.providerRef,
      });
      expect((await own.getPayment(created.providerRef, account)).status).toBe('expired');
      const page = await (await fetch(created.redirectUrl)).text();
      expect(page).toContain('Cette session de paiement a expiré.');
      expect(page).not.toContain('/pay"');
      const late = await fetch(`${created.redirectUrl}/pay`, { method: 'POST', redirect: 'manual' });
      expect(late.status).toBe(409);
    } finally {
      await ownFake.stop();
    }
  });

  it('TIX-09 the fake checks the secret key as Stripe does', async () => {
    const stranger: StripeAccount = { ...account, secretKey: 'sk_test_unknown' };
    await expect(stripe.createCheckout(checkout({ account: stranger }))).rejects.toMatchObject({
      code: 'payment_provider_failed',
      cause: expect.objectContaining({ type: 'StripeAuthenticationError', statusCode: 401 }),
    });
  });

  it('TIX-09 a failed delivery reaches the receiver only when redelivered; a late one arrives after a later event', async () => {
    const first = await stripe.createCheckout(checkout());
    const second = await stripe.createCheckout(checkout());
    fake.faultNextDelivery('stripe', { fail: true });
    await submit(first.redirectUrl, 'pay');
    await fake.idle();
    const lost = fake.events({ type: 'checkout.session.completed' }).at(-1);
    expect(lost?.deliveries).toEqual([expect.objectContaining({ error: 'failure injected' })]);
    expect(receiver.received.some((webhook) => webhook.body === lost?.body)).toBe(false);
    await fake.redeliver(lost?.id ?? '');
    await receiver.waitFor(webhookOf('checkout.session.completed', first.providerRef));

    fake.faultNextDelivery('stripe', { delayMs: 300 });
    await submit(second.redirectUrl, 'pay');
    const refund = await stripe.refund({
      providerRef: second.providerRef,
      amountCents: 100,
      currency: 'CAD',
      idempotencyKey: randomUUID(),
      account,
    });
    await fake.idle();
    const order = receiver.received.map((webhook) => webhook.body);
    const paidAt = order.findIndex(
      (body) => body.includes(second.providerRef) && body.includes('checkout.session.completed'),
    );
    const refundedAt = order.findIndex((body) => body.includes(refund.refundId));
    expect(refundedAt).toBeGreaterThanOrEqual(0);
    expect(paidAt).toBeGreaterThan(refundedAt);
  });

  it('TIX-09 the local twin runs the fake: both adapters built from its environment reach it with the demo keys', async () => {
    const env = useTwin();
    expect(env.PARVIS_PAYMENTS_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const demoStripe = { provider: 'stripe' as const, ...fakeDemoAccounts.stripe };
    const fromEnv = stripePaymentsFromEnv(env);
    const created = await fromEnv.createCheckout(checkout({ account: demoStripe }));
    expect(created.redirectUrl.startsWith(env.PARVIS_PAYMENTS_API_URL ?? '-')).toBe(true);
    expect((await fromEnv.getPayment(created.providerRef, demoStripe)).status).toBe('open');

    const demoPayPal = { provider: 'paypal' as const, ...fakeDemoAccounts.paypal };
    const paypal = paypalPaymentsFromEnv(env);
    const order = await paypal.createCheckout({ ...checkout(), account: demoPayPal });
    expect((await paypal.getPayment(order.providerRef, demoPayPal)).amountCents).toBe(7250);
  });
});
