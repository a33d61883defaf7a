/**
 * « Restaurer ce client » (CRM-07, seed: "possible seulement si le dossier a été désactivé"): staff
 * put back what a deactivation removed — e-mail, phone, address — and send the « Courriel lors de
 * restauration », whose link lets the client in again and choose their communication preferences:
 * consent starts empty and is asked at the next log-in (CRM-11). Everything is one transaction:
 * the file, a new e-mail guard (created only if the address is free), the phone lookup, a new
 * `invited` account with its link, the e-mail and the audit entry.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { ClientProfile } from './client';
import { newAccountTokenItem, pageUrl } from './client-emails';
import {
  addressSchema,
  clientFieldLimits,
  emailField,
  line,
  localeField,
  parseClientInput,
  personFields,
  salutationField,
} from './client-input';
import { ClientEmailExistsError } from './create-client-by-staff';

type RestoreDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

const restoreInput = z.object({
  clientId: idSchema,
  /** The staff member restoring the file. */
  actorUserId: idSchema,
  email: z.optional(emailField),
  phone: z.optional(line(clientFieldLimits.phone)),
  address: addressSchema,
  locale: localeField,
  /** A deactivation keeps the neutral salutation only; staff may set the client's again. */
  salutation: z.optional(salutationField),
});

export type RestoreClientInput = z.input<typeof restoreInput>;

/** Only a deactivated file can be restored (an active one needs nothing, a deleted one is gone). */
export class NotDeactivatedError extends ConflictError {
  constructor() {
    super('client_not_deactivated', {
      fr: 'Seul un dossier désactivé peut être restauré.',
      en: 'Only a deactivated file can be restored.',
    });
  }
}

/** The address is now an account's log-in (not a client file's): it cannot be this file's. */
export class EmailBelongsToAccountError extends ConflictError {
  constructor() {
    super('email_belongs_to_account', {
      fr: 'Cette adresse courriel appartient maintenant à un autre compte. Demandez au client une autre adresse.',
      en: 'This e-mail address now belongs to another account. Ask the client for another address.',
    });
  }
}

const notFound = () => new NotFoundError({ fr: 'Le dossier', en: 'The file' });

/**
 * Restores a deactivated file. With an address: a new `invited` account and the restoration
 * e-mail, whose link activates it (choose a password, then log in). Errors: `NotFoundError`,
 * `NotDeactivatedError`, `ClientEmailExistsError` (the address is another file's, with its id),
 * `EmailBelongsToAccountError`, `ValidationError` naming the field.
 */
export async function restoreClient(
  deps: RestoreDeps,
  input: RestoreClientInput,
): Promise<{ clientId: string; userId?: string; messageId?: string }> {
  const parsed = parseClientInput(restoreInput, input);
  const { clientId } = parsed;
  const { clientProfile, phoneLookup } = deps.db.crm.entities;
  const { emailGuard, account, accountToken, auditEntry } = deps.db.identity.entities;
  const current = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (!current) throw notFound();
  if (current.status !== 'deactivated') throw new NotDeactivatedError();

  const person = personFields({
    salutation: parsed.salutation ?? current.salutation,
    firstName: current.firstName,
    lastName: current.lastName,
    phone: parsed.phone,
    address: parsed.address,
    locale: parsed.locale,
  });
  const email = parsed.email ? normalizeEmail(parsed.email) : undefined;
  if (email) await assertEmailFree(deps, email, clientId);

  const now = deps.clock.now().toISOString();
  const userId = email ? deps.ids() : undefined;
  const invitation = userId
    ? newAccountTokenItem(deps, { userId, purpose: 'invitation', tokenVersion: 1 })
    : null;
  // Replaced whole from what was kept plus what staff typed: consent stays unknown and unasked.
  const restored: ClientProfile = {
    ...person,
    clientId,
    ...(email ? { email } : {}),
    ...(userId ? { userId } : {}),
    status: 'active',
    noEmail: !email,
    consentEmail: 'unknown',
    consentPhone: 'unknown',
    consentMail: 'unknown',
    emailStatus: 'ok',
    hasTrainerNote: false,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    updatedAt: now,
    version: current.version + 1,
  };
  const entry = newAuditEntry(deps, {
    action: 'client.restore',
    targetId: clientId,
    actorUserId: parsed.actorUserId,
    ...(userId ? { refs: { userId } } : {}),
  });

  try {
    const { messageIds } = await commitWithEmails(deps, {
      entities: { clientProfile, phoneLookup, emailGuard, account, accountToken, auditEntry },
      writes: (entities) => [
        entities.clientProfile
          .put(restored)
          .where(
            ({ status, version }, { eq }) =>
              `${eq(status, 'deactivated')} AND ${eq(version, current.version)}`,
          )
          .commit(),
        ...(person.phone ? [entities.phoneLookup.put({ phone: person.phone, clientId }).commit()] : []),
        ...(email && userId && invitation
          ? [
              entities.emailGuard.create({ email, clientId, userId }).commit(),
              entities.account
                .create({
                  userId,
                  email,
                  status: 'invited',
                  clientId,
                  locale: person.locale,
                  displayName: `${person.firstName} ${person.lastName}`,
                  sessionVersion: 0,
                  tokenVersion: 1,
                  createdAt: now,
                })
                .commit(),
              entities.accountToken.create(invitation.item).commit(),
            ]
          : []),
        entities.auditEntry.create(entry).commit(),
      ],
      emails:
        email && invitation
          ? [
              {
                templateId: 'client.restoration',
                locale: person.locale,
                to: email,
                recipientId: clientId,
                data: {
                  firstName: person.firstName,
                  salutation: person.salutation,
                  fileUrl: pageUrl(deps, person.locale, 'activate', invitation.token),
                },
              },
            ]
          : [],
    });
    deps.log.info('client restored', { clientId, withAccount: Boolean(userId) });
    return {
      clientId,
      ...(userId ? { userId } : {}),
      ...(messageIds[0] ? { messageId: messageIds[0] } : {}),
    };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Which condition failed: the address taken meanwhile, or the file restored or changed meanwhile.
    if (email) await assertEmailFree(deps, email, clientId);
    const again = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
    if (!again) throw notFound();
    if (again.status !== 'deactivated') throw new NotDeactivatedError();
    throw error;
  }
}

/** The guard of the address must not exist: a deactivation removed this file's own. */
async function assertEmailFree(deps: Pick<Deps, 'db'>, email: string, clientId: string): Promise<void> {
  const guard = (await deps.db.identity.entities.emailGuard.get({ email }).go({ consistent: true })).data;
  if (!guard) return;
  if (guard.clientId && guard.clientId !== clientId) throw new ClientEmailExistsError(guard.clientId);
  if (!guard.clientId) throw new EmailBelongsToAccountError();
}
