import { Entity } from 'electrodb';
import { DomainError } from '../kernel/errors';

/**
 * Attempts of one subject in one fixed window (ROLE-02..05, CRM-01, docs/data-model.md "Throttle
 * log-in attempts"): `THROTTLE#login#<subject>` · `<windowStart>`, removed by TTL. The subjects:
 * `email:<sha256>` and `address:<sha256>` for failed log-ins (limits in shared/identity/log-in.ts),
 * `signup-address:<sha256>` for sign-ups (shared/crm/sign-up-client.ts) and `reset-address:<sha256>`
 * for "forgotten password" requests (shared/identity/request-password-reset.ts), per client IP.
 * The table holds neither an address typed nor a client's IP in clear. A place is taken with
 * `takePlace` (log-in.ts), a conditional increment, so concurrent attempts cannot exceed a limit.
 */
export const loginThrottleEntity = () =>
  new Entity(
    {
      model: { entity: 'loginThrottle', version: '1', service: 'parvis' },
      attributes: {
        subject: { type: 'string', required: true, readOnly: true },
        /** ISO instant the window starts at. */
        windowStart: { type: 'string', required: true, readOnly: true },
        count: { type: 'number', required: true, default: 0 },
        expiresAt: { type: 'number' },
      },
      indexes: {
        bySubject: {
          pk: { field: 'pk', composite: ['subject'], template: 'THROTTLE#login#${subject}', casing: 'none' },
          sk: { field: 'sk', composite: ['windowStart'], template: '${windowStart}', casing: 'none' },
        },
      },
    },
    {},
  );

/**
 * The fixed window of `windowSeconds` that `now` falls in: its start (the counter's sort key), the
 * instant the next one starts (`retryAt`), and the counter's TTL, an hour after its window ends.
 */
export function throttleWindow(
  now: Date,
  windowSeconds: number,
): { windowStart: string; retryAt: Date; expiresAt: number } {
  const windowMs = windowSeconds * 1000;
  const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
  const retryAt = new Date(startMs + windowMs);
  return {
    windowStart: new Date(startMs).toISOString(),
    retryAt,
    expiresAt: Math.floor(retryAt.getTime() / 1000) + 3600,
  };
}

/**
 * A public form that sends e-mail (sign-up, "forgotten password") was used too often from one
 * client address: refused before anything is looked up, written or sent. Says nothing about any
 * e-mail address; `retryAt` is when the window ends.
 */
export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAt: Date,
    now: Date,
  ) {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    const plural = minutes > 1 ? 's' : '';
    super(
      'too_many_requests',
      {
        fr: `Trop de demandes ont été envoyées depuis votre connexion. Veuillez réessayer dans ${minutes} minute${plural}.`,
        en: `Too many requests were sent from your connection. Please try again in ${minutes} minute${plural}.`,
      },
      { status: 429 },
    );
  }
}
