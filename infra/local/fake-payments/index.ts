import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { env as wiringEnv } from '../../wiring';
import { loopback } from '../ports';
import { checkoutPage } from './checkout-page';
import type { FakeContext, FakePayPalAccount, FakeStripeAccount } from './context';
import { readBody, redirect, sendHtml, sendJson } from './http';
import { FakePayPal } from './paypal';
import { FakeStripe } from './stripe';
import {
  createSigner,
  type DeliveryAttempt,
  type FakeProvider,
  type SentEvent,
  WebhookSender,
} from './webhooks';

export type { FakePayPalAccount, FakeStripeAccount } from './context';
export type { DeliveryAttempt, FakeProvider, SentEvent } from './webhooks';

/**
 * The demo organization's keys on the fake (npm start): test values, meaningless outside this
 * machine, which the demo data may store in the twin's secrets like real ones.
 */
export const fakeDemoAccounts = {
  stripe: { secretKey: 'sk_test_parvis_demo', webhookSecret: 'whsec_parvis_demo' },
  paypal: { clientId: 'parvis-demo-client', clientSecret: 'parvis-demo-secret', webhookId: 'WH-PARVIS-DEMO' },
} as const satisfies { stripe: FakeStripeAccount; paypal: FakePayPalAccount };

/**
 * Where the twin's fake sends webhooks: the site's /webhooks/<provider>, the routes the webhook
 * handlers of functions/http/ will answer on (decision 0015).
 */
export function webhookUrlsOf(env: Record<string, string>): Record<FakeProvider, string> {
  const site = (env[wiringEnv.siteUrl] ?? `http://${loopback}:5173`).replace(/\/$/, '');
  return { stripe: `${site}/webhooks/stripe`, paypal: `${site}/webhooks/paypal` };
}

/** The environment that points the payment adapters at this fake (PARVIS_PAYMENTS_API_URL). */
export function fakePaymentsEnv(payments: Pick<FakePayments, 'origin'>): Record<string, string> {
  return { [wiringEnv.paymentsApiUrl]: payments.origin };
}

export interface FakePaymentsOptions {
  /** Where each provider's webhooks are POSTed; a provider without one records its events only. */
  webhookUrls?: Partial<Record<FakeProvider, string>>;
  /** Accounts accepted besides those added later; the demo accounts when absent. */
  accounts?: { stripe?: FakeStripeAccount[]; paypal?: FakePayPalAccount[] };
  /** 0 or absent: a free port. */
  port?: number;
  /** How often open Stripe sessions are checked for expiry (ms); 0 turns the sweep off. */
  sweepMs?: number;
}

