import { createPaymentDeps } from '$shared/adapters/payment-deps';
import type { PaymentDeps } from '$shared/deps';

let payments: PaymentDeps | undefined;

/**
 * The payment half of the dependencies (refunds, TIX-14), built on the first refund and kept for the
 * server's (or the Lambda container's) life: pages that never refund do not load the payment SDKs.
 */
export function serverPaymentDeps(): PaymentDeps {
  payments ??= createPaymentDeps(process.env);
  return payments;
}
