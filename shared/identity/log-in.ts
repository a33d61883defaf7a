/**
 * Accounts and log-in (ROLE-02..05): creating an account with its unique e-mail guard, and logging
 * in with throttling, rotation and rehashing. Sessions once created are in ./sessions.ts.
 */
import * as z from 'zod/mini';
import { normalizeEmail } from '../comms/suppression';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, DomainError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import type { Account } from './account';
import { newAuditEntry } from './audit';
import { givePlaceBack, takePlace, throttleSubject, throttleWindow } from './login-throttle';
import { dummyVerify, hashPassword, passwordMaxBytes, verifyPassword } from './password';
import type { Session } from './session';
import type { SessionAccount } from './sessions';
import { newToken, tokenDigest } from './tokens';

/** RFC 5321 limits a path to 256 octets, so an address is at most 254 characters. */
const emailSchema = z.pipe(z.string().check(z.maxLength(254), z.trim(), z.toLowerCase()), z.email());

/**
 * Refuses input that could never be a password before anything else runs (no counter, no hash):
 * longer than the 1024 UTF-8 bytes password.ts accepts. The lower limit is password.ts's own,
 * applied when a password is set, never at log-in.
 */
const passwordSchema = z.string().check(
  z.minLength(1),
  z.maxLength(passwordMaxBytes),
  z.refine(
    (password) => Buffer.byteLength(password.normalize('NFKC'), 'utf8') <= passwordMaxBytes,
    'too_long',
  ),
);

const createAccountInput = z.object({ email: emailSchema, password: passwordSchema });

export class EmailInUseError extends ConflictError {
  constructor() {
    super('email_in_use', {
      fr: 'Cette adresse de courriel ne peut pas être utilisée pour un nouveau compte.',
      en: 'This e-mail address cannot be used for a new account.',
    });
  }
}

/**
 * Creates an active account: hashes the password (password.ts refuses one under 8 characters),
 * then writes the account and its `EMAIL#` guard in one transaction, the guard conditioned on not
 * existing. A second account for the address fails with `EmailInUseError`, which names no account;
 * the sign-up flow turns it into an e-mail to the owner, so the screen reveals nothing.
 */
export async function createAccount(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { email: string; password: string },
): Promise<{ userId: string }> {
  const { email, password } = parseInput(createAccountInput, input);
  const passwordHash = await hashPassword(password);
  const userId = deps.ids();
  const address = normalizeEmail(email);
  const result = await deps.db.identity.transaction
    .write(({ account, emailGuard }) => [
      emailGuard.create({ email: address, userId }).commit(),
      account
        .create({
          userId,
          email: address,
          passwordHash,
          status: 'active',
          sessionVersion: 0,
          createdAt: deps.clock.now().toISOString(),
        })
        .commit(),
    ])
    .go();
  if (result.canceled) {
    if (result.data.some((reason) => reason.code === 'ConditionalCheckFailed')) throw new EmailInUseError();
    throw new ConflictError('transaction_canceled', {
      fr: 'La modification a été refusée parce que les données ont changé entre-temps. Veuillez réessayer.',
      en: 'The change was refused because the data changed in the meantime. Please try again.',
    });
  }
  return { userId };
}

/**
 * Log-in throttling, fixed windows of 15 minutes counting failed attempts:
 * - 5 per e-mail address typed (whether or not it has an account, so throttling says nothing about
 *   which addresses have one): a password guesser gets 20 tries an hour per account;
 * - 20 per client address (IP): one machine spraying guesses over many accounts, while a school's
 *   shared connection still lets several people mistype.
 * A place is taken with a conditional increment before any hashing, so concurrent guesses cannot
 * exceed the limit, and a successful log-in gives its place back. The per-account limit lets anyone
 * lock an address out for 15 minutes by failing on purpose: the accepted price of stopping guesses
 * (the lock is short and the forgotten-password e-mail still works).
 */
