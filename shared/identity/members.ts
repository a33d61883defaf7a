/**
 * Organizations and their users (ORG-01, ORG-08) and the platform's own roles (ROLE-03..05):
 * staff create an organization with its first member; an organization then invites, changes and
 * removes its own users; staff grant the trainer and staff roles. A person without an account gets
 * an invited one and an e-mail to choose a password; a person who has one gets the role at once.
 * Every change of roles logs the person out everywhere, so sessions (which carry a snapshot of the
 * roles) never keep a role that was taken away. Each change writes its audit entries (PLAT-02) in
 * its own transaction: `role.grant`/`role.revoke` on the person for the platform's roles and role
 * changes, `member.add`/`member.remove` on the organization for its users, `org.create`.
 */
import * as z from 'zod/mini';
import { commitWithEmails } from '../comms/queue-email';
import { normalizeEmail } from '../comms/suppression';
import type { Deps } from '../deps';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { accountTokenLifetimeSeconds } from './account-token';
import { type AuditInput, newAuditEntry } from './audit';
import { type MemberRole, memberRoles, platformOrgId } from './membership';
import { logOutEverywhere } from './sessions';
import { newToken, tokenDigest } from './tokens';

type MemberDeps = Pick<Deps, 'db' | 'queues' | 'clock' | 'ids' | 'log' | 'config'>;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const emailSchema = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());
const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** Accents, case, punctuation and spacing removed: how names sort and compare. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const personInput = z.object({
  email: emailSchema,
  displayName: text(100),
  locale: z._default(z.enum(['fr', 'en']), 'fr'),
});

export class LastOrganizerError extends DomainError {
  constructor() {
    super(
      'last_organizer',
      {
        fr: 'Un organisme doit garder au moins un utilisateur avec le rôle « Organisme ».',
        en: 'An organization must keep at least one user with the "Organisme" role.',
      },
      { status: 409 },
    );
  }
}

/**
 * Gives `role` in `orgId` to the person with this address: an existing account gets the membership
 * (and is logged out everywhere so the new role applies); otherwise an invited account, its e-mail
 * guard, the membership and the invitation link are written with the invitation e-mail in one
 * transaction, so no invited account is ever left without its e-mail.
 */
async function grant(
  deps: MemberDeps,
  input: {
    orgId: string;
    role: MemberRole;
    person: z.output<typeof personInput>;
    actorUserId: string;
    organizationName: string;
  },
  extra: {
    organization?: Parameters<MemberDeps['db']['identity']['entities']['organization']['create']>[0];
  } = {},
): Promise<{ userId: string; invited: boolean }> {
  const audits = (userId: string) =>
    grantAudits(input.orgId, input.role, userId, input.actorUserId, Boolean(extra.organization)).map(
      (entry) => newAuditEntry(deps, entry),
    );
  const { person } = input;
  const email = normalizeEmail(person.email);
  const entities = deps.db.identity.entities;
  const now = deps.clock.now();
  const guard = (await entities.emailGuard.get({ email }).go({ consistent: true })).data;
  const membership = (userId: string) => ({
    userId,
    orgId: input.orgId,
    role: input.role,
    grantedAt: now.toISOString(),
    grantedBy: input.actorUserId,
  });
  if (guard?.userId) {
    const userId = guard.userId;
    await commitWithEmails(deps, {
      entities,
      writes: (joined) => [
        ...(extra.organization ? [joined.organization.create(extra.organization).commit()] : []),
        joined.membership.put(membership(userId)).commit(),
        ...audits(userId).map((entry) => joined.auditEntry.create(entry).commit()),
      ],
      emails: [],
    });
    await logOutEverywhere(deps, { userId });
    return { userId, invited: false };
  }
  const userId = deps.ids();
  const token = newToken();
  const activationUrl = `${deps.config.siteUrl}/${person.locale}/compte/activer?jeton=${token}`;
  await commitWithEmails(deps, {
    entities,
    writes: (joined) => [
      ...(extra.organization ? [joined.organization.create(extra.organization).commit()] : []),
      // A file may already hold the address (a client without account): the guard is then updated.
      guard
        ? joined.emailGuard
            .patch({ email })
            .set({ userId })
            .where(({ userId: owner }, { notExists }) => notExists(owner))
            .commit()
        : joined.emailGuard.create({ email, userId }).commit(),
      joined.account
        .create({
          userId,
          email,
          status: 'invited',
          sessionVersion: 0,
          tokenVersion: 1,
          displayName: person.displayName,
          locale: person.locale,
          clientId: guard?.clientId,
          createdAt: now.toISOString(),
        })
        .commit(),
      joined.membership.create(membership(userId)).commit(),
      ...audits(userId).map((entry) => joined.auditEntry.create(entry).commit()),
      joined.accountToken
        .create({
          tokenDigest: tokenDigest(token),
          purpose: 'invitation',
          userId,
          tokenVersion: 1,
          createdAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + accountTokenLifetimeSeconds.invitation,
        })
        .commit(),
    ],
    emails: [
      {
        templateId: 'member.invitation',
        locale: person.locale,
        to: email,
        data: {
          displayName: person.displayName,
          organizationName: input.organizationName,
          role: input.role,
          activationUrl,
        },
      },
    ],
  });
  return { userId, invited: true };
}

