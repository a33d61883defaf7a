import { createPaymentDeps } from '../../shared/adapters/payment-deps';
import { NotFoundError } from '../../shared/kernel/errors';
import { handlePaymentWebhook } from '../../shared/orders/confirm-order';
import { httpFunction } from '../_middleware/http';

/**
 * TIX-09: Stripe and PayPal webhooks at `/webhooks/stripe` and `/webhooks/paypal` (behind
 * CloudFront's `/webhooks/*`). The use case verifies the signature on the raw body before
 * anything else; a replayed, reordered or late event changes nothing twice (decision 0017).
 */
const payments = createPaymentDeps();
const providers = { '/webhooks/stripe': 'stripe', '/webhooks/paypal': 'paypal' } as const;

export const handler = httpFunction(async (deps, request) => {
  const provider = providers[request.path as keyof typeof providers];
  if (!provider || request.method !== 'POST') {
    throw new NotFoundError({ fr: 'Ce webhook', en: 'This webhook' });
  }
  const result = await handlePaymentWebhook(
    { ...deps, ...payments },
    { provider, rawBody: request.rawBody, headers: request.headers },
  );
  return { status: result.status, body: { outcome: result.outcome } };
});