export const loginThrottle = {
  windowSeconds: 15 * 60,
  perAccount: 5,
  perAddress: 20,
} as const;

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(
      'invalid_credentials',
      { fr: 'Courriel ou mot de passe incorrect.', en: 'Incorrect e-mail or password.' },
      { status: 401 },
    );
  }
}

export class TooManyAttemptsError extends DomainError {
  constructor(
    readonly retryAt: Date,
    now: Date,
  ) {
    const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
    super(
      'too_many_attempts',
      {
        fr: `Trop de tentatives de connexion. Veuillez réessayer dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
        en: `Too many log-in attempts. Please try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      },
      { status: 429 },
    );
  }
}

/** Default session lifetimes (clients, organizations, trainers). */
export const sessionDefaults = { idleSeconds: 2 * 3600, absoluteSeconds: 7 * 24 * 3600 } as const;
/** Staff reach every file: shorter sessions. */
export const staffSessionDefaults = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 } as const;
/** Between the password and the second factor: long enough to open the app, no longer. */
export const pendingLifetimes = { idleSeconds: 10 * 60, absoluteSeconds: 10 * 60 } as const;

const logInInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  /** The client's IP address, as the web server sees it. */
  address: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The session cookie sent with the log-in form, if any: revoked (rotation). */
  presentedToken: z.optional(z.string().check(z.maxLength(128))),
  idleSeconds: z.optional(z.int().check(z.minimum(60), z.maximum(31 * 24 * 3600))),
  absoluteSeconds: z.optional(z.int().check(z.minimum(60), z.maximum(366 * 24 * 3600))),
});

export interface LoggedIn {
  ok: true;
  /** The cookie value (43 characters); only its digest is stored. */
  token: string;
  session: Session;
  /** The account as the session sees it (no password hash): the caller needs no second read. */
  account: SessionAccount;
}

/**
 * Logs in: a new session and its token, or `InvalidCredentialsError` — the same error, after the
 * same argon2id work, whether the address has no account, the password is wrong or the account is
 * disabled — or `TooManyAttemptsError` (with `retryAt`) before any hashing when a throttle window is
 * full (`loginThrottle`). A session token presented with the form is revoked (rotation: a token
 * planted before log-in never becomes a logged-in one). A hash below the current argon2id
 * parameters is replaced. Durations: `idleSeconds` (default 2 h) and `absoluteSeconds` (default
 * 7 days), see `sessionDefaults`.
 */
