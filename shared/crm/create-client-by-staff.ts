/**
 * Staff create a file (CRM-01, CRM-04), with or without an e-mail address. With one, the file gets
 * an `invited` account (no password) and the « invitation au portail » e-mail whose link activates
 * it (shared/identity/account-tokens.ts `activateAccount`), all in one transaction with the e-mail
 * guard: a file exists with its invitation or not at all. Without one, the file is flagged
 * `noEmail` and found again by phone (CRM-04: organizers call these clients).
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { ConflictError } from '../kernel/errors';
import { invitationEmail, newAccountTokenItem } from './client-emails';
import { emailField, idField, parseClientInput, personFields, personSchema } from './client-input';
import { type ClientSummary, toSummary } from './client-views';
import { findNamePostalMatches } from './search-clients';

type CreateDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

/** The address already belongs to a file: staff are shown that file instead. */
export class ClientEmailExistsError extends ConflictError {
  constructor(readonly existingClientId: string) {
    super('client_email_exists', {
      fr: 'Un dossier existe déjà avec cette adresse courriel.',
      en: 'A file already exists with this e-mail address.',
    });
  }
}

const createInput = z.extend(personSchema, {
  /** The staff member creating the file. */
  actorUserId: idField,
  email: z.optional(emailField),
  /** Staff saw the possible duplicates and create the file anyway. */
  confirmDuplicate: z._default(z.boolean(), false),
  /** With an address: send the invitation now (default). Without it, `inviteClient` sends it later. */
  sendInvitation: z._default(z.boolean(), true),
});

export type CreateClientByStaffInput = z.input<typeof createInput>;

export type CreateClientByStaffResult =
  | { outcome: 'created'; clientId: string; userId?: string; messageId?: string }
  /** Same last name, first name and postal code as these files: confirm with `confirmDuplicate`. */
  | { outcome: 'possibleDuplicate'; matches: ClientSummary[] };

/**
 * Creates the file, or answers `possibleDuplicate` (nothing written) when files with the same
 * names and postal code exist and staff did not confirm. `ClientEmailExistsError` (with the
 * existing file's id) when the address belongs to a file. An address that belongs to an account
 * without a file (an organizer's, say) is linked: the file joins that account, no invitation.
 */
export async function createClientByStaff(
  deps: CreateDeps,
  input: CreateClientByStaffInput,
): Promise<CreateClientByStaffResult> {
  const parsed = parseClientInput(createInput, input);
  const person = personFields(parsed);
  const email = parsed.email ? normalizeEmail(parsed.email) : undefined;
  const { emailGuard, account, accountToken, auditEntry } = deps.db.identity.entities;
  const { clientProfile, phoneLookup } = deps.db.crm.entities;

  const known = email ? (await emailGuard.get({ email }).go({ consistent: true })).data : null;
  if (known?.clientId) throw new ClientEmailExistsError(known.clientId);

  if (!parsed.confirmDuplicate) {
    const matches = await findNamePostalMatches(deps, person);
    if (matches.length > 0) return { outcome: 'possibleDuplicate', matches: matches.map(toSummary) };
  }

  const clientId = deps.ids();
  const now = deps.clock.now().toISOString();
  const existingUserId = known?.userId;
  const userId = email && !existingUserId && parsed.sendInvitation ? deps.ids() : undefined;
  const invitation = userId
    ? newAccountTokenItem(deps, { userId, purpose: 'invitation', tokenVersion: 1 })
    : null;
  const profile = {
    ...person,
    clientId,
    email,
    userId: existingUserId ?? userId,
    status: 'active' as const,
    noEmail: !email,
    createdAt: now,
    createdBy: parsed.actorUserId,
    version: 0,
  };

  const { messageIds } = await commitWithEmails(deps, {
    entities: { emailGuard, account, accountToken, auditEntry, clientProfile, phoneLookup },
    writes: (entities) => [
      entities.clientProfile.create(profile).commit(),
      // PLAT-02: the file's creation is audited with it.
      entities.auditEntry
        .create(
          newAuditEntry(deps, {
            action: 'client.create',
            targetId: clientId,
            actorUserId: parsed.actorUserId,
          }),
        )
        .commit(),
      ...(person.phone ? [entities.phoneLookup.put({ phone: person.phone, clientId }).commit()] : []),
      ...(email && existingUserId
        ? [
            entities.emailGuard
              .patch({ email })
              .set({ clientId })
              .where(
                (attr, { eq, notExists }) =>
                  `${eq(attr.userId, existingUserId)} AND ${notExists(attr.clientId)}`,
              )
              .commit(),
            entities.account
              .patch({ userId: existingUserId })
              .set({ clientId })
              .where((attr, { notExists }) => notExists(attr.clientId))
              .commit(),
          ]
        : []),
      ...(email && !existingUserId ? [entities.emailGuard.create({ email, clientId, userId }).commit()] : []),
      ...(userId && email && invitation
        ? [
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
    ],
    emails:
      email && invitation ? [invitationEmail(deps, { ...person, clientId, email }, invitation.token)] : [],
  }).catch(async (error: unknown) => {
    // Another file took the address in the meantime: same answer as if it had been there first.
    if (email && error instanceof ConflictError) {
      const now = (await emailGuard.get({ email }).go({ consistent: true })).data;
      if (now?.clientId && now.clientId !== clientId) throw new ClientEmailExistsError(now.clientId);
    }
    throw error;
  });
  return {
    outcome: 'created',
    clientId,
    ...(profile.userId ? { userId: profile.userId } : {}),
    ...(messageIds[0] ? { messageId: messageIds[0] } : {}),
  };
}
