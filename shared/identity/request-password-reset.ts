/**
 * "Mot de passe oublié ?" (ROLE-02..05). The answer on screen is the same whatever the address:
 * the e-mail tells its owner instead. An active account gets a reset link; an invited one gets its
 * invitation again (it has no password to reset); an address with no account gets nothing.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { issueAccountToken } from './account-tokens';

const input = z.object({
  email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email()),
  locale: z.enum(['fr', 'en']),
});

export async function requestPasswordReset(
  deps: Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>,
  request: { email: string; locale: 'fr' | 'en' },
): Promise<void> {
  const { email, locale } = parseInput(input, request);
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