/** What a grant writes in the audit log (see the module comment). */
function grantAudits(
  orgId: string,
  role: MemberRole,
  userId: string,
  actorUserId: string,
  newOrganization: boolean,
): AuditInput[] {
  const entries: AuditInput[] = [];
  if (newOrganization) entries.push({ action: 'org.create', targetId: orgId, actorUserId });
  entries.push(
    orgId === platformOrgId || newOrganization
      ? { action: 'role.grant', targetId: userId, actorUserId, refs: { orgId, role } }
      : { action: 'member.add', targetId: orgId, actorUserId, refs: { userId, role } },
  );
  return entries;
}

const createOrganizationInput = z.object({
  name: text(150),
  contactEmail: z.optional(emailSchema),
  firstMember: personInput,
  actorUserId: idSchema,
});

/** ORG-01: staff create an organization and its first member (role "Organisme"). */
export async function createOrganization(
  deps: MemberDeps,
  input: z.input<typeof createOrganizationInput>,
): Promise<{ orgId: string; userId: string; invited: boolean }> {
  const parsed = parseInput(createOrganizationInput, input);
  const orgId = deps.ids();
  const organization = {
    orgId,
    name: parsed.name,
    nameKey: nameKey(parsed.name) || orgId,
    contactEmail: parsed.contactEmail,
    status: 'active' as const,
    createdAt: deps.clock.now().toISOString(),
    createdBy: parsed.actorUserId,
  };
  const granted = await grant(
    deps,
    {
      orgId,
      role: 'organisme',
      person: parsed.firstMember,
      actorUserId: parsed.actorUserId,
      organizationName: parsed.name,
    },
    { organization },
  );
  return { orgId, ...granted };
}

const addMemberInput = z.object({
  orgId: idSchema,
  role: z.enum(memberRoles),
  person: personInput,
  actorUserId: idSchema,
});

/**
 * ORG-08 (an organization adds its users, as "Organisme" or "Modérateur de clavardage") and
 * ROLE-04/05 (staff add trainers and staff to the platform). Which roles the actor may grant is
 * the web layer's decision, from the session; this refuses only impossible pairs.
 */
export async function addMember(
  deps: MemberDeps,
  input: z.input<typeof addMemberInput>,
): Promise<{ userId: string; invited: boolean }> {
  const parsed = parseInput(addMemberInput, input);
  const platformRole = parsed.role === 'staff' || parsed.role === 'trainer';
  if (platformRole !== (parsed.orgId === platformOrgId)) {
    throw new ConflictError('role_not_in_organization', {
      fr: 'Ce rôle ne peut pas être donné dans cet organisme.',
      en: 'This role cannot be given in this organization.',
    });
  }
  const organizationName = platformRole ? 'Parvis' : (await organizationOrThrow(deps, parsed.orgId)).name;
  return grant(deps, { ...parsed, organizationName });
}

async function organizationOrThrow(deps: Pick<Deps, 'db'>, orgId: string) {
  const organization = (await deps.db.identity.entities.organization.get({ orgId }).go({ consistent: true }))
    .data;
  if (!organization) throw new NotFoundError({ fr: 'L’organisme', en: 'The organization' });
  return organization;
}

/** The users of an organization (or of the platform), with their account's name and address. */
export async function listMembers(
  deps: Pick<Deps, 'db'>,
  input: { orgId: string },
): Promise<
  {
    userId: string;
    role: MemberRole;
    email: string;
    displayName?: string;
    status: string;
    grantedAt: string;
    /** TOTP turned on (staff may reset it, ROLE-05). */
    secondFactor: boolean;
    /** The language of their e-mails. */
    locale: 'fr' | 'en';
  }[]
