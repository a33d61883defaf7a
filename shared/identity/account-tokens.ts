/**
 * Single-use e-mail links (CRM-01, ROLE-02): e-mail verification, password reset and invitation.
 * The link carries a 256-bit token (./tokens.ts); the table keeps only its digest
 * (./account-token.ts). Sending the e-mail is the caller's part.
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { Account } from './account';
import {
  type AccountToken,
  type AccountTokenPurpose,
  accountTokenLifetimeSeconds,
  verificationAddressDigest,
} from './account-token';
import { hashPassword } from './password';
import { logOutEverywhere } from './sessions';
import { isTokenShaped, newToken, tokenDigest } from './tokens';

/**
 * Purposes that share the account's `tokenVersion`: issuing one raises it, and a token is refused
 * once the account's version has moved past the one it was issued with. Reset and invitation links
 * both lead to choosing a password, so only the newest of them may work ("resend an invitation:
 * old links stop working"). Verification links do not share it: they only prove the address is the
 * owner's, which a reset does not change, and anyone may ask a reset for an address, so a shared
 * version would let a stranger kill a pending verification link; resending one leaves the older
 * ones valid, each good for that same proof. A verification link is still single use and expires,
 * and it proves only the address it was sent to: it is bound to that address
 * (`verificationAddressDigest`) and refused once the account's address is another.
 */
const versionedPurposes: ReadonlySet<AccountTokenPurpose> = new Set(['reset-password', 'invitation']);

/**
 * The one answer for every link that cannot be used — unknown, malformed, wrong purpose, expired,
 * superseded, already used — so the answer says nothing about which tokens exist.
 */
export class InvalidLinkError extends DomainError {
  constructor() {
    super(
      'invalid_link',
      {
        fr: "Ce lien n'est plus valide. Demandez-en un nouveau.",
        en: 'This link is no longer valid. Ask for a new one.',
      },
      { status: 400 },
    );
  }
}

const userIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

const issueInput = z.object({
  userId: userIdSchema,
  purpose: z.enum(['verify-email', 'reset-password', 'invitation']),
});

/**
 * A new link token for the account: `{ token }` for the e-mail; only its digest is stored. For
 * reset and invitation, first raises the account's `tokenVersion` (one UpdateItem, then the Put), so
 * every older reset or invitation link of the account stops working (see `versionedPurposes`).
 * A verification link is bound to the account's address as read here. `NotFoundError` when the account does not exist; callers that answer the public ("forgotten
 * password") must not show it.
 */
export async function issueAccountToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { userId: string; purpose: AccountTokenPurpose },
): Promise<{ token: string }> {
  const { userId, purpose } = parseInput(issueInput, input);
  const { account: accounts, accountToken: tokens } = deps.db.identity.entities;
  let tokenVersion: number;
  let email: string | undefined;
  if (versionedPurposes.has(purpose)) {
    try {
      // patch = update conditioned on the item existing; ALL_NEW gives the version this token gets.
      const { data } = await accounts.patch({ userId }).add({ tokenVersion: 1 }).go({ response: 'all_new' });
      tokenVersion = data.tokenVersion;
    } catch (error) {
      if (isConditionFailure(error)) throw accountNotFound();
      throw error;
    }
  } else {
    const account = (await accounts.get({ userId }).go({ consistent: true })).data;
    if (!account) throw accountNotFound();
    tokenVersion = account.tokenVersion;
    email = account.email;
  }
  const now = deps.clock.now();
  const token = newToken();
  const item: AccountToken = {
    tokenDigest: tokenDigest(token),
    purpose,
    userId,
    tokenVersion,
    ...(purpose === 'verify-email' && email ? { emailDigest: verificationAddressDigest(token, email) } : {}),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + accountTokenLifetimeSeconds[purpose],
  };
  // `create` is conditioned on the key not existing: a 256-bit collision would fail, never overwrite.
  await tokens.create(item).go();
  return { token };
}

const accountNotFound = () => new NotFoundError({ fr: 'Le compte', en: 'The account' });

/**
 * Uses a link token once: `{ userId }`, or `InvalidLinkError` for anything else (see there).
 * Reads are strongly consistent; the expiry is checked against `deps.clock`, not left to TTL. The
 * token is then deleted under an exists condition, so of two concurrent uses exactly one wins. A
 * token of the wrong purpose is left as it is (it may still serve its own purpose). A verification
 * token whose address is no longer the account's (or that names none) is refused and deleted.
 *
 * The version check and the delete are two requests: a use that read the version just before a
 * newer link was issued still succeeds. It is the same person's mailbox either way, and closing
 * that gap with a transaction would make a use fail on any concurrent write to the account.
 */
