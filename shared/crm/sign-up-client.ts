/**
 * Self sign-up (CRM-01, CRM-03): a person creates their own file and account. The seed's two rules
 * against a second file hold: the same address is recognised and its owner gets an e-mail instead
 * ("log in or reset your password"), and the same last name, first name and postal code under
 * another address shows « Déjà client ? » and leaves a request for staff. The answer on screen
 * never says whether an address has an account: a fresh sign-up and a known address both answer
 * `checkInbox`, after the same password hashing. Sign-ups are limited per client address
 * (`signUpThrottle`), before anything is hashed, looked up, written or sent.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import { isConditionFailure } from '../db/conditions';
import { markHandledOnce } from '../db/dedupe';
import type { Deps } from '../deps';
import type { EmailGuard } from '../identity/account';
import { TooManyRequestsError, takePlace, throttleSubject, throttleWindow } from '../identity/login-throttle';
import { hashPassword, passwordBytes, passwordMaxBytes } from '../identity/password';
import { ConflictError } from '../kernel/errors';
import { newAccountTokenItem, signUpAttemptEmail, signUpEmail } from './client-emails';
import { emailField, fieldError, parseClientInput, personFields, personSchema } from './client-input';
import { AccountAlreadyActiveError, inviteClient } from './invite-client';
import { findNamePostalMatches } from './search-clients';

type SignUpDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

/**
 * Sign-ups per client address (IP) in fixed windows of an hour. Each attempt that passes the
 * form's checks counts, whatever its outcome: every one hashes a password, and most send an
 * e-mail or leave a request for staff. A person signs up once; 30 an hour leaves room for a
 * household, a shared connection or a workshop room on one Wi-Fi where people sign up on their
 * phones, while one machine can no longer fill the table with files, the staff queue with
 * « Déjà client ? » requests, or strangers' inboxes with verification e-mails (one address's owner
 * already hears at most once an hour, `noticeWindowMs`). A form refused for its content (a field
 * missing or invalid, a password too short) does not count, so fixing it costs nothing.
 */
export const signUpThrottle = { windowSeconds: 3600, perAddress: 30 } as const;

