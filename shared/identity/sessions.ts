/**
 * Using and ending sessions (ROLE-02..05, ROLE-06 "the session on each request"). Sessions are
 * created by `logIn` (./log-in.ts).
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import type { Account } from './account';
import type { Session } from './session';
import { isTokenShaped, tokenDigest } from './tokens';

/** The sliding idle expiry is written at most this often, so a busy page costs reads, not writes. */
export const lastSeenWriteIntervalMs = 60_000;

const tokenInput = z.object({ token: z.string().check(z.maxLength(128)) });

/** The account as a request may see it: never the password hash. */
export type SessionAccount = Omit<Account, 'passwordHash'>;

/**
 * The session a cookie stands for, with its account, or `undefined` when the token is malformed,
 * unknown, logged out, past its idle or absolute expiry, older than the account's last "log out
 * everywhere", or its account is missing or disabled. Reads are strongly consistent, so a log-out
 * is seen by the next request. Each use slides the idle expiry (never past the absolute one),
 * written at most once per `lastSeenWriteIntervalMs`.
 */
export async function resolveSession(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string },
): Promise<{ session: Session; account: SessionAccount } | undefined> {
  const { token } = parseInput(tokenInput, input);
  if (!isTokenShaped(token)) return undefined;
  const { session: sessions, account: accounts } = deps.db.identity.entities;
  const digest = tokenDigest(token);
  const session = (await sessions.get({ tokenDigest: digest }).go({ consistent: true })).data;
  if (!session) return undefined;
  const now = deps.clock.now();
  if (now >= new Date(session.absoluteExpiresAt) || now >= new Date(session.idleExpiresAt)) {
    await sessions.delete({ tokenDigest: digest }).go();
    return undefined;
  }
  const account = (await accounts.get({ userId: session.userId }).go({ consistent: true })).data;
  if (account?.status !== 'active' || account.sessionVersion !== session.sessionVersion) {
    return undefined;
  }
  const { passwordHash: _hidden, ...visible } = account;
  if (now.getTime() - Date.parse(session.lastSeenAt) < lastSeenWriteIntervalMs) {
    return { session, account: visible };
  }
  const idleExpiresAt = new Date(
    Math.min(now.getTime() + session.idleSeconds * 1000, Date.parse(session.absoluteExpiresAt)),
  ).toISOString();
  const lastSeenAt = now.toISOString();
  try {
    await sessions
      .patch({ tokenDigest: digest })
      .set({ lastSeenAt, idleExpiresAt })
      .where(({ lastSeenAt: seen }, { lt }) => lt(seen, lastSeenAt))
      .go();
  } catch (error) {
    // Logged out meanwhile (patch needs the item) or a later request already slid it.
    if (!isConditionFailure(error)) throw error;
    const still = (await sessions.get({ tokenDigest: digest }).go({ consistent: true })).data;
    if (!still) return undefined;
    return { session: still, account: visible };
  }
  return { session: { ...session, lastSeenAt, idleExpiresAt }, account: visible };
}

/** Ends the session of this token; a token that is malformed or already ended changes nothing. */
export async function logOut(deps: Pick<Deps, 'db'>, input: { token: string }): Promise<void> {
  const { token } = parseInput(tokenInput, input);
  if (!isTokenShaped(token)) return;
  await deps.db.identity.entities.session.delete({ tokenDigest: tokenDigest(token) }).go();
}

/**
 * Ends every session of a user (log out everywhere; also for password, role or membership
 * changes). First raises the account's `sessionVersion`, which alone makes every existing session
 * resolve to nothing, even one the eventually consistent gsi4 does not list yet; then deletes the
 * sessions gsi4 lists. Returns how many were deleted.
 */
export async function logOutEverywhere(
  deps: Pick<Deps, 'db'>,
  input: { userId: string },
): Promise<{ deleted: number }> {
  const { userId } = parseInput(
    z.object({ userId: z.string().check(z.minLength(1), z.maxLength(64)) }),
    input,
  );
  const { session: sessions, account: accounts } = deps.db.identity.entities;
  try {
    await accounts.patch({ userId }).add({ sessionVersion: 1 }).go();
  } catch (error) {
    // No account (already erased): its sessions are still deleted below.
    if (!isConditionFailure(error)) throw error;
  }
  const listed = await sessions.query.byUser({ userId }).go({ pages: 'all', hydrate: true });
  const digests = listed.data.map((session) => ({ tokenDigest: session.tokenDigest }));
  if (digests.length > 0) {
    const { unprocessed } = await sessions.delete(digests).go();
    if (unprocessed.length > 0) await sessions.delete(unprocessed).go();
  }
  return { deleted: digests.length };
}
