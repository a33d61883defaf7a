/**
 * A change to the file's identity, address, phone, e-mail or language (CRM-02 "faire votre
 * changement d'adresse", CRM-05 "faire correction dans le dossier du client"), by the client or by
 * staff. Everything derived from the profile changes in the same transaction: the name and postal
 * index entries (same item), the phone lookup, the e-mail guard — the old one deleted only if it
 * is still this file's, the new one created only if the address is free — and the account's log-in
 * address. The write is conditioned on the version read, so two staff editing the same file
 * cannot silently undo each other.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { ClientProfile } from './client';
import { emailVerificationEmail, newAccountTokenItem } from './client-emails';
import {
  addressSchema,
  clientFieldLimits,
  emailField,
  idField,
  line,
  localeField,
  parseClientInput,
  personFields,
  personName,
  salutationField,
} from './client-input';
import { ClientEmailExistsError } from './create-client-by-staff';

type UpdateDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

const updateInput = z.object({
  clientId: idField,
  /** Who changes it: the client themself (from the session) or a staff member. */
  actor: z.object({ userId: idField, role: z.enum(['client', 'staff']) }),
  /** The `version` of the file as shown to the person; a newer one means someone changed it meanwhile. */
  expectedVersion: z.optional(z.int().check(z.minimum(0))),
  changes: z.object({
    salutation: z.optional(salutationField),
    firstName: z.optional(personName(clientFieldLimits.firstName)),
    lastName: z.optional(personName(clientFieldLimits.lastName)),
    /** `null` removes it (staff only, and only from a file without an account). */
    email: z.optional(z.nullable(emailField)),
    phone: z.optional(z.nullable(line(clientFieldLimits.phone))),
    /** Replaces the whole address. */
    address: z.optional(addressSchema),
    locale: z.optional(localeField),
  }),
});

export type UpdateClientProfileInput = z.input<typeof updateInput>;

export class StaleFileError extends ConflictError {
  constructor() {
    super('stale_file', {
      fr: 'Ce dossier a été modifié entre-temps. Rechargez la page et refaites votre changement.',
      en: 'This file was changed in the meantime. Reload the page and make your change again.',
    });
  }
}

export class EmailUnavailableError extends ConflictError {
  constructor() {
    super('email_unavailable', {
      fr: 'Cette adresse courriel ne peut pas être utilisée.',
      en: 'This e-mail address cannot be used.',
    });
  }
}

export class EmailRequiredError extends ConflictError {
  constructor() {
    super('email_required', {
      fr: 'Ce dossier a un compte : son adresse courriel ne peut pas être retirée, seulement remplacée.',
      en: 'This file has an account: its e-mail address cannot be removed, only replaced.',
    });
  }
}

/** Optional profile attributes a change may remove. */
type Removable = Extract<
  keyof ClientProfile,
  'street' | 'city' | 'region' | 'postalCode' | 'phone' | 'email' | 'emailStatusAt' | 'emailStatusDetail'
>;

const notFound = () => new NotFoundError({ fr: 'Le dossier', en: 'The file' });

/**
 * Applies the changes and returns the file's new version. A new address resets the file's
 * e-mail status (a bounce was about the old one) and the account's verification; when the client
 * changes it themself, a verification link goes to the new address. Errors: `NotFoundError` (no
 * such active file, or not the client's own), `StaleFileError`, `ClientEmailExistsError` (staff:
 * the address is another file's, with its id), `EmailUnavailableError` (client: same, without
 * saying whose), `EmailRequiredError`, `ValidationError` naming the field.
 */
