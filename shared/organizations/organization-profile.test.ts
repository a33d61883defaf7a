import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { listOrganizations } from '../identity/members';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import {
  getOrganizationProfile,
  OrganizationChangedError,
  RenameStaffOnlyError,
  updateOrganizationProfile,
} from './organization-profile';

/** ORG-03: the organization's profile, against DynamoDB Local. */
const clock = fixedClock('2026-12-02T15:00:00.000Z');
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('org-profile', clock);
});

const member = { userId: 'member-1', staff: false };
const staff = { userId: 'staff-1', staff: true };

/** An organization as staff create it (ORG-01): a name and a contact address, no profile yet. */
async function organization(name = `Théâtre ${ulid()}`) {
  const orgId = ulid();
  await bed.deps.db.identity.entities.organization
    .create({
      orgId,
      name,
      nameKey: name.toLowerCase(),
      contactEmail: 'equipe@theatre.example',
      status: 'active',
      createdAt: clock.now().toISOString(),
      createdBy: 'staff-1',
    })
    .go();
  return orgId;
}

const full = {
  contactEmail: 'Direction@Theatre.example',
  description: 'Diffuseur de théâtre <b>jeune public</b>\r\ndepuis 1985.',
  websiteUrl: 'https://theatre.example/',
  publicEmail: 'billets@theatre.example',
  phone: '418 555-0100 poste 12',
  street: '12, rue Saint-Germain Est',
  city: 'Rimouski',
  postalCode: 'G5L 1A1',
  facebookUrl: 'https://www.facebook.com/theatre.example',
  instagramUrl: 'http://instagram.com/theatre.example',
};

describe('ORG-03 the organization edits its profile', () => {
  it('ORG-03 a profile never edited reads at version 0 with what staff set up', async () => {
    const orgId = await organization('Musée de la Mer');
    expect(await getOrganizationProfile(bed.deps, { orgId })).toMatchObject({
      orgId,
      name: 'Musée de la Mer',
      contactEmail: 'equipe@theatre.example',
      status: 'active',
      version: 0,
    });
  });

  it('ORG-03 saves every detail as typed text (markup stays text), then removes the ones left empty', async () => {
    const orgId = await organization();
    expect(
      await updateOrganizationProfile(bed.deps, { orgId, actor: member, expectedVersion: 0, profile: full }),
    ).toEqual({
      version: 1,
    });
    const saved = await getOrganizationProfile(bed.deps, { orgId });
    expect(saved).toMatchObject({
      ...full,
      contactEmail: 'direction@theatre.example',
      description: 'Diffuseur de théâtre <b>jeune public</b>\ndepuis 1985.',
      version: 1,
      updatedAt: clock.now().toISOString(),
    });
    const item = await bed.item(`ORG#${orgId}`, 'ORG');
    expect(item?.updatedBy).toBe('member-1');

    await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: member,
      expectedVersion: 1,
      profile: { websiteUrl: 'https://theatre.example/' },
    });
    const after = await bed.item(`ORG#${orgId}`, 'ORG');
    expect(after).toMatchObject({ websiteUrl: 'https://theatre.example/', version: 2 });
    for (const gone of ['contactEmail', 'description', 'phone', 'facebookUrl', 'street']) {
      expect(after).not.toHaveProperty(gone);
    }
  });

  it.each([
    ['websiteUrl', 'javascript:alert(1)'],
    ['websiteUrl', 'ftp://theatre.example/'],
    ['facebookUrl', 'facebook.com/theatre'],
    ['instagramUrl', 'data:text/html,<script>alert(1)</script>'],
    ['publicEmail', 'pas-une-adresse'],
    ['phone', 'appelez-nous'],
    ['phone', '555'],
    ['description', 'x'.repeat(2001)],
    ['city', 'Rimouski\u0000'],
  ])('ORG-03 refuses %s = %j, naming the field, and writes nothing', async (field, value) => {
    const orgId = await organization();
    const failure = await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: member,
      expectedVersion: 0,
      profile: { [field]: value },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).issues.map((issue) => issue.path)).toEqual([`profile.${field}`]);
    expect((await getOrganizationProfile(bed.deps, { orgId })).version).toBe(0);
  });

  it('ORG-03 of two editors who loaded the same version, the second is refused with what the first saved', async () => {
    const orgId = await organization();
    await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: member,
      expectedVersion: 0,
      profile: { city: 'Rimouski', phone: '418 555-0100' },
    });
    const failure = await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: staff,
      expectedVersion: 0,
      profile: { city: 'Matane' },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OrganizationChangedError);
    expect((failure as OrganizationChangedError).current).toMatchObject({
      city: 'Rimouski',
      phone: '418 555-0100',
      version: 1,
    });
    expect(await getOrganizationProfile(bed.deps, { orgId })).toMatchObject({ city: 'Rimouski', version: 1 });
  });

  it('ORG-03 two saves racing on the same version: the condition lets exactly one through', async () => {
    const orgId = await organization();
    const save = (city: string) =>
      updateOrganizationProfile(bed.deps, { orgId, actor: member, expectedVersion: 0, profile: { city } });
    const results = await Promise.allSettled([
      save('Rimouski'),
      save('Matane'),
      save('Amqui'),
      save('Mont-Joli'),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(3);
    for (const reason of lost) expect(reason).toBeInstanceOf(OrganizationChangedError);
    expect((await getOrganizationProfile(bed.deps, { orgId })).version).toBe(1);
  });

  it('ORG-03 only staff rename an organization; the list of organizations follows the new name', async () => {
    const name = `Zeta ${ulid()}`;
    const orgId = await organization(name);
    // The same name from the organization's form changes nothing.
    await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: member,
      expectedVersion: 0,
      name,
      profile: {},
    });
    await expect(
      updateOrganizationProfile(bed.deps, {
        orgId,
        actor: member,
        expectedVersion: 1,
        name: 'Autre nom',
        profile: {},
      }),
    ).rejects.toBeInstanceOf(RenameStaffOnlyError);
    await updateOrganizationProfile(bed.deps, {
      orgId,
      actor: staff,
      expectedVersion: 1,
      name: 'Aaa Théâtre renommé',
      profile: {},
    });
    const organizations = await listOrganizations(bed.deps);
    expect(organizations.find((entry) => entry.orgId === orgId)).toMatchObject({
      name: 'Aaa Théâtre renommé',
      nameKey: 'aaa theatre renomme',
    });
    expect(organizations[0]?.orgId).toBe(orgId);
  });

  it('ORG-03 an unknown organization is not found, and nothing is created for it', async () => {
    const orgId = ulid();
    await expect(
      updateOrganizationProfile(bed.deps, {
        orgId,
        actor: member,
        expectedVersion: 0,
        profile: { city: 'Rimouski' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await bed.item(`ORG#${orgId}`, 'ORG')).toBeUndefined();
  });
});