export interface FakePayments {
  /** `http://127.0.0.1:<port>`: the adapters' API URL (PARVIS_PAYMENTS_API_URL). */
  origin: string;
  addAccounts(accounts: { stripe?: FakeStripeAccount[]; paypal?: FakePayPalAccount[] }): void;
  setWebhookUrl(provider: FakeProvider, url: string): void;
  /** Every event the fake created, oldest first, with its delivery attempts. */
  events(filter?: { provider?: FakeProvider; type?: string }): SentEvent[];
  /** Delivers an event again, same id and body, freshly signed (what a provider's retry does). */
  redeliver(eventId: string): Promise<DeliveryAttempt | undefined>;
  /**
   * Sends a copy of an event (or a made-up one) with a signature that does not verify: signed with
   * a wrong secret (Stripe) or a wrong key (PayPal).
   */
  sendForged(provider: FakeProvider, eventId?: string): Promise<DeliveryAttempt | undefined>;
  /** The next delivery of this provider fails (never reaches the receiver) or arrives `delayMs` late. */
  faultNextDelivery(provider: FakeProvider, fault: { fail: true } | { delayMs: number }): void;
  /** Moves the fake's clock forward (Stripe sessions expire by it) and expires what is due. */
  advanceClock(seconds: number): void;
  /** Resolves once no webhook is in flight or held back. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A fake Stripe and PayPal on 127.0.0.1 (decision 0015): the API endpoints the adapters use, answered
 * with the providers' shapes so that the real SDKs run unchanged; hosted checkout pages a browser or
 * a plain form POST can pay on; signed webhooks to the configured URLs. It checks what the real APIs
 * check (API key or OAuth client, idempotency keys, amounts, expiry), so a test passing here exercises
 * the same code paths as production. A control API under /_fake/ drives faults for tests.
 */
export async function startFakePayments(options: FakePaymentsOptions = {}): Promise<FakePayments> {
  let origin = '';
  let offsetMs = 0;
  const webhooks = new WebhookSender({ ...options.webhookUrls });
  const context: FakeContext = {
    now: () => Date.now() + offsetMs,
    origin: () => origin,
    webhooks,
    signer: createSigner(() => origin),
    stripeAccounts: new Map(),
    paypalAccounts: new Map(),
  };
  const stripe = new FakeStripe(context);
  const paypal = new FakePayPal(context);

  const addAccounts: FakePayments['addAccounts'] = (accounts) => {
    for (const account of accounts.stripe ?? [])
      context.stripeAccounts.set(account.secretKey, { ...account });
    for (const account of accounts.paypal ?? []) context.paypalAccounts.set(account.clientId, { ...account });
  };
  addAccounts(options.accounts ?? { stripe: [fakeDemoAccounts.stripe], paypal: [fakeDemoAccounts.paypal] });

  const lastAttempt = (event: SentEvent) => event.deliveries.at(-1);

  const api: Omit<FakePayments, 'origin' | 'stop'> = {
    addAccounts,
    setWebhookUrl: (provider, url) => webhooks.setUrl(provider, url),
    events: (filter = {}) =>
      webhooks.events.filter(
        (event) =>
          (!filter.provider || event.provider === filter.provider) &&
          (!filter.type || event.type === filter.type),
      ),
    async redeliver(eventId) {
      const event = webhooks.events.find((candidate) => candidate.id === eventId);
      if (!event) return undefined;
      await webhooks.deliver(event, () => sign(event));
      return lastAttempt(event);
    },
    async sendForged(provider, eventId) {
      const original = eventId ? webhooks.events.find((event) => event.id === eventId) : undefined;
      const forged: SentEvent = {
        provider,
        id: original?.id ?? `evt_forged_${Date.now()}`,
        type: original?.type ?? 'forged',
        body:
          original?.body ??
          JSON.stringify({ id: `forged-${Date.now()}`, type: 'checkout.session.completed' }),
        account: original?.account ?? '',
        deliveries: [],
      };
      await webhooks.deliver(forged, () => forgedSignature(forged), { forged: true });
      return lastAttempt(forged);
    },
    faultNextDelivery(provider, fault) {
      webhooks.injectFault(
        provider,
        'fail' in fault ? { kind: 'fail' } : { kind: 'delay', ms: fault.delayMs },
      );
    },
    advanceClock(seconds) {
      offsetMs += seconds * 1000;
      stripe.expireDue();
    },
    idle: () => webhooks.idle(),
  };

  function sign(event: SentEvent): Record<string, string> {
    if (event.provider === 'stripe') {
      const secret = context.stripeAccounts.get(event.account)?.webhookSecret ?? '';
      return context.signer.stripe(event.body, secret, Math.floor(Date.now() / 1000));
    }
    const webhookId = context.paypalAccounts.get(event.account)?.webhookId ?? '';
    return context.signer.paypal(event.body, webhookId, new Date());
  }

  function forgedSignature(event: SentEvent): Record<string, string> {
    if (event.provider === 'stripe') {
      return context.signer.stripe(event.body, 'whsec_forged_by_someone_else', Math.floor(Date.now() / 1000));
    }
    // A genuine signature of other bytes: the event was altered after signing.
    return context.signer.paypal(
      `${event.body} `,
      context.paypalAccounts.get(event.account)?.webhookId ?? '',
      new Date(),
    );
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: (error as Error).message } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname;
    if (path.startsWith('/_fake/')) return control(request, response, url);
    if (path.startsWith('/checkout/')) return hostedPage(request, response, path);
    if (await stripe.handle(request, response, path)) return;
    if (await paypal.handle(request, response, path)) return;
    sendJson(response, 404, {
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${request.method}: ${path}).`,
      },
    });
  }

  async function hostedPage(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    await readBody(request);
    const match = /^\/checkout\/(stripe|paypal)\/([^/]+)(?:\/(pay|cancel))?$/.exec(path);
    const [, provider, id = '', action] = match ?? [];
    const post = request.method === 'POST';
    if (provider === 'stripe') {
      stripe.expireDue();
      const session = stripe.sessions.get(id);
      if (!session) return sendHtml(response, 404, notFound);
      if (post && action === 'pay') {
        if (!stripe.pay(id)) return sendHtml(response, 409, stripePage(session, id));
        return redirect(response, String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', id));
      }
      if (post && action === 'cancel') {
        return redirect(response, String(session.cancel_url ?? session.success_url));
      }
      return sendHtml(response, 200, stripePage(session, id));
    }
    if (provider === 'paypal') {
      const record = paypal.orders.get(id);
      if (!record) return sendHtml(response, 404, notFound);
      if (post && action === 'pay') {
        const approved = paypal.approve(id);
        if (!approved) return sendHtml(response, 409, paypalPage(record, id));
        const payer = (approved.order.payer as { payer_id: string }).payer_id;
        return redirect(response, withQuery(record.returnUrl ?? origin, { token: id, PayerID: payer }));
      }
      if (post && action === 'cancel')
        return redirect(response, withQuery(record.cancelUrl ?? origin, { token: id }));
      return sendHtml(response, 200, paypalPage(record, id));
    }
    sendHtml(response, 404, notFound);
  }

  function stripePage(session: Record<string, unknown>, id: string): string {
    const closed =
      session.status === 'complete'
        ? 'Ce paiement est déjà réglé.'
        : session.status === 'expired'
          ? 'Cette session de paiement a expiré.'
          : undefined;
    return checkoutPage({
      provider: 'Stripe',
      amountCents: session.amount_total as number,
      currency: session.currency as string,
      lines: (session.lines as { description: string; quantity: number }[]).map((line) => ({
        name: line.description,
        quantity: line.quantity,
      })),
      payAction: `/checkout/stripe/${id}/pay`,
      cancelAction: `/checkout/stripe/${id}/cancel`,
      ...(closed ? { closed } : {}),
    });
  }

  function paypalPage(record: { order: Record<string, unknown> & { status: string } }, id: string): string {
    const unit = (record.order.purchase_units as Record<string, unknown>[])[0] ?? {};
    const amount = unit.amount as { currency_code: string; value: string };
    const items = (unit.items as { name: string; quantity: string }[] | undefined) ?? [];
    const open = ['CREATED', 'PAYER_ACTION_REQUIRED'].includes(record.order.status);
    return checkoutPage({
      provider: 'PayPal',
      amountCents: Math.round(Number(amount.value) * 100),
      currency: amount.currency_code,
      lines: items.map((item) => ({ name: item.name, quantity: Number(item.quantity) })),
      payAction: `/checkout/paypal/${id}/pay`,
      cancelAction: `/checkout/paypal/${id}/cancel`,
      ...(open ? {} : { closed: 'Ce paiement a déjà été approuvé ou n’est plus disponible.' }),
    });
  }

  async function control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(request);
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const provider = (body.provider ?? url.searchParams.get('provider') ?? undefined) as
      | FakeProvider
      | undefined;
    const path = url.pathname;
    const post = request.method === 'POST';
    if (path === '/_fake/events' && !post) {
      const type = url.searchParams.get('type') ?? undefined;
      return sendJson(
        response,
        200,
        api.events({ ...(provider ? { provider } : {}), ...(type ? { type } : {}) }),
      );
    }
    const redeliver = /^\/_fake\/events\/([^/]+)\/redeliver$/.exec(path);
    if (redeliver?.[1] && post) {
      const attempt = await api.redeliver(decodeURIComponent(redeliver[1]));
      return attempt ? sendJson(response, 200, attempt) : sendJson(response, 404, { error: 'no such event' });
    }
    if (path === '/_fake/forge' && post && provider) {
      return sendJson(response, 200, await api.sendForged(provider, body.eventId as string | undefined));
    }
    if (path === '/_fake/next-delivery' && post && provider) {
      api.faultNextDelivery(provider, body.fail ? { fail: true } : { delayMs: Number(body.delayMs ?? 0) });
      return sendJson(response, 200, { ok: true });
    }
    if (path === '/_fake/accounts' && post) {
      api.addAccounts(body as Parameters<FakePayments['addAccounts']>[0]);
      return sendJson(response, 200, { ok: true });
    }
    if (path === '/_fake/clock' && post) {
      api.advanceClock(Number(body.advanceSeconds ?? 0));
      return sendJson(response, 200, { now: new Date(context.now()).toISOString() });
    }
    if (path === '/_fake/idle' && !post) {
      await api.idle();
      return sendJson(response, 200, { ok: true });
    }
    sendJson(response, 404, {
      error: 'unknown control request',
      routes: [
        'GET /_fake/events?provider=&type=',
        'POST /_fake/events/<id>/redeliver',
        'POST /_fake/forge {provider, eventId?}',
        'POST /_fake/next-delivery {provider, fail: true | delayMs}',
        'POST /_fake/accounts {stripe?: [...], paypal?: [...]}',
        'POST /_fake/clock {advanceSeconds}',
        'GET /_fake/idle',
      ],
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopback, () => resolve());
  });
  origin = `http://${loopback}:${(server.address() as AddressInfo).port}`;
  const sweepMs = options.sweepMs ?? 1000;
  const sweep = sweepMs > 0 ? setInterval(() => stripe.expireDue(), sweepMs) : undefined;
  sweep?.unref();

  let stopping: Promise<void> | undefined;
  return {
    origin,
    ...api,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (sweep) clearInterval(sweep);
        webhooks.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

const notFound = checkoutPage({
  provider: 'simulé',
  amountCents: 0,
  currency: 'CAD',
  lines: [],
  payAction: '#',
  cancelAction: '#',
  closed: 'Cette page de paiement est introuvable.',
});

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
