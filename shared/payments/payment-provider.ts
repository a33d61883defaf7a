/**
 * The one payment port of Parvis (DESIGN convention 7, in the spirit of pretix's
 * `BasePaymentProvider`): checkout, status, capture, refund and webhooks, whatever the provider.
 * Checkout is always hosted by the provider (Stripe Checkout, PayPal Orders), so card data never
 * reaches Parvis (PCI SAQ A), and the money goes straight to the organization's own account: every
 * call carries that organization's `account`. Adapters live in shared/adapters/ (stripe-payments.ts,
 * paypal-payments.ts); use cases see only this interface. Decision 0015.
 */

export type PaymentProviderName = 'stripe' | 'paypal';

/** An organization's own Stripe account: its secret (or restricted) key and its webhook endpoint's secret. */
export interface StripeAccount {
  provider: 'stripe';
  /** `pk_…`, when the organization gave it: public, unused by hosted checkout. */
  publishableKey?: string;
  /** `sk_…` or `rk_…`, read from Secrets Manager: never stored in the table nor logged. */
  secretKey: string;
  /** `whsec_…`, the signing secret of the endpoint Parvis registered on that account. */
  webhookSecret: string;
}

/** An organization's PayPal REST app and the merchant who receives the money. */
export interface PayPalAccount {
  provider: 'paypal';
  clientId: string;
  /** Read from Secrets Manager: never stored in the table nor logged. */
  clientSecret: string;
  /** Who is paid: the merchant id, or the PayPal e-mail address, of the organization. */
  payee?: { merchantId?: string; emailAddress?: string };
  /** The id PayPal gave the webhook Parvis registered on that app (`WH-…`): part of what is signed. */
  webhookId: string;
}

export type PaymentAccount = StripeAccount | PayPalAccount;

export interface CheckoutLine {
  name: string;
  /** Integer, in the currency's minor unit. */
  unitCents: number;
  quantity: number;
}

export interface CreateCheckoutInput<A extends PaymentAccount = PaymentAccount> {
  /** Parvis's order id: carried by the provider's objects and given back in webhooks. */
  orderId: string;
  lines: CheckoutLine[];
  /** Must equal the sum of the lines; the adapters refuse a mismatch rather than charge it. */
  totalCents: number;
  /** ISO 4217, e.g. `CAD`. */
  currency: string;
  buyerEmail?: string;
  locale: 'fr' | 'en';
  /** Where the provider sends the buyer back after paying (PayPal: after approving). */
  successUrl: string;
  cancelUrl: string;
  /** ISO-8601 UTC: when the seats held for this checkout are released. */
  expiresAt: string;
  /** Same key, same checkout: a retried call never opens a second payment. */
  idempotencyKey: string;
  account: A;
}

export interface CheckoutCreated {
  /** The provider's id of this checkout (Stripe Checkout Session `cs_…`, PayPal order id). */
  providerRef: string;
  /** The provider's hosted page, where the buyer pays. */
  redirectUrl: string;
  /**
   * When the provider will expire it (ISO-8601 UTC). Stripe accepts 30 minutes to 24 hours: a shorter
   * `expiresAt` is raised to Stripe's minimum, so the caller holds seats until this time, not before.
   * PayPal orders carry no expiry of their own: this is `expiresAt` and the caller enforces it.
   */
  expiresAt: string;
}

export type PaymentStatus = 'open' | 'paid' | 'expired' | 'canceled';

/** A checkout as the provider sees it now, in Parvis's words. */
export interface PaymentState {
  providerRef: string;
  status: PaymentStatus;
  /**
   * PayPal only: the buyer approved and the order waits for `capture`. `status` stays `open` until
   * the capture: no money has moved yet.
   */
  approved?: boolean;
  amountCents: number;
  currency: string;
  /** The provider's number of the money movement (Stripe PaymentIntent `pi_…`, PayPal capture id), once paid. */
  transactionId?: string;
  orderId?: string;
}

export interface RefundInput<A extends PaymentAccount = PaymentAccount> {
  /** The checkout (`providerRef`) or, when known, the transaction; the adapter finds the other. */
  providerRef: string;
  transactionId?: string;
  /** Part of the payment or all of it; integer, in the currency's minor unit. */
  amountCents: number;
  currency: string;
  /** Parvis's order id, kept on the refund so its webhook names the order. */
  orderId?: string;
  /** Same key, same refund: a retried call never refunds twice. */
  idempotencyKey: string;
  account: A;
}

export interface RefundResult {
  refundId: string;
  status: 'pending' | 'succeeded' | 'failed';
  amountCents: number;
}

export type WebhookEventType =
  | 'payment.completed'
  | 'payment.expired'
  | 'payment.refunded'
  /** PayPal only: the buyer approved the order, which must now be captured (`capture`). */
  | 'payment.approved'
  | 'ignored';

/**
 * A verified provider webhook in Parvis's words. `eventId` is the provider's id of the event, the
 * same at every redelivery: the caller dedupes on it (a replayed, reordered or late event must change
 * nothing twice).
 */
export interface PaymentWebhookEvent {
  eventId: string;
  type: WebhookEventType;
  /**
   * The checkout the event is about. Absent only for a refund made outside Parvis (from the
   * provider's dashboard), whose `transactionId` still names the payment.
   */
  providerRef?: string;
  orderId?: string;
  amountCents?: number;
  currency?: string;
  transactionId?: string;
  refundId?: string;
  /** ISO-8601 UTC, as the provider stamped the event (not its delivery). */
  occurredAt: string;
}

export interface ParseWebhookInput<A extends PaymentAccount = PaymentAccount> {
  /** The body exactly as received: signatures are computed on these bytes, not on parsed JSON. */
  rawBody: string | Buffer;
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  account: A;
}

/**
 * What every provider adapter does. Each money-moving call takes an idempotency key, passed to the
 * provider's own mechanism (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`), so a retry after a
 * time-out returns the first answer instead of moving money again.
 */
export interface PaymentProvider<A extends PaymentAccount = PaymentAccount> {
  readonly name: A['provider'];
  createCheckout(input: CreateCheckoutInput<A>): Promise<CheckoutCreated>;
  getPayment(providerRef: string, account: A): Promise<PaymentState>;
  /**
   * Takes the money of an approved checkout where the provider needs that step (PayPal orders);
   * Stripe Checkout captures by itself and its adapter only reports the state. Safe to call twice.
   */
  capture(input: { providerRef: string; idempotencyKey: string; account: A }): Promise<PaymentState>;
  refund(input: RefundInput<A>): Promise<RefundResult>;
  /** Verifies the signature on the raw body, then normalizes; throws InvalidWebhookSignatureError. */
  parseWebhook(input: ParseWebhookInput<A>): Promise<PaymentWebhookEvent>;
}

/** The value of a header, whatever its case and whether Node gave it as a list. */
export function headerValue(headers: ParseWebhookInput['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Refuses a checkout whose lines do not add up to its total: it would charge another amount than shown. */
export function checkTotal(input: Pick<CreateCheckoutInput, 'lines' | 'totalCents'>): void {
  const sum = input.lines.reduce((total, line) => total + line.unitCents * line.quantity, 0);
  if (sum !== input.totalCents) {
    throw new RangeError(`Checkout lines add up to ${sum}, not to the total ${input.totalCents}`);
  }
}