> {
  const { orgId } = parseInput(z.object({ orgId: idSchema }), input);
  const { membership, account } = deps.db.identity.entities;
  const members = (await membership.query.byOrganization({ orgId }).go({ pages: 'all', hydrate: true })).data;
  if (members.length === 0) return [];
  const accounts = (await account.get(members.map(({ userId }) => ({ userId }))).go()).data;
  const byId = new Map(accounts.map((entry) => [entry.userId, entry]));
  return members
    .flatMap((member) => {
      const owner = byId.get(member.userId);
      if (!owner) return [];
      return [
        {
          userId: member.userId,
          role: member.role,
          email: owner.email,
          displayName: owner.displayName,
          status: owner.status,
          grantedAt: member.grantedAt,
          secondFactor: Boolean(owner.totpEnabledAt),
          locale: owner.locale ?? 'fr',
        },
      ];
    })
    .sort((a, b) => (a.displayName ?? a.email).localeCompare(b.displayName ?? b.email, 'fr'));
}

/**
 * Removes a user from an organization and logs them out everywhere. An organization always keeps
 * one "Organisme" (else nobody could manage it): removing the last one is refused.
 */
export async function removeMember(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { orgId: string; userId: string; actorUserId: string },
) {
  const { orgId, userId, actorUserId } = parseInput(memberChangeInput, input);
  const members = await listMembers(deps, { orgId });
  const target = members.find((member) => member.userId === userId);
  if (!target) throw new NotFoundError({ fr: 'Cet utilisateur', en: 'This user' });
  if (target.role === 'organisme' && orgId !== platformOrgId) {
    const organizers = members.filter((member) => member.role === 'organisme');
    if (organizers.length <= 1) throw new LastOrganizerError();
  }
  const entry: AuditInput =
    orgId === platformOrgId
      ? { action: 'role.revoke', targetId: userId, actorUserId, refs: { orgId, role: target.role } }
      : { action: 'member.remove', targetId: orgId, actorUserId, refs: { userId, role: target.role } };
  const result = await deps.db.identity.transaction
    .write(({ membership, auditEntry }) => [
      membership
        .delete({ userId, orgId })
        .where(({ role }, { eq }) => eq(role, target.role))
        .commit(),
      auditEntry.create(newAuditEntry(deps, entry)).commit(),
    ])
    .go();
  if (result.canceled) throw new MemberChangedError();
  await logOutEverywhere(deps, { userId });
}

/** Changes a member's role within the same organization (ORG-08), with the same last-organizer rule. */
export async function changeMemberRole(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { orgId: string; userId: string; role: 'organisme' | 'moderator'; actorUserId: string },
) {
  const parsed = parseInput(z.extend(memberChangeInput, { role: z.enum(['organisme', 'moderator']) }), input);
  const members = await listMembers(deps, parsed);
  const target = members.find((member) => member.userId === parsed.userId);
  if (!target) throw new NotFoundError({ fr: 'Cet utilisateur', en: 'This user' });
  if (target.role === parsed.role) return;
  if (target.role === 'organisme' && members.filter((m) => m.role === 'organisme').length <= 1) {
    throw new LastOrganizerError();
  }
  const entry: AuditInput = {
    action: 'role.grant',
    targetId: parsed.userId,
    actorUserId: parsed.actorUserId,
    refs: { orgId: parsed.orgId, role: parsed.role },
  };
  const result = await deps.db.identity.transaction
    .write(({ membership, auditEntry }) => [
      membership
        .patch({ userId: parsed.userId, orgId: parsed.orgId })
        .set({ role: parsed.role })
        .where(({ role }, { eq }) => eq(role, target.role))
        .commit(),
      auditEntry.create(newAuditEntry(deps, entry)).commit(),
    ])
    .go();
  if (result.canceled) throw new MemberChangedError();
  await logOutEverywhere(deps, { userId: parsed.userId });
}

const memberChangeInput = z.object({ orgId: idSchema, userId: idSchema, actorUserId: idSchema });

/**
 * A membership change and its audit entry are one transaction, the change conditioned on the role
 * read just before: of two concurrent changes to one member, one is refused.
 */
export class MemberChangedError extends ConflictError {
  constructor() {
    super('member_changed_meanwhile', {
      fr: 'Cet utilisateur a été modifié entre-temps. Rechargez la page et réessayez.',
      en: 'This user was changed in the meantime. Reload the page and try again.',
    });
  }
}

/** Staff's list of organizations, by name. */
export async function listOrganizations(deps: Pick<Deps, 'db'>) {
  const { data } = await deps.db.identity.entities.organization.query
    .byName({})
    .go({ pages: 'all', hydrate: true });
  return data;
}

export async function getOrganization(deps: Pick<Deps, 'db'>, input: { orgId: string }) {
  const { orgId } = parseInput(z.object({ orgId: idSchema }), input);
  return organizationOrThrow(deps, orgId);
}
