import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePayments, startFakePayments } from '../../infra/local/fake-payments';
import { type ReceivedWebhook, startWebhookReceiver } from '../../infra/local/fake-payments/webhook-receiver';
import { InvalidWebhookSignatureError, PaymentProviderError } from '../payments/errors';
import type { CreateCheckoutInput, PayPalAccount } from '../payments/payment-provider';
import { localRoute, paypalPayments } from './paypal-payments';

/**
 * The real `@paypal/paypal-server-sdk` against the fake provider server, routed there by
 * `localRoute` (the SDK has no base-URL option): create, approve on the hosted page, capture,
 * verify the webhooks through PayPal's verify endpoint, refund.
 */
let fake: FakePayments;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const account: PayPalAccount = {
  provider: 'paypal',
  clientId: `client-${randomUUID()}`,
  clientSecret: `secret-${randomUUID()}`,
  payee: { emailAddress: 'billetterie@theatre.example.org' },
  webhookId: `WH-${randomUUID()}`,
};
let paypal: ReturnType<typeof paypalPayments>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  fake = await startFakePayments({
    webhookUrls: { paypal: `${receiver.url}/webhooks/paypal` },
    accounts: { paypal: [account] },
    sweepMs: 0,
  });
  paypal = paypalPayments({ apiUrl: fake.origin });
});

afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});

function checkout(
  overrides: Partial<CreateCheckoutInput<PayPalAccount>> = {},
): CreateCheckoutInput<PayPalAccount> {
  return {
    orderId: `order-${randomUUID()}`,
    lines: [
      { name: 'Billet étudiant — Concert de Noël', unitCents: 1875, quantity: 2 },
      { name: 'Don au diffuseur', unitCents: 500, quantity: 1 },
    ],
    totalCents: 4250,
    currency: 'CAD',
    locale: 'fr',
    successUrl: 'http://127.0.0.1:5173/commande/paypal/retour',
    cancelUrl: 'http://127.0.0.1:5173/commande/panier',
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    idempotencyKey: randomUUID(),
    account,
    ...overrides,
  };
}

