import Stripe from 'stripe';
import { env } from '../../infra/wiring';
import { InvalidWebhookSignatureError, PaymentProviderError, providerCall } from '../payments/errors';
import {
  type CheckoutCreated,
  checkTotal,
  headerValue,
  type PaymentProvider,
  type PaymentState,
  type PaymentWebhookEvent,
  type RefundResult,
  type StripeAccount,
} from '../payments/payment-provider';

export interface StripePaymentsConfig {
  /**
   * Origin of the Stripe API; absent, Stripe's own (https://api.stripe.com). Locally and in tests,
   * the fake provider server (infra/local/fake-payments), through the SDK's host/port/protocol.
   */
  apiUrl?: string;
}

/** Stripe accepts a Checkout Session's `expires_at` from 30 minutes to 24 hours ahead. */
const minimumExpiryMs = 31 * 60_000;
const maximumExpiryMs = 24 * 3_600_000 - 60_000;

/**
 * Stripe Checkout behind the PaymentProvider port, with each organization's own keys: one SDK
 * client per secret key, built at first use and kept for the container's life (the SDK keeps its
 * connections alive). The SDK retries network failures itself, always with our idempotency key.
 */
export function stripePayments(config: StripePaymentsConfig = {}): PaymentProvider<StripeAccount> {
  const clients = new Map<string, Stripe>();
  const route = config.apiUrl ? new URL(config.apiUrl) : undefined;
  const client = (account: StripeAccount): Stripe => {
    let found = clients.get(account.secretKey);
    if (!found) {
      found = new Stripe(account.secretKey, {
        maxNetworkRetries: 2,
        timeout: 20_000,
        telemetry: false,
        ...(route
          ? {
              host: route.hostname,
              port: route.port || (route.protocol === 'https:' ? 443 : 80),
              protocol: route.protocol === 'https:' ? 'https' : 'http',
            }
          : {}),
      });
      clients.set(account.secretKey, found);
    }
    return found;
  };
  const call = <T>(operation: string, run: () => Promise<T>) => providerCall('Stripe', operation, run);

  const getPayment = (providerRef: string, account: StripeAccount): Promise<PaymentState> =>
    call('checkout.sessions.retrieve', async () =>
      sessionState(await client(account).checkout.sessions.retrieve(providerRef)),
    );

  return {
    name: 'stripe',

    async createCheckout(input): Promise<CheckoutCreated> {
      checkTotal(input);
      const now = Date.now();
      const wanted = Date.parse(input.expiresAt);
      const expiresMs = Math.min(Math.max(wanted, now + minimumExpiryMs), now + maximumExpiryMs);
      const session = await call('checkout.sessions.create', () =>
        client(input.account).checkout.sessions.create(
          {
            mode: 'payment',
            line_items: input.lines.map((line) => ({
              quantity: line.quantity,
              price_data: {
                currency: input.currency.toLowerCase(),
                unit_amount: line.unitCents,
                product_data: { name: line.name },
              },
            })),
            client_reference_id: input.orderId,
            metadata: { order_id: input.orderId },
            payment_intent_data: { metadata: { order_id: input.orderId } },
            ...(input.buyerEmail ? { customer_email: input.buyerEmail } : {}),
            locale: input.locale === 'fr' ? 'fr-CA' : 'en',
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            expires_at: Math.floor(expiresMs / 1000),
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      if (!session.url) throw new PaymentProviderError('Stripe', 'checkout.sessions.create (no url)');
      if (session.amount_total !== input.totalCents) {
        throw new PaymentProviderError('Stripe', `checkout.sessions.create (total ${session.amount_total})`);
      }
      return {
        providerRef: session.id,
        redirectUrl: session.url,
        expiresAt: new Date(session.expires_at * 1000).toISOString(),
      };
    },

    getPayment,

    // Stripe Checkout in `payment` mode captures by itself: there is nothing to take.
    capture: ({ providerRef, account }) => getPayment(providerRef, account),

    async refund(input): Promise<RefundResult> {
      const stripe = client(input.account);
      const paymentIntent =
        input.transactionId ?? (await getPayment(input.providerRef, input.account)).transactionId;
      if (!paymentIntent) throw new PaymentProviderError('Stripe', 'refunds.create (not paid)');
      const refund = await call('refunds.create', () =>
        stripe.refunds.create(
          {
            payment_intent: paymentIntent,
            amount: input.amountCents,
            metadata: {
              checkout_session: input.providerRef,
              ...(input.orderId ? { order_id: input.orderId } : {}),
            },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { refundId: refund.id, status: refundStatus(refund.status), amountCents: refund.amount };
    },

    async parseWebhook({ rawBody, headers, account }): Promise<PaymentWebhookEvent> {
      const signature = headerValue(headers, 'stripe-signature');
      if (!signature) throw new InvalidWebhookSignatureError('Stripe');
      let event: Stripe.Event;
      try {
        // Checks the HMAC of the raw bytes and refuses a timestamp more than 5 minutes old (replays).
        event = client(account).webhooks.constructEvent(rawBody, signature, account.webhookSecret);
      } catch (error) {
        throw new InvalidWebhookSignatureError('Stripe', error);
      }
      return normalizeEvent(event);
    },
  };
}

/** The Stripe provider of this container, pointed where the environment says (the fake server locally). */
export function stripePaymentsFromEnv(vars: NodeJS.ProcessEnv = process.env): PaymentProvider<StripeAccount> {
  const apiUrl = vars[env.paymentsApiUrl];
  return stripePayments(apiUrl ? { apiUrl } : {});
}

function sessionState(session: Stripe.Checkout.Session): PaymentState {
  const paid =
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
  const status = paid ? 'paid' : session.status === 'expired' ? 'expired' : 'open';
  return {
    providerRef: session.id,
    status,
    amountCents: session.amount_total ?? 0,
    currency: (session.currency ?? '').toUpperCase(),
    ...(paid && session.payment_intent ? { transactionId: idOf(session.payment_intent) } : {}),
    ...(session.client_reference_id ? { orderId: session.client_reference_id } : {}),
  };
}

function refundStatus(status: string | null): RefundResult['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

function idOf(value: string | { id: string }): string {
  return typeof value === 'string' ? value : value.id;
}

function normalizeEvent(event: Stripe.Event): PaymentWebhookEvent {
  const base = { eventId: event.id, occurredAt: new Date(event.created * 1000).toISOString() };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      // A delayed method (bank debit) completes the session unpaid; its money comes with a later event.
      if (session.payment_status === 'unpaid') return { ...base, type: 'ignored', providerRef: session.id };
      return { ...base, type: 'payment.completed', ...sessionFacts(session) };
    }
    case 'checkout.session.expired':
      return { ...base, type: 'payment.expired', ...sessionFacts(event.data.object) };
    case 'refund.created': {
      const refund = event.data.object;
      if (refund.status === 'failed' || refund.status === 'canceled') return { ...base, type: 'ignored' };
      const metadata = refund.metadata ?? {};
      return {
        ...base,
        type: 'payment.refunded',
        ...(metadata.checkout_session ? { providerRef: metadata.checkout_session } : {}),
        ...(metadata.order_id ? { orderId: metadata.order_id } : {}),
        ...(refund.payment_intent ? { transactionId: idOf(refund.payment_intent) } : {}),
        refundId: refund.id,
        amountCents: refund.amount,
        currency: refund.currency.toUpperCase(),
      };
    }
    default:
      return { ...base, type: 'ignored' };
  }
}

function sessionFacts(
  session: Stripe.Checkout.Session,
): Omit<PaymentWebhookEvent, 'eventId' | 'type' | 'occurredAt'> {
  return {
    providerRef: session.id,
    ...(session.client_reference_id ? { orderId: session.client_reference_id } : {}),
    ...(session.amount_total !== null ? { amountCents: session.amount_total } : {}),
    ...(session.currency ? { currency: session.currency.toUpperCase() } : {}),
    ...(session.payment_intent ? { transactionId: idOf(session.payment_intent) } : {}),
  };
}
