import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeContext, FakeStripeAccount, StoredAnswer } from './context';
import { header, parseStripeForm, randomId, readBody, sendJson } from './http';

/** The Stripe API version the fake answers with (stripe@23's). */
const apiVersion = '2026-10-28.endive';

interface PaymentIntentRecord {
  id: string;
  sessionId: string;
  amount: number;
  refunded: number;
  currency: string;
  secretKey: string;
}

/** The slice of Stripe the adapter uses: Checkout Sessions, refunds, and their webhooks. */
export class FakeStripe {
  readonly sessions = new Map<string, Record<string, unknown> & { secretKey: string }>();
  private readonly intents = new Map<string, PaymentIntentRecord>();
  private readonly refunds = new Map<string, Record<string, unknown>>();
  private readonly answers = new Map<string, StoredAnswer>();

  constructor(private readonly context: FakeContext) {}

  /** Handles /v1/… Stripe API requests; false when the path is not Stripe's. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const route = matchRoute(request.method ?? 'GET', path);
    if (!route) return false;
    const account = this.authenticate(request);
    const raw = await readBody(request);
    if (!account) {
      sendJson(response, 401, stripeError('invalid_request_error', 'Invalid API Key provided.'));
      return true;
    }
    this.expireDue();
    const params = parseStripeForm(request.method === 'GET' ? '' : raw);
    const key = request.method === 'POST' ? header(request, 'idempotency-key') : undefined;
    const fingerprint = `${request.method} ${path} ${raw}`;
    if (key) {
      const stored = this.answers.get(`${account.secretKey}\n${key}`);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          sendJson(
            response,
            400,
            stripeError(
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            ),
          );
        } else {
          sendJson(response, stored.status, stored.body, { 'idempotent-replayed': 'true' });
        }
        return true;
      }
    }
    const [status, body] = this.run(route, params, account);
    // Stripe keeps the answer to a key, errors included, except those the request never reached.
    if (key && status < 500) this.answers.set(`${account.secretKey}\n${key}`, { fingerprint, status, body });
    sendJson(response, status, body, { 'request-id': randomId('req_', 14), 'stripe-version': apiVersion });
    return true;
  }

  /** Marks an open session paid (the hosted page's « Payer »), sends checkout.session.completed. */
  pay(sessionId: string): Record<string, unknown> | undefined {
    this.expireDue();
    const session = this.sessions.get(sessionId);
    if (session?.status !== 'open') return undefined;
    const intent: PaymentIntentRecord = {
      id: randomId('pi_'),
      sessionId,
      amount: session.amount_total as number,
      refunded: 0,
      currency: session.currency as string,
      secretKey: session.secretKey,
    };
    this.intents.set(intent.id, intent);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: intent.id,
      url: null,
    });
    this.emit(session.secretKey, 'checkout.session.completed', publicSession(session));
    return session;
  }

  /** Expires every open session past its expires_at, with its checkout.session.expired event. */
  expireDue(): void {
    const now = this.context.now() / 1000;
    for (const session of this.sessions.values()) {
      if (session.status === 'open' && (session.expires_at as number) <= now) this.expire(session);
    }
  }

  private expire(session: Record<string, unknown> & { secretKey: string }): void {
    Object.assign(session, { status: 'expired', url: null });
    this.emit(session.secretKey, 'checkout.session.expired', publicSession(session));
  }

  private authenticate(request: IncomingMessage): FakeStripeAccount | undefined {
    const authorization = header(request, 'authorization') ?? '';
    const key = /^Bearer (.+)$/.exec(authorization)?.[1];
    return key ? this.context.stripeAccounts.get(key) : undefined;
  }

  private run(route: Route, params: Record<string, unknown>, account: FakeStripeAccount): [number, unknown] {
    switch (route.name) {
      case 'createSession':
        return this.createSession(params, account);
      case 'getSession':
      case 'expireSession': {
        const session = this.sessions.get(route.id ?? '');
        if (!session || session.secretKey !== account.secretKey) {
          return [
            404,
            stripeError(
              'invalid_request_error',
              `No such checkout.session: '${route.id}'`,
              'resource_missing',
            ),
          ];
        }
        if (route.name === 'expireSession') {
          if (session.status !== 'open') {
            return [
              400,
              stripeError(
                'invalid_request_error',
                'Only Checkout Sessions with a status of `open` can be expired.',
              ),
            ];
          }
          this.expire(session);
        }
        return [200, publicSession(session)];
      }
      case 'createRefund':
        return this.createRefund(params, account);
    }
  }

  private createSession(params: Record<string, unknown>, account: FakeStripeAccount): [number, unknown] {
    const invalid = (message: string, param?: string): [number, unknown] => [
      400,
      stripeError('invalid_request_error', message, 'parameter_invalid', param),
    ];
    if (params.mode !== 'payment') return invalid('The fake supports mode=payment only.', 'mode');
    const items = params.line_items as Record<string, unknown>[] | undefined;
    if (!Array.isArray(items) || items.length === 0)
      return invalid('Missing required param: line_items.', 'line_items');
    let total = 0;
    let currency: string | undefined;
    const lines: Record<string, unknown>[] = [];
    for (const [index, item] of items.entries()) {
      const price = item.price_data as Record<string, unknown> | undefined;
      const product = price?.product_data as Record<string, unknown> | undefined;
      const quantity = Number(item.quantity);
      const unit = Number(price?.unit_amount);
      if (
        !price ||
        !product?.name ||
        !Number.isInteger(unit) ||
        unit < 0 ||
        !Number.isInteger(quantity) ||
        quantity < 1
      ) {
        return invalid(`Invalid line_items[${index}].`, `line_items[${index}]`);
      }
      if (currency && price.currency !== currency)
        return invalid('All line items must use the same currency.');
      currency = String(price.currency);
      total += unit * quantity;
      lines.push({ description: product.name, quantity, amount_total: unit * quantity, currency });
    }
    if (!params.success_url) return invalid('Missing required param: success_url.', 'success_url');
    const now = Math.floor(this.context.now() / 1000);
    const expiresAt = params.expires_at === undefined ? now + 24 * 3600 : Number(params.expires_at);
    if (!Number.isInteger(expiresAt) || expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600) {
      return invalid(
        'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
        'expires_at',
      );
    }
    const id = randomId('cs_test_', 58);
    const session = {
      id,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: params.cancel_url ?? null,
      client_reference_id: params.client_reference_id ?? null,
      created: now,
      currency,
      customer_email: params.customer_email ?? null,
      expires_at: expiresAt,
      livemode: false,
      locale: params.locale ?? null,
      metadata: params.metadata ?? {},
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: params.success_url,
      url: `${this.context.origin()}/checkout/stripe/${id}`,
      // Kept for the hosted page; Stripe lists them at /v1/checkout/sessions/:id/line_items.
      lines,
      secretKey: account.secretKey,
    };
    this.sessions.set(id, session);
    return [200, publicSession(session)];
  }

  private createRefund(params: Record<string, unknown>, account: FakeStripeAccount): [number, unknown] {
    const intent = this.intents.get(String(params.payment_intent ?? ''));
    if (!intent || intent.secretKey !== account.secretKey) {
      return [
        404,
        stripeError(
          'invalid_request_error',
          `No such payment_intent: '${params.payment_intent}'`,
          'resource_missing',
        ),
      ];
    }
    const remaining = intent.amount - intent.refunded;
    const amount = params.amount === undefined ? remaining : Number(params.amount);
    if (remaining === 0) {
      return [
        400,
        stripeError('invalid_request_error', 'Charge has already been refunded.', 'charge_already_refunded'),
      ];
    }
    if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
      return [
        400,
        stripeError(
          'invalid_request_error',
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          'amount_too_large',
          'amount',
        ),
      ];
    }
    intent.refunded += amount;
    const refund = {
      id: randomId('re_'),
      object: 'refund',
      amount,
      charge: `ch_${intent.id.slice(3)}`,
      created: Math.floor(this.context.now() / 1000),
      currency: intent.currency,
      metadata: params.metadata ?? {},
      payment_intent: intent.id,
      reason: params.reason ?? null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    this.emit(account.secretKey, 'refund.created', refund);
    return [200, refund];
  }

  private emit(secretKey: string, type: string, object: unknown): void {
    const account = this.context.stripeAccounts.get(secretKey);
    const event = {
      id: randomId('evt_'),
      object: 'event',
      api_version: apiVersion,
      created: Math.floor(this.context.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    const sent = this.context.webhooks.record({
      provider: 'stripe',
      id: event.id,
      type,
      body: JSON.stringify(event, null, 2),
      account: secretKey,
    });
    void this.context.webhooks.deliver(sent, () =>
      // Signed with the real time: the receiver's clock did not move with the fake's.
      this.context.signer.stripe(sent.body, account?.webhookSecret ?? '', Math.floor(Date.now() / 1000)),
    );
  }
}

type Route = { name: 'createSession' | 'getSession' | 'expireSession' | 'createRefund'; id?: string };

function matchRoute(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/v1/checkout/sessions') return { name: 'createSession' };
  if (method === 'POST' && path === '/v1/refunds') return { name: 'createRefund' };
  const session = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
  if (session?.[1] && !session[2] && method === 'GET') return { name: 'getSession', id: session[1] };
  if (session?.[1] && session[2] && method === 'POST') return { name: 'expireSession', id: session[1] };
  return undefined;
}

function publicSession(session: Record<string, unknown>): Record<string, unknown> {
  const { secretKey: _key, lines: _lines, ...visible } = session;
  return visible;
}

function stripeError(type: string, message: string, code?: string, param?: string) {
  return { error: { type, message, ...(code ? { code } : {}), ...(param ? { param } : {}) } };
}
