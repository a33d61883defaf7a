import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { StaffOnlyError } from '../calendar/errors';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import {
  CheckboxChangedError,
  CheckboxWithdrawnError,
  checkboxLimits,
  createCustomCheckbox,
  listCustomCheckboxes,
  offeredCustomCheckboxes,
  TooManyCheckboxesError,
  updateCustomCheckbox,
  withdrawCustomCheckbox,
} from './custom-checkboxes';

/** ORG-09, TIX-05: custom checkboxes per organization, against DynamoDB Local. */
const clock = fixedClock('2026-12-02T15:00:00.000Z');
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('org-checkboxes', clock);
});

const staff = { userId: 'staff-1', staff: true };
const member = { userId: 'member-1', staff: false };

async function organization() {
  const orgId = ulid();
  await bed.deps.db.identity.entities.organization
    .create({
      orgId,
      name: `Festival ${orgId}`,
      nameKey: `festival ${orgId.toLowerCase()}`,
      status: 'active',
      createdAt: clock.now().toISOString(),
      createdBy: 'staff-1',
    })
    .go();
  return orgId;
}

const newsletter = { labelFr: 'Je veux recevoir l’infolettre', labelEn: 'I want the newsletter' };
const tshirt = {
  labelFr: 'Ajouter le t-shirt du festival',
  labelEn: 'Add the festival T-shirt',
  priceCents: 2000,
  taxes: 'added' as const,
  position: 2,
};

