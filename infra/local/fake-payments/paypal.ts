import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeContext, FakePayPalAccount, StoredAnswer } from './context';
import { header, randomId, readBody, sendJson } from './http';

type Json = Record<string, unknown>;
interface Money {
  currency_code: string;
  value: string;
}

export interface OrderRecord {
  order: Json & { id: string; status: string };
  clientId: string;
  returnUrl?: string;
  cancelUrl?: string;
}

interface CaptureRecord {
  capture: Json & { id: string; status: string; amount: Money };
  orderId: string;
  clientId: string;
  refundedCents: number;
}

const tokenLifetimeSeconds = 32_400;

/** The slice of PayPal the adapter uses: OAuth, Orders v2, captures' refunds, webhook verification. */
export class FakePayPal {
  readonly orders = new Map<string, OrderRecord>();
  private readonly captures = new Map<string, CaptureRecord>();
  private readonly tokens = new Map<string, { clientId: string; expires: number }>();
  private readonly answers = new Map<string, StoredAnswer>();

  constructor(private readonly context: FakeContext) {}

  /** Handles PayPal API requests; false when the path is not PayPal's. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const method = request.method ?? 'GET';
    const certs = /^\/v1\/notifications\/certs\/[^/]+$/.test(path);
    const known =
      path === '/v1/oauth2/token' ||
      path === '/v1/notifications/verify-webhook-signature' ||
      path.startsWith('/v2/checkout/orders') ||
      path.startsWith('/v2/payments/captures/') ||
      certs;
    if (!known) return false;
    const raw = await readBody(request);
    if (certs) {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      response.end(this.context.signer.certPem);
      return true;
    }
    if (path === '/v1/oauth2/token' && method === 'POST') {
      this.token(request, raw, response);
      return true;
    }
    const account = this.authenticate(request);
    if (!account) {
      sendJson(response, 401, {
        name: 'AUTHENTICATION_FAILURE',
        message:
          'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
        debug_id: debugId(),
      });
      return true;
    }
    let body: Json = {};
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      sendJson(response, 400, issue('INVALID_REQUEST', 'MALFORMED_REQUEST_JSON'));
      return true;
    }
    const requestId = method === 'POST' ? header(request, 'paypal-request-id') : undefined;
    const storeKey = requestId ? `${account.clientId}\n${path}\n${requestId}` : undefined;
    const stored = storeKey ? this.answers.get(storeKey) : undefined;
    if (stored) {
      sendJson(response, stored.status, stored.body);
      return true;
    }
    const [status, answer] = this.route(method, path, body, account);
    if (storeKey && status < 500) this.answers.set(storeKey, { fingerprint: raw, status, body: answer });
    sendJson(response, status, answer, { 'paypal-debug-id': debugId() });
    return true;
  }

  /** The hosted page's « Payer »: the buyer approves; sends CHECKOUT.ORDER.APPROVED. */
  approve(orderId: string): OrderRecord | undefined {
    const record = this.orders.get(orderId);
    if (!record || !['CREATED', 'PAYER_ACTION_REQUIRED'].includes(record.order.status)) return undefined;
    Object.assign(record.order, {
      status: 'APPROVED',
      update_time: this.isoNow(),
      payer: {
        name: { given_name: 'Client', surname: 'Test' },
        email_address: 'acheteur@example.org',
        payer_id: randomId('', 13).toUpperCase(),
      },
    });
    this.emit(record.clientId, 'CHECKOUT.ORDER.APPROVED', 'checkout-order', record.order);
    return record;
  }

