/**
 * The second factor (ROLE-03..05): TOTP from an authenticator app, with single-use recovery codes.
 * Required for staff (a staff log-in without it lands on enrollment and can do nothing else),
 * offered to organization members, trainers and clients.
 *
 * A log-in that needs the second factor creates a short `second-factor` session (log-in.ts); the
 * code then replaces it with a `full` session under a new token, so the token that crossed the
 * password step never becomes a logged-in one (rotation again).
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { Account } from './account';
import { newAuditEntry } from './audit';
import { type LoggedIn, rolesOf, sessionDefaults, staffSessionDefaults, startSession } from './log-in';
import { givePlaceBack, takePlace, throttleWindow } from './login-throttle';
import { matchRecoveryCode, newRecoveryCodes } from './recovery-codes';
import type { Session } from './session';
import { logOutEverywhere } from './sessions';
import { isTokenShaped, tokenDigest } from './tokens';
import { newTotpSecret, type TotpEnrollment, totpEnrollment, verifyTotp } from './totp';

export class InvalidCodeError extends DomainError {
  constructor(reason: 'invalid' | 'replayed' | 'malformed') {
    super(
      'invalid_code',
      reason === 'replayed'
        ? {
            fr: 'Ce code vient d’être utilisé. Attendez le code suivant dans votre application.',
            en: 'This code was just used. Wait for the next code in your app.',
          }
        : {
            fr: 'Code incorrect. Vérifiez le code à 6 chiffres de votre application, ou utilisez un code de récupération.',
            en: 'Incorrect code. Check the 6-digit code in your app, or use a recovery code.',
          },
      { status: 400 },
    );
  }
}

/** The session is gone, expired or at another step: the user starts the log-in again. */
export class SessionStepError extends DomainError {
  constructor() {
    super(
      'session_step',
      {
        fr: 'Votre session a expiré. Veuillez vous connecter de nouveau.',
        en: 'Your session has expired. Please log in again.',
      },
      { status: 401 },
    );
  }
}

export class SecondFactorRequiredError extends DomainError {
  constructor() {
    super(
      'second_factor_required',
      {
        fr: 'La double authentification est obligatoire pour le personnel.',
        en: 'Two-factor authentication is required for staff.',
      },
      { status: 403 },
    );
  }
}

/** Wrong codes per user per 15-minute window, as for passwords (log-in.ts `loginThrottle`). */
const codeAttemptsPerWindow = 5;
const codeWindowSeconds = 15 * 60;

type FactorDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

async function liveSession(deps: FactorDeps, token: unknown, stages: Session['stage'][]) {
  if (!isTokenShaped(token)) throw new SessionStepError();
  const { session: sessions, account: accounts } = deps.db.identity.entities;
  const session = (await sessions.get({ tokenDigest: tokenDigest(token) }).go({ consistent: true })).data;
  const now = deps.clock.now();
  if (
    !session ||
    !stages.includes(session.stage) ||
    now >= new Date(session.idleExpiresAt) ||
    now >= new Date(session.absoluteExpiresAt)
  ) {
    throw new SessionStepError();
  }
  const account = (await accounts.get({ userId: session.userId }).go({ consistent: true })).data;
  if (account?.status !== 'active' || account.sessionVersion !== session.sessionVersion) {
    throw new SessionStepError();
  }
  return { session, account };
}

/** Replaces a pending session by a full one (new token); the pending token stops working. */
async function promote(deps: FactorDeps, session: Session, account: Account): Promise<LoggedIn> {
  const roles = await rolesOf(deps, account.userId);
  const lifetimes = roles.some((entry) => entry.role === 'staff') ? staffSessionDefaults : sessionDefaults;
  const next = await startSession(deps, { account, roles, stage: 'full', ...lifetimes });
  await deps.db.identity.entities.session.delete({ tokenDigest: session.tokenDigest }).go();
  return next;
}

const codeInput = z.object({ code: z.string().check(z.maxLength(64)) });

/**
 * The code page after the password: a TOTP code or a recovery code. A TOTP step is stored
 * conditionally (never at or before the last one) and a recovery code's digest is removed
 * conditionally (still present), so a code works once even when sent twice at the same instant.
 */