export async function logIn(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'ids'>,
  input: {
    email: string;
    password: string;
    address: string;
    presentedToken?: string;
    idleSeconds?: number;
    absoluteSeconds?: number;
  },
): Promise<LoggedIn> {
  const parsed = parseInput(logInInput, input);
  const email = normalizeEmail(parsed.email);
  const now = deps.clock.now();
  const { windowSeconds } = loginThrottle;
  const accountKey = throttleWindow(throttleSubject('email', email), now, windowSeconds);
  const addressKey = throttleWindow(throttleSubject('address', parsed.address), now, windowSeconds);

  // Both places at once (one round trip); a place taken in a full pair is given back.
  const [addressPlace, accountPlace] = await Promise.all([
    takePlace(deps, addressKey, loginThrottle.perAddress),
    takePlace(deps, accountKey, loginThrottle.perAccount),
  ]);
  if (!addressPlace || !accountPlace) {
    await Promise.all([
      addressPlace && givePlaceBack(deps, addressKey),
      accountPlace && givePlaceBack(deps, accountKey),
    ]);
    throw new TooManyAttemptsError(addressKey.retryAt, now);
  }

  const { account: accounts, emailGuard, session: sessions } = deps.db.identity.entities;
  const guard = (await emailGuard.get({ email }).go({ consistent: true })).data;
  const account: Account | null = guard?.userId
    ? (await accounts.get({ userId: guard.userId }).go({ consistent: true })).data
    : null;
  const check = account?.passwordHash
    ? await verifyPassword(account.passwordHash, parsed.password)
    : await dummyVerify(parsed.password);
  if (!account || !check.ok || account.status !== 'active') {
    // The places stay taken: they count this failure.
    throw new InvalidCredentialsError();
  }
  if (check.needsRehash) {
    try {
      await accounts
        .patch({ userId: account.userId })
        .set({ passwordHash: await hashPassword(parsed.password) })
        .where(({ passwordHash }, { eq }) => eq(passwordHash, account.passwordHash ?? ''))
        .go();
    } catch (error) {
      // Changed meanwhile (a reset): the newer hash wins. Anything else must not fail the log-in.
      if (!isConditionFailure(error)) deps.log.warn('password rehash failed', { error: String(error) });
    }
  }

  // In one round trip: the roles, the places given back (a success does not count), and the
  // session presented with the form revoked.
  const { presentedToken } = parsed;
  const [roles] = await Promise.all([
    rolesOf(deps, account.userId),
    givePlaceBack(deps, accountKey),
    givePlaceBack(deps, addressKey),
    presentedToken && sessions.delete({ tokenDigest: tokenDigest(presentedToken) }).go(),
  ]);
  const staff = roles.some((entry) => entry.role === 'staff');
  const stage: Session['stage'] = account.totpEnabledAt ? 'second-factor' : staff ? 'enroll' : 'full';
  const lifetimes = stage !== 'full' ? pendingLifetimes : staff ? staffSessionDefaults : sessionDefaults;
  return startSession(deps, {
    account,
    roles,
    stage,
    idleSeconds: stage === 'full' ? (parsed.idleSeconds ?? lifetimes.idleSeconds) : lifetimes.idleSeconds,
    absoluteSeconds:
      stage === 'full' ? (parsed.absoluteSeconds ?? lifetimes.absoluteSeconds) : lifetimes.absoluteSeconds,
  });
}

/** The memberships of a user, as copied into a session (data-model §3.1). */
export async function rolesOf(deps: Pick<Deps, 'db'>, userId: string): Promise<Session['roles']> {
  const memberships = await deps.db.identity.entities.membership.query
    .byUser({ userId })
    .go({ pages: 'all', consistent: true });
  return memberships.data.map(({ orgId, role }) => ({ orgId, role }));
}

/**
 * Creates a session for an account and returns its token. `create` is conditioned on the key not
 * existing: a 256-bit collision would fail, never overwrite.
 */
export async function startSession(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: {
    account: Account;
    roles: Session['roles'];
    stage: Session['stage'];
    idleSeconds: number;
    absoluteSeconds: number;
    pendingTotpSecret?: string;
  },
): Promise<LoggedIn> {
  const now = deps.clock.now();
  const absoluteMs = now.getTime() + input.absoluteSeconds * 1000;
  const token = newToken();
  const session: Session = {
    tokenDigest: tokenDigest(token),
    userId: input.account.userId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    idleExpiresAt: new Date(Math.min(now.getTime() + input.idleSeconds * 1000, absoluteMs)).toISOString(),
    absoluteExpiresAt: new Date(absoluteMs).toISOString(),
    idleSeconds: input.idleSeconds,
    sessionVersion: input.account.sessionVersion,
    expiresAt: Math.ceil(absoluteMs / 1000),
    stage: input.stage,
    roles: input.roles,
    clientId: input.account.clientId,
    pendingTotpSecret: input.pendingTotpSecret,
  };
  if (input.stage === 'full' && input.roles.some((entry) => entry.role === 'staff')) {
    // PLAT-02: a staff session opening (after its second factor) is audited with it.
    const entry = newAuditEntry(deps, {
      action: 'staff.login',
      targetId: input.account.userId,
      actorUserId: input.account.userId,
    });
    const result = await deps.db.identity.transaction
      .write(({ session: sessions, auditEntry }) => [
        sessions.create(session).commit(),
        auditEntry.create(entry).commit(),
      ])
      .go();
    if (result.canceled) throw new Error('the new session could not be written');
  } else {
    await deps.db.identity.entities.session.create(session).go();
  }
  const { passwordHash: _hidden, ...account } = input.account;
  return { ok: true, token, session, account };
}
