/**
 * « Invitation au portail » (CRM-01, seed: "Quoi faire si un client demande d'avoir accès à son
 * dossier ?"): the file's address gets a link to activate its account and choose a password. A
 * file without an account (created before invitations, or imported) gets an `invited` account in
 * the same transaction as the e-mail.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import type { Deps } from '../deps';
import { issueAccountToken } from '../identity/account-tokens';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { invitationEmail, newAccountTokenItem } from './client-emails';
import { idField, parseClientInput } from './client-input';

type InviteDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

export class AccountAlreadyActiveError extends ConflictError {
  constructor() {
    super('account_already_active', {
      fr: 'Ce client a déjà activé son dossier : il peut se connecter ou demander un nouveau mot de passe.',
      en: 'This client has already activated their file: they can log in or ask for a new password.',
    });
  }
}

export class NoEmailError extends ConflictError {
  constructor() {
    super('client_has_no_email', {
      fr: 'Ce dossier n’a pas d’adresse courriel. Ajoutez-la d’abord.',
      en: 'This file has no e-mail address. Add it first.',
    });
  }
}

const inviteInput = z.object({ clientId: idField });

/**
 * Sends a new invitation to the file's address; older invitation links stop working (the account's
 * `tokenVersion`, shared/identity/account-tokens.ts). `AccountAlreadyActiveError` once the client
 * has a password; `NoEmailError` for a file without an address.
 */
export async function inviteClient(
  deps: InviteDeps,
  input: { clientId: string },
): Promise<{ userId: string; messageId: string }> {
  const { clientId } = parseClientInput(inviteInput, input);
  const profile = (await deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (profile?.status !== 'active') throw new NotFoundError({ fr: 'Le dossier', en: 'The file' });
  const email = profile.email;
  if (!email) throw new NoEmailError();
  const person = { ...profile, email };

  if (profile.userId) {
    const account = (
      await deps.db.identity.entities.account.get({ userId: profile.userId }).go({ consistent: true })
    ).data;
    if (account && account.status !== 'invited') throw new AccountAlreadyActiveError();
    if (account) {
      const { token } = await issueAccountToken(deps, { userId: account.userId, purpose: 'invitation' });
      const { messageIds } = await commitWithEmails(deps, { emails: [invitationEmail(deps, person, token)] });
      return { userId: account.userId, messageId: messageIds[0] ?? '' };
    }
  }

  // No account yet: create it invited, and link it to the guard and the file, all or nothing.
  const userId = deps.ids();
  const { token, item } = newAccountTokenItem(deps, { userId, purpose: 'invitation', tokenVersion: 1 });
  const { account, emailGuard, accountToken } = deps.db.identity.entities;
  const { clientProfile } = deps.db.crm.entities;
  const now = deps.clock.now().toISOString();
  const { messageIds } = await commitWithEmails(deps, {
    entities: { account, emailGuard, accountToken, clientProfile },
    writes: (entities) => [
      entities.account
        .create({
          userId,
          email,
          status: 'invited',
          clientId,
          locale: profile.locale,
          displayName: `${profile.firstName} ${profile.lastName}`,
          sessionVersion: 0,
          tokenVersion: 1,
          createdAt: now,
        })
        .commit(),
      entities.emailGuard
        .patch({ email })
        .set({ userId })
        .where((attr, { eq, notExists }) => `${eq(attr.clientId, clientId)} AND ${notExists(attr.userId)}`)
        .commit(),
      entities.clientProfile
        .patch({ clientId })
        .set({ userId })
        .where((attr, { eq, notExists }) => `${eq(attr.email, email)} AND ${notExists(attr.userId)}`)
        .commit(),
      entities.accountToken.create(item).commit(),
    ],
    emails: [invitationEmail(deps, person, token)],
  });
  return { userId, messageId: messageIds[0] ?? '' };
}