export async function consumeAccountToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown; purpose: AccountTokenPurpose },
): Promise<{ userId: string }> {
  const { userId } = await useAccountToken(deps, input);
  return { userId };
}

/** `consumeAccountToken`, also giving the account as read when the token was checked against it. */
async function useAccountToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown; purpose: AccountTokenPurpose },
): Promise<{ userId: string; account: Account }> {
  const { token, purpose } = input;
  if (!isTokenShaped(token)) throw new InvalidLinkError();
  const { account: accounts, accountToken: tokens } = deps.db.identity.entities;
  const digest = tokenDigest(token);
  const stored = (await tokens.get({ tokenDigest: digest }).go({ consistent: true })).data;
  if (!stored || stored.purpose !== purpose) throw new InvalidLinkError();
  if (deps.clock.now().getTime() >= stored.expiresAt * 1000) {
    await tokens.delete({ tokenDigest: digest }).go();
    throw new InvalidLinkError();
  }
  const account = (await accounts.get({ userId: stored.userId }).go({ consistent: true })).data;
  if (
    !account ||
    (versionedPurposes.has(purpose) && account.tokenVersion !== stored.tokenVersion) ||
    (purpose === 'verify-email' && stored.emailDigest !== verificationAddressDigest(token, account.email))
  ) {
    await tokens.delete({ tokenDigest: digest }).go();
    throw new InvalidLinkError();
  }
  try {
    await tokens
      .delete({ tokenDigest: digest })
      .where(({ tokenDigest: key }, { exists }) => exists(key))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new InvalidLinkError();
    throw error;
  }
  return { userId: stored.userId, account };
}

/**
 * Sets a new password from a reset link, then ends every session of the account (an attacker who
 * had one is out). The new password is checked and hashed before the link is used, so a password
 * refused by password.ts (under 8 characters, over 1024 bytes; its own fr/en message) leaves the
 * link working for the next try.
 */
export async function resetPassword(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown; newPassword: string },
): Promise<{ userId: string }> {
  if (!isTokenShaped(input.token)) throw new InvalidLinkError();
  const { newPassword } = parseInput(z.object({ newPassword: z.string() }), input);
  const passwordHash = await hashPassword(newPassword);
  const { userId } = await consumeAccountToken(deps, { token: input.token, purpose: 'reset-password' });
  try {
    await deps.db.identity.entities.account.patch({ userId }).set({ passwordHash }).go();
  } catch (error) {
    // Erased between the use of the link and now.
    if (isConditionFailure(error)) throw new InvalidLinkError();
    throw error;
  }
  await logOutEverywhere(deps, { userId });
  return { userId };
}

/**
 * Records that the owner proved the account's address is theirs, from a verification link sent to
 * that very address. The write is conditioned on the address the link was checked against: an
 * address changed between the check and the write is not marked verified (`InvalidLinkError`).
 */
export async function verifyEmail(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown },
): Promise<{ userId: string; emailVerifiedAt: string }> {
  const { userId, account } = await useAccountToken(deps, { token: input.token, purpose: 'verify-email' });
  const emailVerifiedAt = deps.clock.now().toISOString();
  try {
    await deps.db.identity.entities.account
      .patch({ userId })
      .set({ emailVerifiedAt })
      .where(({ email }, { eq }) => eq(email, account.email))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new InvalidLinkError();
    throw error;
  }
  return { userId, emailVerifiedAt };
}

/**
 * Activates an invited account (CRM-01, ORG-01, ORG-08): the invitation link proves the address,
 * and the password chosen makes the account active. The link works once; a newer invitation
 * cancels it (versioned, like reset links).
 */
export async function activateAccount(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown; newPassword: string },
): Promise<{ userId: string }> {
  if (!isTokenShaped(input.token)) throw new InvalidLinkError();
  const { newPassword } = parseInput(z.object({ newPassword: z.string() }), input);
  const passwordHash = await hashPassword(newPassword);
  const { userId } = await consumeAccountToken(deps, { token: input.token, purpose: 'invitation' });
  try {
    await deps.db.identity.entities.account
      .patch({ userId })
      .set({ passwordHash, status: 'active', emailVerifiedAt: deps.clock.now().toISOString() })
      .where(({ status }, { ne }) => ne(status, 'disabled'))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new InvalidLinkError();
    throw error;
  }
  await logOutEverywhere(deps, { userId });
  return { userId };
}
