import { createHash } from 'node:crypto';
import { Entity } from 'electrodb';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { DomainError } from '../kernel/errors';

/**
 * Attempts of one subject in one fixed window (ROLE-02..05, CRM-01, docs/data-model.md "Throttle
 * log-in attempts"): `THROTTLE#login#<subject>` · `<windowStart>`, removed by TTL. The subjects:
 * `email:<sha256>` and `address:<sha256>` for failed log-ins (limits in shared/identity/log-in.ts),
 * `signup-address:<sha256>` for sign-ups (shared/crm/sign-up-client.ts) and `reset-address:<sha256>`
 * for "forgotten password" requests (shared/identity/request-password-reset.ts), per client IP.
 * The table holds neither an address typed nor a client's IP in clear (`throttleSubject`). A place
 * is taken with `takePlace`, a conditional increment, so concurrent attempts cannot exceed a limit.
 * This module imports nothing of log-in.ts, so a domain that limits a form (sign-up, the public
 * event form) does not pull argon2 in.
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

/** `<prefix>:<sha256 hex>`: a throttle subject that names an address or an IP without holding it. */
export function throttleSubject(prefix: string, value: string): string {
  return `${prefix}:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/** One subject's counter in the fixed window `now` falls in: what `takePlace` increments. */
export interface ThrottleWindow {
  key: { subject: string; windowStart: string };
  /** When the next window starts: what a refusal tells the user. */
  retryAt: Date;
  /** The counter's TTL (epoch seconds), an hour after its window ends. */
  expiresAt: number;
}

/** The fixed window of `windowSeconds` that `now` falls in, for `subject`. */
export function throttleWindow(subject: string, now: Date, windowSeconds: number): ThrottleWindow {
  const windowMs = windowSeconds * 1000;
  const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
  const retryAt = new Date(startMs + windowMs);
  return {
    key: { subject, windowStart: new Date(startMs).toISOString() },
    retryAt,
    expiresAt: Math.floor(retryAt.getTime() / 1000) + 3600,
  };
}

type ThrottleDeps = Pick<Deps, 'db'>;

/** Takes a place in the window; false when it already holds `limit`. */
export async function takePlace(deps: ThrottleDeps, window: ThrottleWindow, limit: number): Promise<boolean> {
  try {
    await deps.db.identity.entities.loginThrottle
      .update(window.key)
      .add({ count: 1 })
      .set({ expiresAt: window.expiresAt })
      .where(({ count }, { notExists, lt }) => `${notExists(count)} OR ${lt(count, limit)}`)
      .go();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Gives a place back (an attempt that turned out not to count); never below zero. */
export async function givePlaceBack(deps: ThrottleDeps, window: ThrottleWindow): Promise<void> {
  try {
    await deps.db.identity.entities.loginThrottle
      .update(window.key)
      .add({ count: -1 })
      .where(({ count }, { gt }) => gt(count, 0))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
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