export async function completeSecondFactor(
  deps: FactorDeps,
  input: { token: unknown; code: string },
): Promise<LoggedIn & { usedRecoveryCode: boolean; recoveryCodesLeft: number }> {
  const { code } = parseInput(codeInput, input);
  const { session, account } = await liveSession(deps, input.token, ['second-factor']);
  if (!account.totpSecret) throw new SessionStepError();
  const throttle = throttleWindow(`totp:${account.userId}`, deps.clock.now(), codeWindowSeconds);
  if (!(await takePlace(deps, throttle, codeAttemptsPerWindow))) {
    throw new InvalidCodeError('invalid');
  }
  const accounts = deps.db.identity.entities.account;
  const totp = verifyTotp({
    secret: account.totpSecret,
    code,
    now: deps.clock.now(),
    lastUsedStep: account.totpLastStep,
  });
  let usedRecoveryCode = false;
  let recoveryCodesLeft = account.recoveryCodeDigests?.length ?? 0;
  if (totp.ok) {
    try {
      await accounts
        .patch({ userId: account.userId })
        .set({ totpLastStep: totp.step })
        .where(
          ({ totpLastStep }, { notExists, lt }) =>
            `${notExists(totpLastStep)} OR ${lt(totpLastStep, totp.step)}`,
        )
        .go();
    } catch (error) {
      if (isConditionFailure(error)) throw new InvalidCodeError('replayed');
      throw error;
    }
  } else {
    const digests = account.recoveryCodeDigests ?? [];
    const index = matchRecoveryCode(code, digests);
    if (index === -1) throw new InvalidCodeError(totp.reason === 'replayed' ? 'replayed' : 'invalid');
    const remaining = digests.filter((_, at) => at !== index);
    try {
      await accounts
        .patch({ userId: account.userId })
        .set({ recoveryCodeDigests: remaining })
        .where(({ recoveryCodeDigests }, { contains }) => contains(recoveryCodeDigests, digests[index] ?? ''))
        .go();
    } catch (error) {
      if (isConditionFailure(error)) throw new InvalidCodeError('replayed');
      throw error;
    }
    usedRecoveryCode = true;
    recoveryCodesLeft = remaining.length;
  }
  await givePlaceBack(deps, throttle);
  const next = await promote(deps, session, account);
  return { ...next, usedRecoveryCode, recoveryCodesLeft };
}

/**
 * Starts enrollment: a new secret kept in the session (not the account) until a code from it is
 * confirmed, so an abandoned enrollment changes nothing. Open to a full session, and to a staff
 * `enroll` session, which can do nothing else.
 */
export async function beginTotpEnrollment(
  deps: FactorDeps,
  input: { token: unknown; issuer: string; locale: 'fr' | 'en' },
): Promise<TotpEnrollment> {
  const { session, account } = await liveSession(deps, input.token, ['enroll', 'full']);
  const secret = session.pendingTotpSecret ?? newTotpSecret();
  if (!session.pendingTotpSecret) {
    await deps.db.identity.entities.session
      .patch({ tokenDigest: session.tokenDigest })
      .set({ pendingTotpSecret: secret })
      .go();
  }
  return totpEnrollment({ secret, accountLabel: account.email, issuer: input.issuer, locale: input.locale });
}

/**
 * Confirms enrollment with a code from the app: the secret moves to the account with ten fresh
 * recovery codes (returned once, never stored in clear). A staff `enroll` session is then promoted
 * to a full one under a new token.
 */
