import type { Signer, WebhookSender } from './webhooks';

/** An organization's Stripe account as the fake knows it: the key it accepts and the endpoint's secret. */
export interface FakeStripeAccount {
  secretKey: string;
  webhookSecret: string;
}

/** An organization's PayPal REST app as the fake knows it. */
export interface FakePayPalAccount {
  clientId: string;
  clientSecret: string;
  webhookId: string;
}

/** What the Stripe and PayPal halves of the fake share. */
export interface FakeContext {
  /** The fake's clock: real time plus what the control API advanced it by. */
  now(): number;
  origin(): string;
  webhooks: WebhookSender;
  signer: Signer;
  stripeAccounts: Map<string, FakeStripeAccount>;
  paypalAccounts: Map<string, FakePayPalAccount>;
}

/** A stored answer for an idempotency key: replaying the request gives it back unchanged. */
export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}
