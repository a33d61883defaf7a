import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { ConflictError, ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import { activateAccount, InvalidLinkError } from './account-tokens';
import { listAudit } from './audit';
import { createAccount, logIn } from './log-in';
import {
  addMember,
  changeMemberRole,
  createOrganization,
  LastOrganizerError,
  listMembers,
  listOrganizations,
  MemberChangedError,
  removeMember,
} from './members';
import { platformOrgId } from './membership';
import { resolveSession } from './sessions';

/** Organizations and their users (ORG-01, ORG-08) and platform roles, against DynamoDB Local. */
const clock = fixedClock('2026-11-24T15:00:00.000Z');
const password = 'correct horse battery staple';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('members', clock);
  deps = bed.deps;
});

const email = () => `member+${ulid().toLowerCase()}@example.org`;
const address = () => `192.0.2.1-${ulid()}`;

/** The invitation link in the queued message (the outbox item) for an address. */
async function invitationToken(to: string): Promise<string> {
  const messages = await bed.deps.db.comms.entities.outboundMessage.scan
    .where(({ to: recipient }, { eq }) => eq(recipient, to))
    .go({ pages: 'all' });
  const url = String((messages.data.at(-1)?.data as { activationUrl?: string } | undefined)?.activationUrl);
  return new URL(url).searchParams.get('jeton') ?? '';
}

