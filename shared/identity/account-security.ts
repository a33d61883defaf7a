/**
 * The "Sécurité du compte" page's own use cases (ROLE-02..05): what the page shows about the
 * account, and changing the password while logged in. Second-factor changes are in
 * ./second-factor.ts, log-out everywhere in ./sessions.ts.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import {
  type LoggedIn,
  loginThrottle,
  rolesOf,
  sessionDefaults,
  staffSessionDefaults,
  startSession,
  TooManyAttemptsError,
} from './log-in';
import { givePlaceBack, takePlace, throttleWindow } from './login-throttle';
import { hashPassword, passwordMaxBytes, verifyPassword } from './password';
import { SessionStepError } from './second-factor';
import { logOutEverywhere, resolveSession } from './sessions';
import { isTokenShaped } from './tokens';

export class WrongCurrentPasswordError extends DomainError {
  constructor() {
    super(
      'wrong_current_password',
      { fr: 'Le mot de passe actuel est incorrect.', en: 'The current password is incorrect.' },
      { status: 400 },
    );
  }
}

export interface SecurityOverview {
  email: string;
  /** When the second factor was turned on; absent while it is off. */
  totpEnabledAt?: string;
  recoveryCodesLeft: number;
  /** Staff cannot turn the second factor off (ROLE-05). */
  secondFactorRequired: boolean;
  emailVerifiedAt?: string;
}

/** What the security page shows; `SessionStepError` unless the token is a live, full session. */
export async function getSecurityOverview(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: unknown },
): Promise<SecurityOverview> {
  const { session, account } = await fullSession(deps, input.token);
  return {
    email: account.email,
    totpEnabledAt: account.totpEnabledAt,
    recoveryCodesLeft: account.totpEnabledAt ? (account.recoveryCodeDigests?.length ?? 0) : 0,
    secondFactorRequired: session.roles.some((entry) => entry.role === 'staff'),
    emailVerifiedAt: account.emailVerifiedAt,
  };
}

async function fullSession(deps: Pick<Deps, 'db' | 'clock'>, token: unknown) {
  if (!isTokenShaped(token)) throw new SessionStepError();
  const resolved = await resolveSession(deps, { token });
  // A staff member viewing a client's portal acts for nobody: their own account is not this page's.
  if (resolved?.session.stage !== 'full' || resolved.session.actingAsClientId) {
    throw new SessionStepError();
  }
  return resolved;
}

const changeInput = z.object({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(passwordMaxBytes * 4)),
  newPassword: z.string(),
  locale: z.enum(['fr', 'en']),
});

/** Wrong current passwords per account per 15-minute window, as for log-in (`loginThrottle`). */
const currentPasswordAttempts = loginThrottle.perAccount;

/**
 * Changes the password of the session's account, proven by the current one, then ends every
 * session of the account (someone else logged in with the old password is out) and returns a new
 * session for the person who changed it, so they stay logged in under a fresh token. The new hash
 * is written conditioned on the old one, with the owner's "password changed" notice in the same
 * transaction: of two concurrent changes one wins, the other is refused (`ConflictError`), and no
 * change goes unannounced. Wrong current passwords are throttled like log-ins.
 */
export async function changePassword(
  deps: Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>,
  input: { token: unknown; currentPassword: string; newPassword: string; locale: 'fr' | 'en' },
): Promise<LoggedIn> {
  const { session, account: visible } = await fullSession(deps, input.token);
  const parsed = parseInput(changeInput, input);
  const accounts = deps.db.identity.entities.account;
  const account = (await accounts.get({ userId: visible.userId }).go({ consistent: true })).data;
  if (!account?.passwordHash) throw new SessionStepError();

  const now = deps.clock.now();
  const throttle = throttleWindow(`password-check:${account.userId}`, now, loginThrottle.windowSeconds);
  if (!(await takePlace(deps, throttle, currentPasswordAttempts))) {
    throw new TooManyAttemptsError(throttle.retryAt, now);
  }
  const check = await verifyPassword(account.passwordHash, parsed.currentPassword);
  if (!check.ok) throw new WrongCurrentPasswordError();
  await givePlaceBack(deps, throttle);

  // password.ts checks the new one (8 characters at least, 1024 bytes at most) before anything is written.
  const passwordHash = await hashPassword(parsed.newPassword);
  const oldHash = account.passwordHash;
  const locale = account.locale ?? parsed.locale;
  try {
    await commitWithEmails(deps, {
      entities: { account: accounts },
      writes: ({ account: joined }) => [
        joined
          .patch({ userId: account.userId })
          .set({ passwordHash })
          .add({ sessionVersion: 1 })
          .where(({ passwordHash: stored }, { eq }) => eq(stored, oldHash))
          .commit(),
      ],
      emails: [
        {
          templateId: 'account.passwordChanged',
          locale,
          to: account.email,
          recipientId: account.clientId,
          data: {
            changedAt: now.toISOString(),
            forgotPasswordUrl: `${deps.config.siteUrl.replace(/\/+$/, '')}/${locale}/mot-de-passe-oublie`,
          },
        },
      ],
    });
  } catch (error) {
    if (error instanceof ConflictError || isConditionFailure(error))
      throw new PasswordChangedMeanwhileError();
    throw error;
  }
  // The version raised above already refuses every older session; this also deletes them.
  await logOutEverywhere(deps, { userId: account.userId });
  const current = (await accounts.get({ userId: account.userId }).go({ consistent: true })).data;
  if (!current) throw new SessionStepError();
  const staff = session.roles.some((entry) => entry.role === 'staff');
  const lifetimes = staff ? staffSessionDefaults : sessionDefaults;
  return startSession(deps, {
    account: current,
    roles: await rolesOf(deps, current.userId),
    stage: 'full',
    idleSeconds: session.idleSeconds,
    absoluteSeconds: lifetimes.absoluteSeconds,
  });
}

export class PasswordChangedMeanwhileError extends ConflictError {
  constructor() {
    super('password_changed_meanwhile', {
      fr: 'Le mot de passe vient d’être changé ailleurs. Reconnectez-vous pour continuer.',
      en: 'The password was just changed elsewhere. Log in again to continue.',
    });
  }
}
