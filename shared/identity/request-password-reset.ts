/**
 * "Mot de passe oublié ?" (ROLE-02..05). The answer on screen is the same whatever the address:
 * the e-mail tells its owner instead. An active account gets a reset link; an invited one gets its
 * invitation again (it has no password to reset); an address with no account gets nothing.
 * Requests are limited per client address (`resetThrottle`), before anything is looked up.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { issueAccountToken } from './account-tokens';
import { TooManyRequestsError, takePlace, throttleSubject, throttleWindow } from './login-throttle';

/**
 * Requests per client address (IP) in fixed windows of 15 minutes, every request counted whatever
 * the address typed and whether it has an account (the answer is the same, so the count must be
 * too). A person asks for one link, perhaps again when the first is slow to come: 10 leaves room
 * for a household or a school's shared connection, while one machine can no longer have Parvis
 * send a stream of reset e-mails (each one is a real message to a real inbox, and each costs
 * sending reputation). The window is log-in's, so someone locked out of log-in for 15 minutes is
 * not locked out of this page for longer.
 */
export const resetThrottle = { windowSeconds: 15 * 60, perAddress: 10 } as const;

const input = z.object({
  email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email()),
  locale: z.enum(['fr', 'en']),
  /**
   * The client's IP address, as the web server sees it (`event.getClientAddress()`). The public
   * page always passes it; only in-process callers (tests, scripts) may leave it out, unthrottled.
   */
  address: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

/**
 * Sends the link (or the invitation again), or nothing; `TooManyRequestsError` (with `retryAt`)
 * when the client address has used up its window, before any look-up: nothing is read, written
 * or sent then. A malformed e-mail address is refused first and does not count.
 */
export async function requestPasswordReset(
  deps: Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>,
  request: { email: string; locale: 'fr' | 'en'; address?: string },
): Promise<void> {
  const { email, locale, address: client } = parseInput(input, request);
  if (client !== undefined) {
    const now = deps.clock.now();
    const window = throttleWindow(throttleSubject('reset-address', client), now, resetThrottle.windowSeconds);
    if (!(await takePlace(deps, window, resetThrottle.perAddress))) {
      throw new TooManyRequestsError(window.retryAt, now);
    }
  }
  const address = normalizeEmail(email);
  const { emailGuard, account: accounts } = deps.db.identity.entities;
  const guard = (await emailGuard.get({ email: address }).go({ consistent: true })).data;
  const account = guard?.userId
    ? (await accounts.get({ userId: guard.userId }).go({ consistent: true })).data
    : null;
  if (!account || account.status === 'disabled') return;
  const language = account.locale ?? locale;
  if (account.status === 'invited') {
    const { token } = await issueAccountToken(deps, { userId: account.userId, purpose: 'invitation' });
    await commitWithEmails(deps, {
      emails: [
        {
          templateId: 'member.invitation',
          locale: language,
          to: address,
          recipientId: account.clientId,
          data: {
            displayName: account.displayName ?? address,
            organizationName: 'Parvis',
            role: 'client',
            activationUrl: `${deps.config.siteUrl}/${language}/compte/activer?jeton=${token}`,
          },
        },
      ],
    });
    return;
  }
  const { token } = await issueAccountToken(deps, { userId: account.userId, purpose: 'reset-password' });
  await commitWithEmails(deps, {
    emails: [
      {
        templateId: 'account.passwordReset',
        locale: language,
        to: address,
        recipientId: account.clientId,
        data: { resetUrl: `${deps.config.siteUrl}/${language}/compte/reinitialiser?jeton=${token}` },
      },
    ],
  });
}
