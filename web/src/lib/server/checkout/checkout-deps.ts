import { createPaymentDeps } from '$shared/adapters/payment-deps';
import type { Deps, PaymentDeps } from '$shared/deps';
import { serverDeps } from '../deps';

let payments: PaymentDeps | undefined;

/**
 * The use cases' dependencies plus the payment half (TIX-09): the checkout and the buyer's order
 * page only, so no other page loads the Stripe and PayPal SDKs (shared/adapters/payment-deps.ts).
 * Built on first use and kept for the server's (or the Lambda container's) life.
 */
export function checkoutDeps(): Deps & PaymentDeps {
  payments ??= createPaymentDeps(process.env);
  const deps = serverDeps();
  const paymentDeps = payments;
  return {
    ...deps,
    payments: (provider) => paymentDeps.payments(provider),
    get paymentSecrets() {
      return paymentDeps.paymentSecrets;
    },
  };
}
