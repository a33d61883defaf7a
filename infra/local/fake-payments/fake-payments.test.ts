import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripePayments } from '../../../shared/adapters/stripe-payments';
import type { StripeAccount } from '../../../shared/payments/payment-provider';
import { type FakePayments, startFakePayments } from './index';
import { startWebhookReceiver } from './webhook-receiver';

/** The fake's own contract: its control API over HTTP, its hosted page, what it refuses. */
let fake: FakePayments;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const account: StripeAccount = {
  provider: 'stripe',
  secretKey: `sk_test_${randomUUID()}`,
  webhookSecret: 'whsec_x',
};

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  fake = await startFakePayments({ webhookUrls: { stripe: receiver.url }, accounts: {}, sweepMs: 0 });
});

afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});

const control = async (path: string, body?: unknown) =>
  fetch(`${fake.origin}/_fake/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('fake payment provider server', () => {
  it('TIX-09 accounts, faults, redelivery and forgeries are driven over its control API', async () => {
    expect((await control('accounts', { stripe: [account] })).ok).toBe(true);
    const stripe = stripePayments({ apiUrl: fake.origin });
    const created = await stripe.createCheckout({
      orderId: 'order-1',
      lines: [{ name: 'Billet <script>alert(1)</script>', unitCents: 1000, quantity: 1 }],
      totalCents: 1000,
      currency: 'CAD',
      locale: 'fr',
      successUrl: 'http://127.0.0.1:5173/merci',
      cancelUrl: 'http://127.0.0.1:5173/panier',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      idempotencyKey: randomUUID(),
      account,
    });

    const page = await (await fetch(created.redirectUrl)).text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Billet &lt;script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toMatch(/<button type="submit">Payer 10,00\s\$<\/button>/);
    const cancel = await fetch(`${created.redirectUrl}/cancel`, { method: 'POST', redirect: 'manual' });
    expect(cancel.headers.get('location')).toBe('http://127.0.0.1:5173/panier');

    expect((await control('next-delivery', { provider: 'stripe', fail: true })).ok).toBe(true);
    await fetch(`${created.redirectUrl}/pay`, { method: 'POST', redirect: 'manual' });
    await control('idle');
    const [event] = (await (await control('events?provider=stripe')).json()) as {
      id: string;
      deliveries: unknown[];
    }[];
    expect(event?.deliveries).toEqual([expect.objectContaining({ error: 'failure injected' })]);
    expect(receiver.received).toHaveLength(0);

    const attempt = (await (await control(`events/${event?.id}/redeliver`, {})).json()) as { status: number };
    expect(attempt.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    const forged = (await (await control('forge', { provider: 'stripe', eventId: event?.id })).json()) as {
      forged: boolean;
    };
    expect(forged.forged).toBe(true);
    expect(receiver.received[1]?.headers['stripe-signature']).not.toBe(
      receiver.received[0]?.headers['stripe-signature'],
    );
    expect((await control('nothing-here')).status).toBe(404);
  });

  it('TIX-09 it refuses what Stripe and PayPal refuse: unknown keys and clients, out-of-range expiry', async () => {
    const noKey = await fetch(`${fake.origin}/v1/checkout/sessions`, { method: 'POST' });
    expect(noKey.status).toBe(401);
    const token = await fetch(`${fake.origin}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('who:knows').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(401);
    const noToken = await fetch(`${fake.origin}/v2/checkout/orders`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);

    fake.addAccounts({ stripe: [account] });
    const tooLate = await fetch(`${fake.origin}/v1/checkout/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${account.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        mode: 'payment',
        'line_items[0][quantity]': '1',
        'line_items[0][price_data][currency]': 'cad',
        'line_items[0][price_data][unit_amount]': '100',
        'line_items[0][price_data][product_data][name]': 'Billet',
        success_url: 'http://127.0.0.1/ok',
        expires_at: String(Math.floor(Date.now() / 1000) + 600),
      }),
    });
    expect(tooLate.status).toBe(400);
    expect(((await tooLate.json()) as { error: { param: string } }).error.param).toBe('expires_at');
  });
});