describe('ORG-01 staff create an organization and its first member', () => {
  it('ORG-01 a new person gets an invited account, the "Organisme" role and an invitation to choose a password', async () => {
    const first = email();
    const created = await createOrganization(deps, {
      name: 'Théâtre du Vieux-Port',
      firstMember: { email: first, displayName: 'Hélène Tremblay', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    expect(created.invited).toBe(true);
    expect((await listOrganizations(deps)).map((o) => o.name)).toContain('Théâtre du Vieux-Port');
    expect(await listMembers(deps, { orgId: created.orgId })).toMatchObject([
      { userId: created.userId, role: 'organisme', email: first, status: 'invited' },
    ]);
    // No password yet: log-in fails like any wrong password.
    await expect(logIn(deps, { email: first, password, address: address() })).rejects.toThrow();

    const token = await invitationToken(first);
    await activateAccount(deps, { token, newPassword: password });
    const session = await logIn(deps, { email: first, password, address: address() });
    expect(session.session.roles).toEqual([{ orgId: created.orgId, role: 'organisme' }]);
    // The link worked once.
    await expect(activateAccount(deps, { token, newPassword: password })).rejects.toBeInstanceOf(
      InvalidLinkError,
    );
  });

  it('ORG-01 a person who already has an account gets the role at once, and their sessions end so it applies', async () => {
    const existing = email();
    await createAccount(deps, { email: existing, password });
    const before = await logIn(deps, { email: existing, password, address: address() });
    const created = await createOrganization(deps, {
      name: 'Musée de la Mer',
      firstMember: { email: existing, displayName: 'Paul', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    expect(created.invited).toBe(false);
    expect(await resolveSession(deps, { token: before.token })).toBeUndefined();
    const after = await logIn(deps, { email: existing, password, address: address() });
    expect(after.session.roles).toEqual([{ orgId: created.orgId, role: 'organisme' }]);
  });

  it('ORG-01 bad input is refused with a clear error and writes nothing', async () => {
    const before = (await listOrganizations(deps)).length;
    await expect(
      createOrganization(deps, {
        name: '',
        firstMember: { email: 'not-an-address', displayName: 'x', locale: 'fr' },
        actorUserId: 'staff-1',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      createOrganization(deps, {
        name: 'x'.repeat(10_000),
        firstMember: { email: email(), displayName: 'x', locale: 'fr' },
        actorUserId: 'staff-1',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await listOrganizations(deps)).length).toBe(before);
  });
});

describe('ORG-08 an organization manages its own users', () => {
  it('ORG-08 adds a chat moderator, changes roles, removes users, never the last "Organisme"', async () => {
    const { orgId, userId: owner } = await createOrganization(deps, {
      name: `Festival ${ulid()}`,
      firstMember: { email: email(), displayName: 'Owner', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    const moderator = await addMember(deps, {
      orgId,
      role: 'moderator',
      person: { email: email(), displayName: 'Modo', locale: 'en' },
      actorUserId: owner,
    });
    expect((await listMembers(deps, { orgId })).map((m) => m.role).sort()).toEqual([
      'moderator',
      'organisme',
    ]);

    const actorUserId = owner;
    await expect(removeMember(deps, { orgId, userId: owner, actorUserId })).rejects.toBeInstanceOf(
      LastOrganizerError,
    );
    await expect(
      changeMemberRole(deps, { orgId, userId: owner, role: 'moderator', actorUserId }),
    ).rejects.toBeInstanceOf(LastOrganizerError);
    await changeMemberRole(deps, { orgId, userId: moderator.userId, role: 'organisme', actorUserId });
    await removeMember(deps, { orgId, userId: owner, actorUserId: moderator.userId });
    expect(await listMembers(deps, { orgId })).toMatchObject([
      { userId: moderator.userId, role: 'organisme' },
    ]);
    // PLAT-02: each change wrote its entry with it; the refused ones wrote none.
    const onOrg = await listAudit(deps, { by: 'target', targetType: 'ORG', targetId: orgId });
    expect(onOrg.entries.map((entry) => [entry.action, entry.actorUserId, entry.refs?.userId])).toEqual([
      ['member.remove', moderator.userId, owner],
      ['member.add', owner, moderator.userId],
      ['org.create', 'staff-1', undefined],
    ]);
    const onModerator = await listAudit(deps, {
      by: 'target',
      targetType: 'USER',
      targetId: moderator.userId,
    });
    expect(onModerator.entries.map((entry) => [entry.action, entry.refs?.role])).toEqual([
      ['role.grant', 'organisme'],
    ]);
  });

  it('ORG-08 PLAT-02 two changes of one member at once: one applies with its audit entry, the other is refused', async () => {
    const { orgId, userId: owner } = await createOrganization(deps, {
      name: `Théâtre ${ulid()}`,
      firstMember: { email: email(), displayName: 'Owner', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    const second = await addMember(deps, {
      orgId,
      role: 'moderator',
      person: { email: email(), displayName: 'Deux', locale: 'fr' },
      actorUserId: owner,
    });
    const outcomes = await Promise.allSettled([
      changeMemberRole(deps, { orgId, userId: second.userId, role: 'organisme', actorUserId: owner }),
      removeMember(deps, { orgId, userId: second.userId, actorUserId: owner }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(MemberChangedError);
    const user = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: second.userId });
    const org = await listAudit(deps, { by: 'target', targetType: 'ORG', targetId: orgId });
    const changes = [...user.entries, ...org.entries].filter((entry) =>
      ['role.grant', 'member.remove'].includes(entry.action),
    );
    expect(changes).toHaveLength(1);
  });

  it('ORG-08 platform roles only in the platform, organization roles only in an organization', async () => {
    const { orgId, userId } = await createOrganization(deps, {
      name: `Galerie ${ulid()}`,
      firstMember: { email: email(), displayName: 'Owner', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    await expect(
      addMember(deps, {
        orgId,
        role: 'staff',
        person: { email: email(), displayName: 'x', locale: 'fr' },
        actorUserId: userId,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      addMember(deps, {
        orgId: platformOrgId,
        role: 'organisme',
        person: { email: email(), displayName: 'x', locale: 'fr' },
        actorUserId: 'staff-1',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const trainer = await addMember(deps, {
      orgId: platformOrgId,
      role: 'trainer',
      person: { email: email(), displayName: 'Formatrice', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    expect(trainer.invited).toBe(true);
  });

  it('ORG-08 removing a user ends their sessions at once', async () => {
    const { orgId } = await createOrganization(deps, {
      name: `Salle ${ulid()}`,
      firstMember: { email: email(), displayName: 'Owner', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    const address2 = email();
    await createAccount(deps, { email: address2, password });
    const added = await addMember(deps, {
      orgId,
      role: 'moderator',
      person: { email: address2, displayName: 'Second', locale: 'fr' },
      actorUserId: 'staff-1',
    });
    const session = await logIn(deps, { email: address2, password, address: address() });
    expect(session.session.roles).toEqual([{ orgId, role: 'moderator' }]);
    await removeMember(deps, { orgId, userId: added.userId, actorUserId: 'staff-1' });
    expect(await resolveSession(deps, { token: session.token })).toBeUndefined();
    const next = await logIn(deps, { email: address2, password, address: address() });
    expect(next.session.roles).toEqual([]);
  });
});