  private token(request: IncomingMessage, raw: string, response: ServerResponse): void {
    const [scheme, encoded] = (header(request, 'authorization') ?? '').split(' ');
    const [clientId, clientSecret] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':');
    const account = this.context.paypalAccounts.get(clientId ?? '');
    const grant = new URLSearchParams(raw).get('grant_type');
    if (scheme !== 'Basic' || !account || account.clientSecret !== clientSecret) {
      sendJson(response, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      return;
    }
    if (grant !== 'client_credentials') {
      sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
      return;
    }
    const accessToken = `A21AA${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      clientId: account.clientId,
      expires: Date.now() + tokenLifetimeSeconds * 1000,
    });
    sendJson(response, 200, {
      scope: 'https://uri.paypal.com/services/payments/payment',
      access_token: accessToken,
      token_type: 'Bearer',
      app_id: `APP-${account.clientId.slice(0, 10).toUpperCase()}`,
      expires_in: tokenLifetimeSeconds,
      nonce: `${new Date().toISOString()}${randomId('', 10)}`,
    });
  }

  private authenticate(request: IncomingMessage): FakePayPalAccount | undefined {
    const token = /^Bearer (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
    const found = token ? this.tokens.get(token) : undefined;
    if (!found || found.expires < Date.now()) return undefined;
    return this.context.paypalAccounts.get(found.clientId);
  }

  private route(method: string, path: string, body: Json, account: FakePayPalAccount): [number, unknown] {
    if (method === 'POST' && path === '/v2/checkout/orders') return this.createOrder(body, account);
    if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature') return this.verify(body);
    const order = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    if (order?.[1]) {
      const record = this.orders.get(order[1]);
      if (!record || record.clientId !== account.clientId)
        return [404, issue('RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID')];
      if (!order[2] && method === 'GET') return [200, record.order];
      if (order[2] && method === 'POST') return this.capture(record);
    }
    const refund = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
    if (refund?.[1] && method === 'POST') return this.refund(refund[1], body, account);
    return [404, issue('RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID')];
  }

  private createOrder(body: Json, account: FakePayPalAccount): [number, unknown] {
    const units = body.purchase_units as Json[] | undefined;
    const unit = units?.[0];
    const amount = unit?.amount as (Money & { breakdown?: { item_total?: Money } }) | undefined;
    if (body.intent !== 'CAPTURE' || !unit || units.length !== 1 || !amount) {
      return [400, issue('INVALID_REQUEST', 'MISSING_REQUIRED_PARAMETER')];
    }
    const items = (unit.items as (Json & { unit_amount: Money; quantity: string })[] | undefined) ?? [];
    const cents = (money: Money) => Math.round(Number(money.value) * 100);
    const itemTotal = items.reduce((sum, item) => sum + cents(item.unit_amount) * Number(item.quantity), 0);
    if (
      items.length > 0 &&
      (!amount.breakdown?.item_total || cents(amount.breakdown.item_total) !== itemTotal)
    ) {
      return [422, issue('UNPROCESSABLE_ENTITY', 'ITEM_TOTAL_MISMATCH')];
    }
    if (cents(amount) !== itemTotal && items.length > 0)
      return [422, issue('UNPROCESSABLE_ENTITY', 'AMOUNT_MISMATCH')];
    const context = ((body.payment_source as Json | undefined)?.paypal as Json | undefined)
      ?.experience_context as Json | undefined;
    const id = randomId('', 17).toUpperCase();
    const now = this.isoNow();
    const order = {
      id,
      intent: 'CAPTURE',
      status: 'PAYER_ACTION_REQUIRED',
      payment_source: { paypal: {} },
      purchase_units: [
        {
          reference_id: unit.reference_id ?? 'default',
          amount,
          payee: unit.payee ?? { email_address: 'marchand@example.org', merchant_id: 'FAKEMERCHANT1' },
          ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
          ...(items.length > 0 ? { items } : {}),
        },
      ],
      create_time: now,
      links: [
        { href: `${this.context.origin()}/v2/checkout/orders/${id}`, rel: 'self', method: 'GET' },
        { href: `${this.context.origin()}/checkout/paypal/${id}`, rel: 'payer-action', method: 'GET' },
      ],
    };
    this.orders.set(id, {
      order,
      clientId: account.clientId,
      ...(typeof context?.return_url === 'string' ? { returnUrl: context.return_url } : {}),
      ...(typeof context?.cancel_url === 'string' ? { cancelUrl: context.cancel_url } : {}),
    });
    return [200, order];
  }

  private capture(record: OrderRecord): [number, unknown] {
    if (record.order.status === 'COMPLETED')
      return [422, issue('UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED')];
    if (record.order.status !== 'APPROVED') return [422, issue('UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED')];
    const unit = (record.order.purchase_units as Json[])[0] as Json;
    const id = randomId('', 17).toUpperCase();
    const origin = this.context.origin();
    const now = this.isoNow();
    const capture = {
      id,
      status: 'COMPLETED',
      amount: unit.amount as Money,
      final_capture: true,
      ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
      seller_protection: { status: 'NOT_ELIGIBLE' },
      links: [
        { href: `${origin}/v2/payments/captures/${id}`, rel: 'self', method: 'GET' },
        { href: `${origin}/v2/payments/captures/${id}/refund`, rel: 'refund', method: 'POST' },
        { href: `${origin}/v2/checkout/orders/${record.order.id}`, rel: 'up', method: 'GET' },
      ],
      create_time: now,
      update_time: now,
      supplementary_data: { related_ids: { order_id: record.order.id } },
    };
    this.captures.set(id, { capture, orderId: record.order.id, clientId: record.clientId, refundedCents: 0 });
    unit.payments = { captures: [capture] };
    Object.assign(record.order, { status: 'COMPLETED', update_time: now });
    this.emit(record.clientId, 'PAYMENT.CAPTURE.COMPLETED', 'capture', capture);
    return [201, record.order];
  }

  private refund(captureId: string, body: Json, account: FakePayPalAccount): [number, unknown] {
    const record = this.captures.get(captureId);
    if (!record || record.clientId !== account.clientId)
      return [404, issue('RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID')];
    const total = Math.round(Number(record.capture.amount.value) * 100);
    const remaining = total - record.refundedCents;
    const asked = body.amount as Money | undefined;
    const cents = asked ? Math.round(Number(asked.value) * 100) : remaining;
    if (remaining === 0) return [422, issue('UNPROCESSABLE_ENTITY', 'CAPTURE_FULLY_REFUNDED')];
    if (asked && asked.currency_code !== record.capture.amount.currency_code) {
      return [422, issue('UNPROCESSABLE_ENTITY', 'REFUND_CURRENCY_MISMATCH')];
    }
    if (!(cents > 0) || cents > remaining)
      return [422, issue('UNPROCESSABLE_ENTITY', 'REFUND_AMOUNT_EXCEEDED')];
    record.refundedCents += cents;
    record.capture.status = record.refundedCents === total ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    const origin = this.context.origin();
    const id = randomId('', 17).toUpperCase();
    const now = this.isoNow();
    const refund = {
      id,
      status: 'COMPLETED',
      amount: { currency_code: record.capture.amount.currency_code, value: (cents / 100).toFixed(2) },
      ...(typeof body.custom_id === 'string' ? { custom_id: body.custom_id } : {}),
      links: [
        { href: `${origin}/v2/payments/refunds/${id}`, rel: 'self', method: 'GET' },
        { href: `${origin}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' },
      ],
      create_time: now,
      update_time: now,
    };
    this.emit(record.clientId, 'PAYMENT.CAPTURE.REFUNDED', 'refund', refund);
    return [201, refund];
  }

  /**
   * PayPal's own check of a webhook: the signature must match the transmission headers, the
   * webhook id and the CRC32 of the event, with the certificate at cert_url (the fake's).
   */
  private verify(body: Json): [number, unknown] {
    const required = [
      'auth_algo',
      'cert_url',
      'transmission_id',
      'transmission_sig',
      'transmission_time',
      'webhook_id',
    ];
    if (required.some((name) => typeof body[name] !== 'string') || typeof body.webhook_event !== 'object') {
      return [400, issue('VALIDATION_ERROR', 'MISSING_REQUIRED_PARAMETER')];
    }
    const ok =
      body.cert_url === this.context.signer.certUrl &&
      body.auth_algo === 'SHA256withRSA' &&
      this.context.signer.verifyPayPal({
        transmissionId: body.transmission_id as string,
        transmissionTime: body.transmission_time as string,
        webhookId: body.webhook_id as string,
        signature: body.transmission_sig as string,
        body: JSON.stringify(body.webhook_event),
      });
    return [200, { verification_status: ok ? 'SUCCESS' : 'FAILURE' }];
  }

  private emit(clientId: string, eventType: string, resourceType: string, resource: unknown): void {
    const account = this.context.paypalAccounts.get(clientId);
    const event = {
      id: `WH-${randomId('', 17).toUpperCase()}-${randomId('', 17).toUpperCase()}`,
      event_version: '1.0',
      create_time: this.isoNow(),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: eventType,
      summary: eventType,
      resource: structuredClone(resource),
    };
    const sent = this.context.webhooks.record({
      provider: 'paypal',
      id: event.id,
      type: eventType,
      body: JSON.stringify(event),
      account: clientId,
    });
    void this.context.webhooks.deliver(sent, () =>
      this.context.signer.paypal(sent.body, account?.webhookId ?? '', new Date()),
    );
  }

  private isoNow(): string {
    return new Date(this.context.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

function debugId(): string {
  return randomBytes(7).toString('hex');
}

function issue(name: string, code: string) {
  return {
    name,
    message:
      'The requested action could not be performed, semantically incorrect, or failed business validation.',
    debug_id: debugId(),
    details: [{ issue: code, description: code.toLowerCase().replaceAll('_', ' ') }],
  };
}
