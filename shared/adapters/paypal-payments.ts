import { Agent as HttpsAgent } from 'node:https';
import { connect, type Socket } from 'node:net';
import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  ItemCategory,
  type OAuthToken,
  type Order,
  OrderStatus,
  OrdersController,
  PaymentsController,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
} from '@paypal/paypal-server-sdk';
import { env } from '../../infra/wiring';
import { InvalidWebhookSignatureError, PaymentProviderError, providerCall } from '../payments/errors';
import { centsToDecimal, decimalToCents } from '../payments/money';
import {
  type CheckoutCreated,
  checkTotal,
  headerValue,
  type PaymentProvider,
  type PaymentState,
  type PaymentWebhookEvent,
  type PayPalAccount,
  type RefundResult,
} from '../payments/payment-provider';

export interface PayPalPaymentsConfig {
  /**
   * Origin of the PayPal REST API; absent, PayPal's live API (https://api-m.paypal.com). The sandbox's
   * origin selects the SDK's Sandbox environment; any other origin (the fake provider server locally)
   * is reached through `localRoute`, as the SDK has no base-URL option.
   */
  apiUrl?: string;
}

const liveOrigin = 'https://api-m.paypal.com';
const sandboxOrigin = 'https://api-m.sandbox.paypal.com';

/**
 * The SDK builds its URLs from `environment` only (client.ts `getBaseUri`: Production or Sandbox,
 * nothing else). Its stable `httpClientOptions.httpsAgent` is handed to axios for every https
 * request, so an agent whose connections go to another origin routes the SDK there, the URL's path,
 * headers and body untouched. For plain-HTTP servers on this machine only: it opens a TCP connection
 * where https would open TLS, so it is refused for anything but 127.0.0.1/localhost.
 */
export function localRoute(origin: string): HttpsAgent {
  const target = new URL(origin);
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`PayPal can be rerouted only to a local http:// origin, not ${origin}`);
  }
  const port = Number(target.port || 80);
  const host = target.hostname === '[::1]' ? '::1' : target.hostname;
  class LocalRouteAgent extends HttpsAgent {
    override createConnection(): Socket {
      return connect({ host, port });
    }
  }
  return new LocalRouteAgent({ keepAlive: true });
}

interface AccountClient {
  client: Client;
  orders: OrdersController;
  payments: PaymentsController;
  token?: OAuthToken;
}

/**
 * PayPal Orders (hosted approval, then capture) behind the PaymentProvider port, with each
 * organization's own REST app: one SDK client per client id, built at first use and kept for the
 * container's life, its OAuth token cached by the SDK until it expires.
 */