describe('ORG-09 TIX-05 staff manage an organization’s custom checkboxes', () => {
  it('ORG-09 TIX-05 staff add a free and a priced box; checkout is offered the active ones in order', async () => {
    const orgId = await organization();
    const free = await createCustomCheckbox(bed.deps, {
      actor: staff,
      orgId,
      fields: { ...newsletter, position: 1 },
    });
    const priced = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: tshirt });
    expect(free.version).toBe(1);
    const item = await bed.item(`ORG#${orgId}`, `CHECKBOX#${priced.checkboxId}`);
    expect(item).toMatchObject({
      labelFr: tshirt.labelFr,
      priceCents: 2000,
      currency: 'CAD',
      taxes: 'added',
      status: 'active',
      createdBy: 'staff-1',
    });
    const offered = await offeredCustomCheckboxes(bed.deps, { orgId });
    expect(offered.map((box) => box.checkboxId)).toEqual([free.checkboxId, priced.checkboxId]);
    expect(offered[0]?.priceCents).toBeUndefined();
    // Another organization has none of them.
    expect(await listCustomCheckboxes(bed.deps, { orgId: await organization() })).toEqual([]);
  });

  it('ORG-09 ROLE-06 only staff manage them', async () => {
    const orgId = await organization();
    await expect(
      createCustomCheckbox(bed.deps, { actor: member, orgId, fields: newsletter }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    const { checkboxId } = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: newsletter });
    await expect(
      updateCustomCheckbox(bed.deps, {
        actor: member,
        orgId,
        checkboxId,
        expectedVersion: 1,
        fields: newsletter,
      }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(
      withdrawCustomCheckbox(bed.deps, { actor: member, orgId, checkboxId }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    expect((await listCustomCheckboxes(bed.deps, { orgId }))[0]?.status).toBe('active');
  });

  it.each([
    ['labelFr', { ...newsletter, labelFr: '   ' }],
    ['labelEn', { ...newsletter, labelEn: 'x'.repeat(checkboxLimits.label + 1) }],
    ['priceCents', { ...newsletter, priceCents: 0 }],
    ['priceCents', { ...newsletter, priceCents: -500 }],
    ['priceCents', { ...newsletter, priceCents: 12.5 }],
    ['priceCents', { ...newsletter, priceCents: checkboxLimits.priceCents + 1 }],
    ['taxes', { ...newsletter, taxes: 'maybe' }],
  ])('ORG-09 TIX-05 refuses a bad %s and writes nothing', async (field, fields) => {
    const orgId = await organization();
    const failure = await createCustomCheckbox(bed.deps, {
      actor: staff,
      orgId,
      fields: fields as never,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).issues.map((issue) => issue.path)).toEqual([`fields.${field}`]);
    expect(await listCustomCheckboxes(bed.deps, { orgId })).toEqual([]);
  });

  it('ORG-09 a box of another organization is not found through this one', async () => {
    const a = await organization();
    const b = await organization();
    const { checkboxId } = await createCustomCheckbox(bed.deps, {
      actor: staff,
      orgId: b,
      fields: newsletter,
    });
    await expect(
      updateCustomCheckbox(bed.deps, {
        actor: staff,
        orgId: a,
        checkboxId,
        expectedVersion: 1,
        fields: tshirt,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withdrawCustomCheckbox(bed.deps, { actor: staff, orgId: a, checkboxId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      createCustomCheckbox(bed.deps, { actor: staff, orgId: ulid(), fields: newsletter }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await listCustomCheckboxes(bed.deps, { orgId: b }))[0]).toMatchObject({
      labelFr: newsletter.labelFr,
      version: 1,
    });
  });

  it('ORG-09 TIX-05 an edit pauses the box and drops its price; a stale edit is refused', async () => {
    const orgId = await organization();
    const { checkboxId } = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: tshirt });
    const edited = await updateCustomCheckbox(bed.deps, {
      actor: staff,
      orgId,
      checkboxId,
      expectedVersion: 1,
      fields: { ...tshirt, priceCents: undefined, active: false },
    });
    expect(edited.version).toBe(2);
    const item = await bed.item(`ORG#${orgId}`, `CHECKBOX#${checkboxId}`);
    expect(item).toMatchObject({ status: 'paused', version: 2 });
    expect(item).not.toHaveProperty('priceCents');
    expect(await offeredCustomCheckboxes(bed.deps, { orgId })).toEqual([]);
    await expect(
      updateCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId, expectedVersion: 1, fields: tshirt }),
    ).rejects.toBeInstanceOf(CheckboxChangedError);
  });

  it('ORG-09 two staff saving the same version at once: exactly one edit is kept', async () => {
    const orgId = await organization();
    const { checkboxId } = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: newsletter });
    const save = (labelFr: string) =>
      updateCustomCheckbox(bed.deps, {
        actor: staff,
        orgId,
        checkboxId,
        expectedVersion: 1,
        fields: { ...newsletter, labelFr },
      });
    const results = await Promise.allSettled([save('Un'), save('Deux'), save('Trois'), save('Quatre')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(CheckboxChangedError);
    }
    expect((await listCustomCheckboxes(bed.deps, { orgId }))[0]?.version).toBe(2);
  });

  it('TIX-05 a withdrawn box is kept (an order may name it), no longer offered, and cannot be edited', async () => {
    const orgId = await organization();
    const { checkboxId } = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: tshirt });
    await withdrawCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId });
    // Twice (a double submission) changes nothing more.
    await withdrawCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId });
    const item = await bed.item(`ORG#${orgId}`, `CHECKBOX#${checkboxId}`);
    expect(item).toMatchObject({ status: 'withdrawn', withdrawnAt: clock.now().toISOString(), version: 2 });
    expect(item?.priceCents).toBe(2000);
    expect(await offeredCustomCheckboxes(bed.deps, { orgId })).toEqual([]);
    expect(await listCustomCheckboxes(bed.deps, { orgId })).toHaveLength(1);
    await expect(
      updateCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId, expectedVersion: 2, fields: tshirt }),
    ).rejects.toBeInstanceOf(CheckboxWithdrawnError);
  });

  it('TIX-05 an edit racing a withdrawal never brings the box back', async () => {
    const orgId = await organization();
    const { checkboxId } = await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: newsletter });
    const results = await Promise.allSettled([
      withdrawCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId }),
      updateCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId, expectedVersion: 1, fields: tshirt }),
    ]);
    expect(results[0]?.status).toBe('fulfilled');
    const item = await bed.item(`ORG#${orgId}`, `CHECKBOX#${checkboxId}`);
    expect(item?.status).toBe('withdrawn');
  });

  it(`TIX-05 at most ${checkboxLimits.perOrganization} boxes in use; a withdrawn one frees its place`, async () => {
    const orgId = await organization();
    const ids: string[] = [];
    for (let index = 0; index < checkboxLimits.perOrganization; index += 1) {
      ids.push(
        (
          await createCustomCheckbox(bed.deps, {
            actor: staff,
            orgId,
            fields: { ...newsletter, position: index },
          })
        ).checkboxId,
      );
    }
    await expect(
      createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: newsletter }),
    ).rejects.toBeInstanceOf(TooManyCheckboxesError);
    await withdrawCustomCheckbox(bed.deps, { actor: staff, orgId, checkboxId: ids[0] ?? '' });
    await createCustomCheckbox(bed.deps, { actor: staff, orgId, fields: newsletter });
    expect(await listCustomCheckboxes(bed.deps, { orgId })).toHaveLength(checkboxLimits.perOrganization + 1);
  });
});