export async function updateClientProfile(
  deps: UpdateDeps,
  input: UpdateClientProfileInput,
): Promise<{ version: number; emailChanged: boolean }> {
  const { clientId, actor, expectedVersion, changes } = parseClientInput(updateInput, input);
  const { clientProfile, phoneLookup } = deps.db.crm.entities;
  const { emailGuard, account, accountToken } = deps.db.identity.entities;
  const current = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
  if (current?.status !== 'active') throw notFound();
  if (actor.role === 'client' && current.userId !== actor.userId) throw notFound();
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw new StaleFileError();

  const person = personFields({
    salutation: changes.salutation ?? current.salutation,
    firstName: changes.firstName ?? current.firstName,
    lastName: changes.lastName ?? current.lastName,
    phone: changes.phone === undefined ? current.phone : (changes.phone ?? undefined),
    address: changes.address ?? {
      street: current.street,
      city: current.city,
      region: current.region,
      postalCode: current.postalCode,
      country: current.country,
    },
    locale: changes.locale ?? current.locale,
  });
  const email =
    changes.email === undefined
      ? current.email
      : changes.email === null
        ? undefined
        : normalizeEmail(changes.email);
  const emailChanged = email !== current.email;
  if (emailChanged && !email && (current.userId || actor.role === 'client')) throw new EmailRequiredError();
  if (emailChanged && email) {
    const taken = (await emailGuard.get({ email }).go({ consistent: true })).data;
    if (taken) {
      if (actor.role === 'staff' && taken.clientId) throw new ClientEmailExistsError(taken.clientId);
      throw new EmailUnavailableError();
    }
  }
  const user = current.userId
    ? (await account.get({ userId: current.userId }).go({ consistent: true })).data
    : null;
  const verification =
    emailChanged && email && user && user.status === 'active' && actor.role === 'client'
      ? newAccountTokenItem(deps, {
          userId: user.userId,
          purpose: 'verify-email',
          email,
          tokenVersion: user.tokenVersion,
        })
      : null;

  const now = deps.clock.now().toISOString();
  const optional = ['street', 'city', 'region', 'postalCode', 'phone'] as const;
  const removed: Removable[] = optional.filter((field) => person[field] === undefined);
  if (emailChanged) removed.push('emailStatusAt', 'emailStatusDetail');
  if (!email) removed.push('email');
  const set = Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined));
  const phoneChanged = person.phone !== current.phone;

  try {
    await commitWithEmails(deps, {
      entities: { clientProfile, phoneLookup, emailGuard, account, accountToken },
      writes: (entities) => [
        entities.clientProfile
          .patch({ clientId })
          .set({
            ...set,
            ...(email ? { email } : {}),
            noEmail: !email,
            ...(emailChanged ? { emailStatus: 'ok' as const } : {}),
            updatedAt: now,
            version: current.version + 1,
          })
          .remove(removed)
          .where((attr, { eq }) => `${eq(attr.version, current.version)} AND ${eq(attr.status, 'active')}`)
          .commit(),
        ...(phoneChanged && current.phone
          ? [entities.phoneLookup.delete({ phone: current.phone, clientId }).commit()]
          : []),
        ...(phoneChanged && person.phone
          ? [entities.phoneLookup.put({ phone: person.phone, clientId }).commit()]
          : []),
        ...(emailChanged && current.email
          ? [
              entities.emailGuard
                .delete({ email: current.email })
                .where((attr, { eq }) => eq(attr.clientId, clientId))
                .commit(),
            ]
          : []),
        ...(emailChanged && email
          ? [entities.emailGuard.create({ email, clientId, userId: current.userId }).commit()]
          : []),
        ...(user
          ? [
              entities.account
                .patch({ userId: user.userId })
                .set({
                  ...(email ? { email } : {}),
                  locale: person.locale,
                  displayName: `${person.firstName} ${person.lastName}`,
                })
                .remove(emailChanged ? ['emailVerifiedAt'] : [])
                .commit(),
            ]
          : []),
        ...(verification ? [entities.accountToken.create(verification.item).commit()] : []),
      ],
      emails:
        verification && email
          ? [emailVerificationEmail(deps, { ...person, clientId, email }, verification.token)]
          : [],
    });
  } catch (error) {
    if (error instanceof ConflictError) {
      const again = (await clientProfile.get({ clientId }).go({ consistent: true })).data;
      if (again?.status !== 'active') throw notFound();
      if (again.version !== current.version) throw new StaleFileError();
      if (email && emailChanged) {
        const taken = (await emailGuard.get({ email }).go({ consistent: true })).data;
        if (taken && taken.clientId !== clientId) {
          if (actor.role === 'staff' && taken.clientId) throw new ClientEmailExistsError(taken.clientId);
          throw new EmailUnavailableError();
        }
      }
    }
    throw error;
  }
  return { version: current.version + 1, emailChanged };
}
