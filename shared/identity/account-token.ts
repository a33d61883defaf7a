import { createHmac } from 'node:crypto';
import { Entity, type EntityItem } from 'electrodb';
import { normalizeEmail } from '../comms/suppression';

/**
 * A single-use link token sent by e-mail (CRM-01, ROLE-02): e-mail verification, password reset,
 * invitation to activate an account created by staff. Stored under the SHA-256 digest of the token
 * only (`TOKEN#<digest>` · `TOKEN`, docs/data-model.md §3.1): the e-mail holds the token, so a copy
 * of the table gives no usable link. Consuming it deletes it under an exists condition, which is
 * what makes it single use.
 */
export const accountTokenPurposes = ['verify-email', 'reset-password', 'invitation'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/**
 * How long a link works, in seconds. A reset link is a password in transit, so it lives an hour;
 * verification and invitation links wait for someone to open their mail (7 and 14 days: an
 * invitation is sent by staff, often before the person expects it).
 */
export const accountTokenLifetimeSeconds: Readonly<Record<AccountTokenPurpose, number>> = Object.freeze({
  'verify-email': 7 * 24 * 3600,
  'reset-password': 3600,
  invitation: 14 * 24 * 3600,
});

/**
 * What binds a verification link to the address it was sent to: HMAC-SHA-256 of the normalized
 * address, keyed by the token itself (hex). The link proves that one address only; once the account's
 * address is another, the digest no longer matches and the link is refused. Keyed by the token
 * rather than a plain SHA-256 of the address: without the link, the stored value cannot be matched
 * to an address (a copy of the table, or a token item left after an erasure, names no one).
 */
export function verificationAddressDigest(token: string, email: string): string {
  return createHmac('sha256', token).update(normalizeEmail(email), 'utf8').digest('hex');
}

export const accountTokenEntity = () =>
  new Entity(
    {
      model: { entity: 'accountToken', version: '1', service: 'parvis' },
      attributes: {
        tokenDigest: { type: 'string', required: true, readOnly: true },
        purpose: { type: accountTokenPurposes, required: true, readOnly: true },
        userId: { type: 'string', required: true, readOnly: true },
        /** The account's `tokenVersion` when issued (see shared/identity/account.ts). */
        tokenVersion: { type: 'number', required: true, readOnly: true },
        /**
         * `verify-email` only, and required for it (`verificationAddressDigest`): the address the
         * link was sent to. A verification link without it is refused.
         */
        emailDigest: { type: 'string', readOnly: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        /**
         * Epoch seconds: DynamoDB TTL removes the item some time after it; `consumeAccountToken`
         * refuses the token from that instant, whether removed yet or not.
         */
        expiresAt: { type: 'number', required: true, readOnly: true },
      },
      indexes: {
        byToken: {
          pk: { field: 'pk', composite: ['tokenDigest'], template: 'TOKEN#${tokenDigest}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'TOKEN', casing: 'none' },
        },
      },
    },
    {},
  );

export type AccountToken = EntityItem<ReturnType<typeof accountTokenEntity>>;
