import { Entity, type EntityItem } from 'electrodb';

/**
 * A log-in account (ROLE-02..05): `USER#<userId>` · `PROFILE` (docs/data-model.md §2). Roles and
 * memberships live beside it under the same partition and are not part of this item.
 *
 * `sessionVersion` is raised by "log out everywhere" and copied into each session at log-in: a
 * session whose version is behind its account's resolves to nothing, even if the sessions index
 * (gsi4, eventually consistent) had not yet listed it when every session was deleted.
 * `tokenVersion` does the same for reset and invitation links (shared/identity/account-tokens.ts):
 * issuing one raises it, so every older link of the account stops working without being found.
 */
/** `invited`: created by staff or an organization, no password yet; activated by the invitation link. */
export const accountStatuses = ['invited', 'active', 'disabled'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export const accountEntity = () =>
  new Entity(
    {
      model: { entity: 'account', version: '1', service: 'parvis' },
      attributes: {
        userId: { type: 'string', required: true, readOnly: true },
        /** Normalized (shared/comms/suppression.ts `normalizeEmail`); the `EMAIL#` guard makes it unique. */
        email: { type: 'string', required: true },
        /** argon2id PHC string (shared/identity/password.ts); absent until an invited account is activated. */
        passwordHash: { type: 'string' },
        /** The client file of this user (the client role, ROLE-02); absent for staff-only accounts. */
        clientId: { type: 'string' },
        /** Preferred language of e-mails and pages. */
        locale: { type: ['fr', 'en'] as const },
        /** Shown in the portals' header; clients' names live in their file. */
        displayName: { type: 'string' },
        /** TOTP second factor (shared/identity/second-factor.ts): base32 secret, set once confirmed. */
        totpSecret: { type: 'string' },
        totpEnabledAt: { type: 'string' },
        /** Last accepted 30 s step: a code is never accepted twice. */
        totpLastStep: { type: 'number' },
        /** SHA-256 digests of the unused recovery codes (shared/identity/recovery-codes.ts). */
        recoveryCodeDigests: { type: 'list', items: { type: 'string' } },
        status: { type: accountStatuses, required: true },
        sessionVersion: { type: 'number', required: true, default: 0 },
        tokenVersion: { type: 'number', required: true, default: 0 },
        /** When the owner last proved the address is theirs (a verification link); absent until then. */
        emailVerifiedAt: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byUser: {
          pk: { field: 'pk', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'PROFILE', casing: 'none' },
        },
      },
    },
    {},
  );

export type Account = EntityItem<ReturnType<typeof accountEntity>>;

/**
 * One item per e-mail address in use, `EMAIL#<email>` · `EMAIL`: created with a not-exists
 * condition in the same transaction as the account, so two sign-ups with one address cannot both
 * succeed. It is also how log-in finds the account for an address, so e-mail needs no index.
 */
export const emailGuardEntity = () =>
  new Entity(
    {
      model: { entity: 'emailGuard', version: '1', service: 'parvis' },
      attributes: {
        email: { type: 'string', required: true, readOnly: true },
        userId: { type: 'string' },
        /** The client file that holds this address (a file may exist before any account). */
        clientId: { type: 'string' },
      },
      indexes: {
        byEmail: {
          pk: { field: 'pk', composite: ['email'], template: 'EMAIL#${email}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'EMAIL', casing: 'none' },
        },
      },
    },
    {},
  );

export type EmailGuard = EntityItem<ReturnType<typeof emailGuardEntity>>;
