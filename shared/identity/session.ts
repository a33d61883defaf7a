import { Entity, type EntityItem } from 'electrodb';

/**
 * A log-in session (ROLE-02..05), stored under the SHA-256 digest of its token only
 * (`SESSION#<digest>` · `SESSION`): the cookie holds the token, so a copy of the table gives no
 * usable session. Listed per user on gsi4 (`USER#<userId>` · `SESSION#<createdAt>`) for "log out
 * everywhere"; that index projects only keys and entity tags, so the reader hydrates by key.
 *
 * `expiresAt` (epoch seconds) is the absolute expiry: DynamoDB TTL removes the item some time
 * after it, and `resolveSession` refuses it from that instant, whether removed yet or not.
 */
export const sessionEntity = () =>
  new Entity(
    {
      model: { entity: 'session', version: '1', service: 'parvis' },
      attributes: {
        tokenDigest: { type: 'string', required: true, readOnly: true },
        userId: { type: 'string', required: true, readOnly: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        lastSeenAt: { type: 'string', required: true },
        /** Slides forward with use, never past `absoluteExpiresAt`. */
        idleExpiresAt: { type: 'string', required: true },
        absoluteExpiresAt: { type: 'string', required: true, readOnly: true },
        /** The idle duration chosen at log-in, so each use slides the expiry by the same amount. */
        idleSeconds: { type: 'number', required: true, readOnly: true },
        /** The account's `sessionVersion` at log-in (see shared/identity/account.ts). */
        sessionVersion: { type: 'number', required: true, readOnly: true },
        expiresAt: { type: 'number', required: true, readOnly: true },
        /**
         * `full` once every required factor is proven; `second-factor` after the password of an
         * account with TOTP (only the code page is open); `enroll` after the password of staff
         * without TOTP yet (only the enrollment page is open). Short-lived until `full`.
         */
        stage: { type: ['full', 'second-factor', 'enroll'] as const, required: true, default: 'full' },
        /** The memberships at log-in (ROLE-06: the scope comes from here, never from a request). */
        roles: {
          type: 'list',
          required: true,
          default: () => [],
          items: {
            type: 'map',
            properties: {
              orgId: { type: 'string', required: true },
              role: { type: ['organisme', 'moderator', 'trainer', 'staff'] as const, required: true },
            },
          },
        },
        /** The user's client file at log-in (the client role). */
        clientId: { type: 'string' },
        /** CRM-09: a staff session showing this client's portal, read-only, until it is ended. */
        actingAsClientId: { type: 'string' },
        /** TOTP secret shown on the enrollment page, until a code from it is confirmed. */
        pendingTotpSecret: { type: 'string' },
      },
      indexes: {
        byToken: {
          pk: { field: 'pk', composite: ['tokenDigest'], template: 'SESSION#${tokenDigest}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'SESSION', casing: 'none' },
        },
        byUser: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
          sk: { field: 'gsi4sk', composite: ['createdAt'], template: 'SESSION#${createdAt}', casing: 'none' },
        },
      },
    },
    {},
  );

export type Session = EntityItem<ReturnType<typeof sessionEntity>>;