export async function confirmTotpEnrollment(
  deps: FactorDeps,
  input: { token: unknown; code: string },
): Promise<{ recoveryCodes: string[]; session?: LoggedIn }> {
  const { code } = parseInput(codeInput, input);
  const { session, account } = await liveSession(deps, input.token, ['enroll', 'full']);
  const secret = session.pendingTotpSecret;
  if (!secret) throw new SessionStepError();
  const check = verifyTotp({ secret, code, now: deps.clock.now() });
  if (!check.ok) throw new InvalidCodeError(check.reason);
  const { codes, digests } = newRecoveryCodes();
  try {
    await deps.db.identity.entities.account
      .patch({ userId: account.userId })
      .set({
        totpSecret: secret,
        totpEnabledAt: deps.clock.now().toISOString(),
        totpLastStep: check.step,
        recoveryCodeDigests: digests,
      })
      .where(({ totpEnabledAt }, { notExists }) => notExists(totpEnabledAt))
      .go();
  } catch (error) {
    // Enrolled meanwhile from another session: that enrollment stands.
    if (isConditionFailure(error)) throw new SessionStepError();
    throw error;
  }
  await deps.db.identity.entities.session
    .patch({ tokenDigest: session.tokenDigest })
    .remove(['pendingTotpSecret'])
    .go();
  const promoted = session.stage === 'enroll' ? await promote(deps, session, account) : undefined;
  return { recoveryCodes: codes, session: promoted };
}

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: FactorDeps,
  input: { token: unknown },
): Promise<{ recoveryCodes: string[] }> {
  const { account } = await liveSession(deps, input.token, ['full']);
  if (!account.totpEnabledAt) throw new SessionStepError();
  const { codes, digests } = newRecoveryCodes();
  await deps.db.identity.entities.account
    .patch({ userId: account.userId })
    .set({ recoveryCodeDigests: digests })
    .go();
  return { recoveryCodes: codes };
}

/** Turns the second factor off (members, trainers, clients); staff cannot: it is required for them. */
export async function disableTotp(deps: FactorDeps, input: { token: unknown }): Promise<void> {
  const { session, account } = await liveSession(deps, input.token, ['full']);
  if (session.roles.some((entry) => entry.role === 'staff')) throw new SecondFactorRequiredError();
  await deps.db.identity.entities.account
    .patch({ userId: account.userId })
    .remove(['totpSecret', 'totpEnabledAt', 'totpLastStep', 'recoveryCodeDigests'])
    .go();
}

const resetInput = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(64)),
  actorUserId: z.string().check(z.minLength(1), z.maxLength(64)),
});

export class OwnSecondFactorError extends ConflictError {
  constructor() {
    super('own_second_factor', {
      fr: 'Gérez votre propre double authentification depuis la page « Sécurité du compte ».',
      en: 'Manage your own two-step verification from the “Account security” page.',
    });
  }
}

/**
 * Staff take away a person's second factor (ROLE-05), for a lost phone without its recovery
 * codes: the TOTP secret and the recovery codes go, with the audit entry in the same transaction,
 * then every session of that person ends. Their next log-in asks for the password only — or, for
 * staff, for a new enrollment before anything else. `{ reset: false }` when the person had no
 * second factor (nothing written). Never one's own: that is the security page's, behind a session.
 */
export async function resetSecondFactor(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { userId: string; actorUserId: string },
): Promise<{ reset: boolean }> {
  const { userId, actorUserId } = parseInput(resetInput, input);
  if (userId === actorUserId) throw new OwnSecondFactorError();
  const accounts = deps.db.identity.entities.account;
  const account = (await accounts.get({ userId }).go({ consistent: true })).data;
  if (!account) throw new NotFoundError({ fr: 'Le compte', en: 'The account' });
  if (!account.totpEnabledAt) return { reset: false };
  const result = await deps.db.identity.transaction
    .write(({ account: txAccount, auditEntry: txAudit }) => [
      txAccount
        .patch({ userId })
        .remove(['totpSecret', 'totpEnabledAt', 'totpLastStep', 'recoveryCodeDigests'])
        .where(({ totpEnabledAt }, { eq }) => eq(totpEnabledAt, account.totpEnabledAt ?? ''))
        .commit(),
      txAudit
        .create(newAuditEntry(deps, { action: 'account.secondFactorReset', targetId: userId, actorUserId }))
        .commit(),
    ])
    .go();
  // Reset meanwhile by someone else (or re-enrolled): theirs stands, and nothing is written twice.
  if (result.canceled) return { reset: false };
  await logOutEverywhere(deps, { userId });
  return { reset: true };
}
