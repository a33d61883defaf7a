import type { PaymentDeps } from '../deps';
import type { PaymentProvider, PaymentProviderName } from '../payments/payment-provider';
import { paymentSecretsFromEnv } from './payment-secrets';

/**
 * The payment half of the dependencies (checkout pages, the payment webhook function, refunds, the
 * hold sweep): each provider's adapter built on first use and kept for the container's life,
 * pointed where the environment says (PARVIS_PAYMENTS_API_URL: the fake server in the twin), and
 * the store of the organizations' keys (Secrets Manager, or the twin's directory). Not in
 * createDeps, so functions that never take a payment do not load the Stripe and PayPal SDKs; and
 * each SDK is imported on its adapter's first call, so a container that never calls a provider
 * (most runs of the minute's hold sweep) never evaluates it.
 */
export function createPaymentDeps(vars: NodeJS.ProcessEnv = process.env): PaymentDeps {
  const built = new Map<PaymentProviderName, PaymentProvider>();
  let secrets: PaymentDeps['paymentSecrets'] | undefined;
  return {
    payments(provider) {
      let adapter = built.get(provider);
      if (!adapter) {
        adapter = lazyAdapter(provider, async () =>
          provider === 'stripe'
            ? ((await import('./stripe-payments')).stripePaymentsFromEnv(vars) as PaymentProvider)
            : ((await import('./paypal-payments')).paypalPaymentsFromEnv(vars) as PaymentProvider),
        );
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

/** A provider whose adapter (and SDK) is loaded by its first call; a failed load is tried again. */
function lazyAdapter(name: PaymentProviderName, load: () => Promise<PaymentProvider>): PaymentProvider {
  let loaded: Promise<PaymentProvider> | undefined;
  const adapter = () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
  return {
    name,
    createCheckout: async (input) => (await adapter()).createCheckout(input),
    getPayment: async (providerRef, account) => (await adapter()).getPayment(providerRef, account),
    capture: async (input) => (await adapter()).capture(input),
    refund: async (input) => (await adapter()).refund(input),
    parseWebhook: async (input) => (await adapter()).parseWebhook(input),
  };
}