const signUpInput = z.extend(personSchema, {
  email: emailField,
  password: z.string().check(z.maxLength(passwordMaxBytes * 4)),
  /**
   * The client's IP address, as the web server sees it (`event.getClientAddress()`); not the
   * postal `address`. The public page always passes it; only in-process callers (the seed, tests)
   * may leave it out, unthrottled.
   */
  clientAddress: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

export type SignUpClientInput = z.input<typeof signUpInput>;

/**
 * `checkInbox`: the page says "check your inbox" (a new file, or a known address whose owner was
 * told). `alreadyClient`: the page shows « Déjà client ? » with the school's contact details.
 */
export type SignUpOutcome = { outcome: 'checkInbox' } | { outcome: 'alreadyClient' };

/** At most one "someone used your address" e-mail per address and hour: sign-up is public. */
const noticeWindowMs = 3600_000;

/**
 * Creates a file with its account, e-mail guard, phone lookup and verification e-mail in one
 * transaction; or, for a known address or a known person, no file at all (see the module comment).
 * The password is checked (8 characters at least) and hashed while the address and the person are
 * looked up.
 * Concurrent identical sign-ups make one file: the guard is created under a not-exists condition.
 * `TooManyRequestsError` (with `retryAt`) when the client address has used up its window
 * (`signUpThrottle`): checked once the form is valid and before anything else, so nothing is
 * written or sent then.
 */
export async function signUpClient(deps: SignUpDeps, input: SignUpClientInput): Promise<SignUpOutcome> {
  const parsed = parseClientInput(signUpInput, input);
  const person = personFields(parsed);
  for (const field of ['street', 'city', 'postalCode'] as const) {
    if (!parsed.address[field]) throw fieldError(`address.${field}`, 'required');
  }
  // password.ts's own length checks, before the place is taken (hashPassword repeats them).
  passwordBytes(parsed.password);
  if (parsed.clientAddress !== undefined) await takeSignUpPlace(deps, parsed.clientAddress);
  const email = normalizeEmail(parsed.email);
  const { emailGuard } = deps.db.identity.entities;
  // The hash and both look-ups at once: every outcome waits for the hash, so timing tells nothing,
  // and the look-ups cost no time of their own.
  const [passwordHash, known, matches] = await Promise.all([
    hashPassword(parsed.password),
    emailGuard
      .get({ email })
      .go({ consistent: true })
      .then(({ data }) => data),
    findNamePostalMatches(deps, person),
  ]);
  if (known) {
    await tellOwner(deps, known, parsed.locale);
    return { outcome: 'checkInbox' };
  }

  // The file of this very address: a concurrent identical sign-up made it since the guard was read.
  if (matches.some((profile) => profile.email === email)) return { outcome: 'checkInbox' };
  const match = matches[0];
  if (match) {
    // A file being erased takes no new item (erasure reads the file once it is locked).
    if (match.status === 'erasing') return { outcome: 'alreadyClient' };
    await deps.db.crm.entities.staffRequest
      .create({
        requestId: deps.ids(),
        kind: 'possibleDuplicate',
        status: 'open',
        at: deps.clock.now().toISOString(),
        clientId: match.clientId,
        submitted: {
          source: 'signUp',
          firstName: person.firstName,
          lastName: person.lastName,
          postalCode: person.postalCode,
          country: person.country,
          email,
          ...(person.phone ? { phone: person.phone } : {}),
          matchingClientIds: matches.map((profile) => profile.clientId),
        },
      })
      .go();
    return { outcome: 'alreadyClient' };
  }

  const clientId = deps.ids();
  const userId = deps.ids();
  const now = deps.clock.now().toISOString();
  const { token, item } = newAccountTokenItem(deps, {
    userId,
    purpose: 'verify-email',
    email,
    tokenVersion: 0,
  });
  const { account, accountToken } = deps.db.identity.entities;
  const { clientProfile, phoneLookup } = deps.db.crm.entities;
  try {
    await commitWithEmails(deps, {
      entities: { emailGuard, account, accountToken, clientProfile, phoneLookup },
      writes: (entities) => [
        entities.emailGuard.create({ email, userId, clientId }).commit(),
        entities.account
          .create({
            userId,
            email,
            passwordHash,
            status: 'active',
            clientId,
            locale: person.locale,
            displayName: `${person.firstName} ${person.lastName}`,
            sessionVersion: 0,
            tokenVersion: 0,
            createdAt: now,
          })
          .commit(),
        entities.clientProfile
          .create({
            ...person,
            clientId,
            email,
            userId,
            status: 'active',
            noEmail: false,
            createdAt: now,
            createdBy: 'self',
            version: 0,
          })
          .commit(),
        ...(person.phone ? [entities.phoneLookup.put({ phone: person.phone, clientId }).commit()] : []),
        entities.accountToken.create(item).commit(),
      ],
      emails: [signUpEmail(deps, { ...person, clientId, email }, token)],
    });
  } catch (error) {
    // Lost to a concurrent sign-up with the same address (a double submit): that one made the file.
    if (error instanceof ConflictError || isConditionFailure(error)) {
      const winner = (await emailGuard.get({ email }).go({ consistent: true })).data;
      if (winner) return { outcome: 'checkInbox' };
    }
    throw error;
  }
  return { outcome: 'checkInbox' };
}

async function takeSignUpPlace(deps: SignUpDeps, clientAddress: string): Promise<void> {
  const now = deps.clock.now();
  const subject = throttleSubject('signup-address', clientAddress);
  const window = throttleWindow(subject, now, signUpThrottle.windowSeconds);
  if (!(await takePlace(deps, window, signUpThrottle.perAddress))) {
    throw new TooManyRequestsError(window.retryAt, now);
  }
}

/**
 * The owner of a known address hears about the attempt, at most once an hour: an account still
 * `invited` (created by staff, never activated) gets its invitation again, since it has no
 * password to log in with; any other gets "someone tried to create a file with your address".
 */
async function tellOwner(deps: SignUpDeps, guard: EmailGuard, locale: 'fr' | 'en'): Promise<void> {
  const now = deps.clock.now();
  const window = new Date(Math.floor(now.getTime() / noticeWindowMs) * noticeWindowMs).toISOString();
  const first = await markHandledOnce(deps.db.comms, {
    scope: 'signup-notice',
    // A digest, never the address: erasure (CRM-07) could not find a key holding it.
    key: `${createHash('sha256').update(guard.email, 'utf8').digest('hex')}#${window}`,
    now,
    keepDays: 1,
  });
  if (!first) return;
  const profile = guard.clientId
    ? (await deps.db.crm.entities.clientProfile.get({ clientId: guard.clientId }).go()).data
    : null;
  const account = guard.userId
    ? (await deps.db.identity.entities.account.get({ userId: guard.userId }).go()).data
    : null;
  if (profile && profile.status === 'active' && (!account || account.status === 'invited')) {
    try {
      await inviteClient(deps, { clientId: profile.clientId });
      return;
    } catch (error) {
      if (!(error instanceof AccountAlreadyActiveError)) throw error;
    }
  }
  await commitWithEmails(deps, {
    emails: [
      signUpAttemptEmail(deps, {
        email: guard.email,
        locale: profile?.locale ?? account?.locale ?? locale,
        clientId: profile?.clientId,
        firstName: profile?.firstName,
        salutation: profile?.salutation,
      }),
    ],
  });
}
