import type { PaymentDeps } from '../deps';
import type { PaymentProvider, PaymentProviderName } from '../payments/payment-provider';
import { paymentSecretsFromEnv } from './payment-secrets';
import { paypalPaymentsFromEnv } from './paypal-payments';
import { stripePaymentsFromEnv } from './stripe-payments';

/**
 * The payment half of the dependencies (checkout pages, the payment webhook function, refunds):
 * each provider's adapter built on first use and kept for the container's life, pointed where the
 * environment says (PARVIS_PAYMENTS_API_URL: the fake server in the twin), and the store of the
 * organizations' keys (Secrets Manager, or the twin's directory). Not in createDeps, so functions
 * that never take a payment do not load the Stripe and PayPal SDKs.
 */
export function createPaymentDeps(vars: NodeJS.ProcessEnv = process.env): PaymentDeps {
  const built = new Map<PaymentProviderName, PaymentProvider>();
  let secrets: PaymentDeps['paymentSecrets'] | undefined;
  return {
    payments(provider) {
      let adapter = built.get(provider);
      if (!adapter) {
        adapter = (
          provider === 'stripe' ? stripePaymentsFromEnv(vars) : paypalPaymentsFromEnv(vars)
        ) as PaymentProvider;
        built.set(provider, adapter);
      }
      return adapter;
    },
    get paymentSecrets() {
      secrets ??= paymentSecretsFromEnv(vars);
      return secrets;
    },
  };
}