export function paypalPayments(config: PayPalPaymentsConfig = {}): PaymentProvider<PayPalAccount> {
  const origin = (config.apiUrl ?? liveOrigin).replace(/\/$/, '');
  const environment = origin === sandboxOrigin ? Environment.Sandbox : Environment.Production;
  const httpsAgent = origin === sandboxOrigin || origin === liveOrigin ? undefined : localRoute(origin);
  const clients = new Map<string, AccountClient>();

  const forAccount = (account: PayPalAccount): AccountClient => {
    const key = `${account.clientId}:${account.clientSecret}`;
    let found = clients.get(key);
    if (!found) {
      const holder: Partial<AccountClient> = {};
      const client = new Client({
        environment,
        timeout: 20_000,
        clientCredentialsAuthCredentials: {
          oAuthClientId: account.clientId,
          oAuthClientSecret: account.clientSecret,
          oAuthOnTokenUpdate: (token) => {
            holder.token = token;
          },
        },
        httpClientOptions: {
          ...(httpsAgent ? { httpsAgent } : {}),
          // GET only: a POST is retried by the caller, with the same PayPal-Request-Id.
          retryConfig: { maxNumberOfRetries: 2, httpMethodsToRetry: ['GET'] },
        },
      });
      found = Object.assign(holder, {
        client,
        orders: new OrdersController(client),
        payments: new PaymentsController(client),
      });
      clients.set(key, found);
    }
    return found;
  };
  const call = <T>(operation: string, run: () => Promise<T>) => providerCall('PayPal', operation, run);

  const getPayment = async (providerRef: string, account: PayPalAccount): Promise<PaymentState> => {
    const { result } = await call('orders.get', () =>
      forAccount(account).orders.getOrder({ id: providerRef }),
    );
    return orderState(result);
  };

  return {
    name: 'paypal',

    async createCheckout(input): Promise<CheckoutCreated> {
      checkTotal(input);
      const money = (cents: number) => ({
        currencyCode: input.currency,
        value: centsToDecimal(cents, input.currency),
      });
      const { result } = await call('orders.create', () =>
        forAccount(input.account).orders.createOrder({
          paypalRequestId: input.idempotencyKey,
          prefer: 'return=representation',
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [
              {
                referenceId: input.orderId,
                customId: input.orderId,
                amount: { ...money(input.totalCents), breakdown: { itemTotal: money(input.totalCents) } },
                items: input.lines.map((line) => ({
                  name: line.name.slice(0, 127),
                  unitAmount: money(line.unitCents),
                  quantity: String(line.quantity),
                  category: ItemCategory.DigitalGoods,
                })),
                ...(input.account.payee ? { payee: input.account.payee } : {}),
              },
            ],
            paymentSource: {
              paypal: {
                ...(input.buyerEmail ? { emailAddress: input.buyerEmail } : {}),
                experienceContext: {
                  locale: input.locale === 'fr' ? 'fr-CA' : 'en-CA',
                  returnUrl: input.successUrl,
                  cancelUrl: input.cancelUrl,
                  userAction: PaypalExperienceUserAction.PayNow,
                  shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
                },
              },
            },
          },
        }),
      );
      const approve = result.links?.find((link) => link.rel === 'payer-action' || link.rel === 'approve');
      if (!result.id || !approve)
        throw new PaymentProviderError('PayPal', 'orders.create (no approval link)');
      return { providerRef: result.id, redirectUrl: approve.href, expiresAt: input.expiresAt };
    },

    getPayment,

    async capture({ providerRef, idempotencyKey, account }): Promise<PaymentState> {
      try {
        const { result } = await forAccount(account).orders.captureOrder({
          id: providerRef,
          paypalRequestId: idempotencyKey,
          prefer: 'return=representation',
        });
        return orderState(result);
      } catch (error) {
        // Captured already (by the webhook's path or the buyer's return): report what was taken.
        if (paypalIssue(error) === 'ORDER_ALREADY_CAPTURED') return getPayment(providerRef, account);
        throw new PaymentProviderError('PayPal', 'orders.capture', error);
      }
    },

    async refund(input): Promise<RefundResult> {
      const captureId =
        input.transactionId ?? (await getPayment(input.providerRef, input.account)).transactionId;
      if (!captureId) throw new PaymentProviderError('PayPal', 'captures.refund (not captured)');
      const { result } = await call('captures.refund', () =>
        forAccount(input.account).payments.refundCapturedPayment({
          captureId,
          paypalRequestId: input.idempotencyKey,
          prefer: 'return=representation',
          body: {
            amount: {
              currencyCode: input.currency,
              value: centsToDecimal(input.amountCents, input.currency),
            },
            ...(input.orderId ? { customId: input.orderId } : {}),
          },
        }),
      );
      if (!result.id) throw new PaymentProviderError('PayPal', 'captures.refund (no id)');
      const status =
        result.status === 'COMPLETED'
          ? 'succeeded'
          : result.status === 'CANCELLED' || result.status === 'FAILED'
            ? 'failed'
            : 'pending';
      const amount = result.amount;
      return {
        refundId: result.id,
        status,
        amountCents: amount ? decimalToCents(amount.value, amount.currencyCode) : input.amountCents,
      };
    },

    async parseWebhook({ rawBody, headers, account }): Promise<PaymentWebhookEvent> {
      const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
      const transmission = {
        auth_algo: headerValue(headers, 'paypal-auth-algo'),
        cert_url: headerValue(headers, 'paypal-cert-url'),
        transmission_id: headerValue(headers, 'paypal-transmission-id'),
        transmission_sig: headerValue(headers, 'paypal-transmission-sig'),
        transmission_time: headerValue(headers, 'paypal-transmission-time'),
      };
      if (Object.values(transmission).some((value) => !value))
        throw new InvalidWebhookSignatureError('PayPal');
      let event: PayPalWebhookEvent;
      try {
        event = JSON.parse(body) as PayPalWebhookEvent;
      } catch (error) {
        throw new InvalidWebhookSignatureError('PayPal', error);
      }
      const verdict = await verifyWebhook(forAccount(account), origin, {
        ...transmission,
        webhook_id: account.webhookId,
        webhook_event: event,
      });
      if (verdict !== 'SUCCESS') throw new InvalidWebhookSignatureError('PayPal');
      return normalizeEvent(event);
    },
  };
}

/** The PayPal provider of this container, pointed where the environment says (the fake server locally). */
export function paypalPaymentsFromEnv(vars: NodeJS.ProcessEnv = process.env): PaymentProvider<PayPalAccount> {
  const apiUrl = vars[env.paymentsApiUrl];
  return paypalPayments(apiUrl ? { apiUrl } : {});
}