async function submit(redirectUrl: string, action: 'pay' | 'cancel'): Promise<Response> {
  const html = await (await fetch(redirectUrl)).text();
  const target = [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .find((path) => path.endsWith(`/${action}`));
  if (!target) throw new Error(`No ${action} form on ${redirectUrl}`);
  return fetch(new URL(target, redirectUrl), { method: 'POST', redirect: 'manual' });
}

function webhookOf(type: string, mentions: string) {
  return (webhook: ReceivedWebhook) =>
    (JSON.parse(webhook.body) as { event_type: string }).event_type === type &&
    webhook.body.includes(mentions);
}

const parse = (webhook: ReceivedWebhook, as: PayPalAccount = account) =>
  paypal.parseWebhook({ rawBody: webhook.body, headers: webhook.headers, account: as });

describe('PayPal payments adapter against the fake PayPal', () => {
  it('TIX-09 PayPal: create, approve on the hosted page, capture, verified webhooks, refund', async () => {
    const input = checkout();
    const created = await paypal.createCheckout(input);
    expect(created.redirectUrl).toBe(`${fake.origin}/checkout/paypal/${created.providerRef}`);
    expect(await paypal.getPayment(created.providerRef, account)).toMatchObject({
      status: 'open',
      amountCents: 4250,
      currency: 'CAD',
      orderId: input.orderId,
    });
    const page = await (await fetch(created.redirectUrl)).text();
    expect(page).toContain('42,50');

    const approved = await submit(created.redirectUrl, 'pay');
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(input.successUrl);
    expect(back.searchParams.get('token')).toBe(created.providerRef);

    const approval = await receiver.waitFor(webhookOf('CHECKOUT.ORDER.APPROVED', created.providerRef));
    expect(await parse(approval)).toMatchObject({
      type: 'payment.approved',
      providerRef: created.providerRef,
      orderId: input.orderId,
      amountCents: 4250,
    });
    expect(await paypal.getPayment(created.providerRef, account)).toMatchObject({
      status: 'open',
      approved: true,
    });

    const captureKey = randomUUID();
    const captured = await paypal.capture({
      providerRef: created.providerRef,
      idempotencyKey: captureKey,
      account,
    });
    expect(captured).toMatchObject({ status: 'paid', amountCents: 4250, orderId: input.orderId });
    const transactionId = captured.transactionId ?? '';
    expect(transactionId).not.toBe('');
    // A retried capture (same key) and a second one (the webhook's path) take nothing more.
    expect(
      await paypal.capture({ providerRef: created.providerRef, idempotencyKey: captureKey, account }),
    ).toEqual(captured);
    expect(
      await paypal.capture({ providerRef: created.providerRef, idempotencyKey: randomUUID(), account }),
    ).toMatchObject({
      status: 'paid',
      transactionId,
    });
    expect(
      fake.events({ type: 'PAYMENT.CAPTURE.COMPLETED' }).filter((e) => e.body.includes(transactionId)),
    ).toHaveLength(1);

    const completed = await receiver.waitFor(webhookOf('PAYMENT.CAPTURE.COMPLETED', transactionId));
    expect(await parse(completed)).toMatchObject({
      type: 'payment.completed',
      providerRef: created.providerRef,
      orderId: input.orderId,
      transactionId,
      amountCents: 4250,
    });

    const refundInput = {
      providerRef: created.providerRef,
      amountCents: 1875,
      currency: 'CAD',
      orderId: input.orderId,
      idempotencyKey: randomUUID(),
      account,
    };
    const refund = await paypal.refund(refundInput);
    expect(refund).toMatchObject({ status: 'succeeded', amountCents: 1875 });
    expect((await paypal.refund(refundInput)).refundId).toBe(refund.refundId);
    // One refund of 18,75 $ happened: 23,75 $ remain to refund, not 5,00 $.
    await paypal.refund({ ...refundInput, transactionId, amountCents: 2375, idempotencyKey: randomUUID() });
    await expect(
      paypal.refund({ ...refundInput, amountCents: 1, idempotencyKey: randomUUID() }),
    ).rejects.toBeInstanceOf(PaymentProviderError);

    const refunded = await receiver.waitFor(webhookOf('PAYMENT.CAPTURE.REFUNDED', refund.refundId));
    expect(await parse(refunded)).toMatchObject({
      type: 'payment.refunded',
      orderId: input.orderId,
      transactionId,
      refundId: refund.refundId,
      amountCents: 1875,
    });
  });

  it('TIX-09 PayPal webhooks that PayPal does not verify are refused, and redeliveries keep their eventId', async () => {
    const created = await paypal.createCheckout(checkout());
    await submit(created.redirectUrl, 'pay');
    const genuine = await receiver.waitFor(webhookOf('CHECKOUT.ORDER.APPROVED', created.providerRef));
    const eventId = (JSON.parse(genuine.body) as { id: string }).id;

    const before = receiver.received.length;
    await fake.sendForged('paypal', eventId);
    const forged = receiver.received[before];
    if (!forged) throw new Error('the forged webhook did not arrive');
    await expect(parse(forged)).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
    // Another webhook id (another organization's app) is part of what PayPal signs.
    await expect(parse(genuine, { ...account, webhookId: 'WH-SOMEONE-ELSE' })).rejects.toBeInstanceOf(
      InvalidWebhookSignatureError,
    );
    const altered = genuine.body.replaceAll('"42.50"', '"0.01"');
    expect(altered).not.toBe(genuine.body);
    await expect(
      paypal.parseWebhook({ rawBody: altered, headers: genuine.headers, account }),
    ).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
    await expect(paypal.parseWebhook({ rawBody: genuine.body, headers: {}, account })).rejects.toMatchObject({
      status: 400,
    });

    await fake.redeliver(eventId);
    await fake.redeliver(eventId);
    // The forged copy carried the same body, under a signature of other bytes.
    const deliveries = receiver.received.filter(
      (webhook) => webhook.body === genuine.body && webhook !== forged,
    );
    expect(deliveries).toHaveLength(3);
    const events = await Promise.all(deliveries.map((webhook) => parse(webhook)));
    expect(new Set(events.map((event) => event.eventId))).toEqual(new Set([eventId]));
  });

  it('TIX-09 PayPal: the same PayPal-Request-Id creates one order; bad client credentials are refused', async () => {
    const input = checkout();
    const [one, two] = await Promise.all([paypal.createCheckout(input), paypal.createCheckout(input)]);
    expect(two.providerRef).toBe(one.providerRef);
    expect((await paypal.createCheckout({ ...input, idempotencyKey: randomUUID() })).providerRef).not.toBe(
      one.providerRef,
    );
    // Capturing before the buyer approved takes nothing.
    await expect(
      paypal.capture({ providerRef: one.providerRef, idempotencyKey: randomUUID(), account }),
    ).rejects.toBeInstanceOf(PaymentProviderError);

    const wrong = { ...account, clientSecret: 'not-the-secret' };
    await expect(paypal.createCheckout(checkout({ account: wrong }))).rejects.toBeInstanceOf(
      PaymentProviderError,
    );
  });

  it('localRoute refuses anything but a local plain-HTTP origin', () => {
    expect(() => localRoute('https://api-m.paypal.com')).toThrow();
    expect(() => localRoute('http://example.org:8080')).toThrow();
    expect(localRoute('http://127.0.0.1:9')).toBeDefined();
  });
});
