import { DomainError } from '../kernel/errors';

/**
 * A webhook whose signature does not verify: forged, altered in transit, signed with another
 * account's secret, or too old (a replay). Nothing in it may be believed, so it is refused with a
 * 400 and the provider will retry a genuine one.
 */
export class InvalidWebhookSignatureError extends DomainError {
  constructor(provider: string, cause?: unknown) {
    super(
      'invalid_webhook_signature',
      {
        fr: `La notification de paiement (${provider}) n’a pas une signature valide.`,
        en: `The payment notification (${provider}) does not have a valid signature.`,
      },
      { status: 400, cause },
    );
  }
}

/**
 * The payment provider refused a call or could not be reached. Not a user's mistake: reported as
 * an internal error (status 502), with the provider's error kept as `cause` for the logs, stripped
 * to its facts (see `providerFacts`).
 */
export class PaymentProviderError extends DomainError {
  constructor(provider: string, operation: string, cause?: unknown) {
    super(
      'payment_provider_failed',
      {
        fr: `Le service de paiement (${provider}) n’a pas pu traiter la demande (${operation}). Réessayez dans quelques instants.`,
        en: `The payment service (${provider}) could not process the request (${operation}). Please try again in a moment.`,
      },
      { status: 502, cause: cause === undefined ? undefined : providerFacts(cause) },
    );
  }
}

/** Runs one provider SDK call; whatever it throws comes out as a `PaymentProviderError`. */
export async function providerCall<T>(
  provider: string,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new PaymentProviderError(provider, operation, error);
  }
}

/**
 * What of an SDK error may be kept: its name, message, HTTP status and the provider's codes. SDK
 * errors also hold the request they failed on (the PayPal SDK's `ApiError.request`, axios's
 * `config`), whose Authorization header carries the organization's secret key or OAuth client
 * secret: those must never reach a log.
 */
export function providerFacts(error: unknown): Error {
  const shaped = (error ?? {}) as Record<string, unknown>;
  const facts = new Error(String(shaped.message ?? error));
  facts.name = String(shaped.name ?? 'Error');
  const keep = ['type', 'code', 'statusCode', 'param', 'requestId'] as const;
  for (const key of keep) {
    const value = shaped[key];
    if (typeof value === 'string' || typeof value === 'number') Object.assign(facts, { [key]: value });
  }
  const result = shaped.result as { name?: unknown; details?: { issue?: unknown }[] } | undefined;
  const issue = result?.details?.[0]?.issue;
  if (typeof issue === 'string') Object.assign(facts, { issue });
  return facts;
}
