import { describe, expect, it } from 'vitest';
import { toUserError } from '../kernel/errors';
import { InvalidWebhookSignatureError, PaymentProviderError } from './errors';

describe('payment errors', () => {
  it('TIX-09 a bad webhook signature is a 400 with a French and English message', () => {
    const error = new InvalidWebhookSignatureError('Stripe');
    expect(toUserError(error, 'fr')).toEqual({
      status: 400,
      code: 'invalid_webhook_signature',
      message: 'La notification de paiement (Stripe) n’a pas une signature valide.',
    });
    expect(toUserError(error, 'en').message).toContain('valid signature');
  });

  it('TIX-09 a provider failure keeps its facts but never the request that carried the secret', () => {
    const sdkError = Object.assign(new Error('Client Authentication failed'), {
      name: 'ApiError',
      statusCode: 401,
      request: { headers: { authorization: 'Basic cGFydmlzOnMzY3JldA==' } },
      config: { headers: { Authorization: 'Bearer sk_live_secret' } },
      result: { details: [{ issue: 'INVALID_CLIENT' }] },
    });
    const error = new PaymentProviderError('PayPal', 'orders.create', sdkError);
    const logged = JSON.stringify({ ...(error.cause as object) });
    expect(logged).not.toContain('cGFydmlzOnMzY3JldA');
    expect(logged).not.toContain('sk_live_secret');
    expect(error.cause).toMatchObject({ name: 'ApiError', statusCode: 401, issue: 'INVALID_CLIENT' });
    // Not the user's mistake: users see the generic message.
    expect(toUserError(error, 'fr').status).toBe(500);
  });
});
