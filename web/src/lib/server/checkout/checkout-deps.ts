import { createPaymentDeps } from '$shared/adapters/payment-deps';
import type { Deps, PaymentDeps } from '$shared/deps';
import { serverDeps } from '../deps';

let payments: PaymentDeps | undefined;

/**
 * The payment half of the dependencies (TIX-09, TIX-14): the payment providers and the
 * organizations' keys, built on first use and kept for the server's (or the Lambda container's)
 * life. Only the pages that take or give back money call it (the checkout, the buyer's order page,
 * the waiting list's offer, the organizer's refund and cancel), so no other page loads the Stripe
 * and PayPal SDKs (shared/adapters/payment-deps.ts).
 */
export function serverPaymentDeps(): PaymentDeps {
  payments ??= createPaymentDeps(process.env);
  return payments;
}

/** The use cases' dependencies plus the payment half, for the use cases that need both. */
export function checkoutDeps(): Deps & PaymentDeps {
  const paymentDeps = serverPaymentDeps();
  return {
    ...serverDeps(),
    payments: (provider) => paymentDeps.payments(provider),
    get paymentSecrets() {
      return paymentDeps.paymentSecrets;
    },
  };
}