/**
 * PayPal checks a webhook's signature itself (`POST /v1/notifications/verify-webhook-signature`,
 * with the transmission headers and the webhook id). The server SDK has no controller for the
 * notifications API, so this one call is made with fetch, on the same origin, with the OAuth token
 * the SDK's own auth manager fetches and refreshes.
 */
async function verifyWebhook(
  account: AccountClient,
  origin: string,
  request: Record<string, unknown>,
): Promise<string | undefined> {
  let token: OAuthToken;
  try {
    token = await account.client.clientCredentialsAuthManager.updateToken(account.token);
    account.token = token;
  } catch (error) {
    throw new PaymentProviderError('PayPal', 'oauth2.token', error);
  }
  let response: Response;
  try {
    response = await fetch(`${origin}/v1/notifications/verify-webhook-signature`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new PaymentProviderError('PayPal', 'notifications.verify-webhook-signature', error);
  }
  // A token PayPal revoked early: forget it, the provider's retry of the webhook fetches a new one.
  if (response.status === 401) account.token = undefined;
  if (!response.ok) {
    throw new PaymentProviderError('PayPal', `notifications.verify-webhook-signature (${response.status})`);
  }
  return ((await response.json()) as { verification_status?: string }).verification_status;
}

function orderState(order: Order): PaymentState {
  const unit = order.purchaseUnits?.[0];
  const capture = unit?.payments?.captures?.find((c) => c.status !== 'DECLINED' && c.status !== 'FAILED');
  const amount = unit?.amount;
  const paid =
    order.status === OrderStatus.Completed && capture !== undefined && capture.status !== 'PENDING';
  const status = paid ? 'paid' : order.status === OrderStatus.Voided ? 'canceled' : 'open';
  return {
    providerRef: order.id ?? '',
    status,
    ...(order.status === OrderStatus.Approved ? { approved: true } : {}),
    amountCents: amount ? decimalToCents(amount.value, amount.currencyCode) : 0,
    currency: amount?.currencyCode ?? '',
    ...(paid && capture?.id ? { transactionId: capture.id } : {}),
    ...(unit?.customId ? { orderId: unit.customId } : {}),
  };
}

/** The first issue code of a PayPal error answer (`details[0].issue`), e.g. ORDER_ALREADY_CAPTURED. */
function paypalIssue(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const result = error.result as { details?: { issue?: string }[] } | undefined;
  return result?.details?.[0]?.issue;
}

/** A webhook as PayPal sends it (the raw JSON, snake_case: the SDK has no model for it). */
interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  create_time: string;
  resource?: {
    id?: string;
    amount?: { currency_code: string; value: string };
    custom_id?: string;
    purchase_units?: { custom_id?: string; amount?: { currency_code: string; value: string } }[];
    supplementary_data?: { related_ids?: { order_id?: string } };
    links?: { rel: string; href: string }[];
  };
}

function normalizeEvent(event: PayPalWebhookEvent): PaymentWebhookEvent {
  const base = { eventId: event.id, occurredAt: new Date(event.create_time).toISOString() };
  const resource = event.resource ?? {};
  const money = (amount?: { currency_code: string; value: string }) =>
    amount
      ? { amountCents: decimalToCents(amount.value, amount.currency_code), currency: amount.currency_code }
      : {};
  switch (event.event_type) {
    case 'CHECKOUT.ORDER.APPROVED': {
      const unit = resource.purchase_units?.[0];
      return {
        ...base,
        type: 'payment.approved',
        ...(resource.id ? { providerRef: resource.id } : {}),
        ...(unit?.custom_id ? { orderId: unit.custom_id } : {}),
        ...money(unit?.amount),
      };
    }
    case 'PAYMENT.CAPTURE.COMPLETED': {
      const orderRef = resource.supplementary_data?.related_ids?.order_id;
      return {
        ...base,
        type: 'payment.completed',
        ...(orderRef ? { providerRef: orderRef } : {}),
        ...(resource.custom_id ? { orderId: resource.custom_id } : {}),
        ...(resource.id ? { transactionId: resource.id } : {}),
        ...money(resource.amount),
      };
    }
    case 'PAYMENT.CAPTURE.REFUNDED': {
      // The refund's "up" link is its capture: the payment it gives money back from.
      const up = resource.links?.find((link) => link.rel === 'up')?.href;
      const captureId = up?.split('/').filter(Boolean).at(-1);
      return {
        ...base,
        type: 'payment.refunded',
        ...(resource.custom_id ? { orderId: resource.custom_id } : {}),
        ...(captureId ? { transactionId: captureId } : {}),
        ...(resource.id ? { refundId: resource.id } : {}),
        ...money(resource.amount),
      };
    }
    default:
      return { ...base, type: 'ignored' };
  }
}
