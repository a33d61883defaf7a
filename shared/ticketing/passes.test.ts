import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { PassChangedError } from './errors';
import { type PassFields, passIssues, passSaleState, readPass, savePass } from './passes';
import { listTicketTypes, saveTicketType, withdrawTicketType } from './ticket-types';
import { start, type TicketingBed, ticketingBed, ticketTypeFields } from './ticketing.test-support';

/**
 * TIX-08: staff's passes against DynamoDB Local — every rule savePass refuses, the links on the
 * included events written and removed in the pass's transaction, the version conflict, another
 * organization's event refused, and a pass's price tiers saved as ticket types by staff only.
 */
let t: TicketingBed;

beforeAll(async () => {
  t = await ticketingBed('passes');
});

const actor = { userId: 'U-STAFF' };

async function organization(): Promise<string> {
  const orgId = `ORG-${ulid()}`;
  await t.deps.db.identity.entities.organization
    .create({
      orgId,
      name: `Théâtre ${orgId}`,
      nameKey: `theatre ${orgId}`,
      status: 'active',
      createdAt: start,
      createdBy: 'U-TEST',
    })
    .go();
  return orgId;
}

/** A published event of `orgId`, as the calendar stores one once approved. */
async function published(orgId: string): Promise<string> {
  const eventId = await t.event(orgId);
  const { data } = await t.deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true });
  if (!data) throw new Error('the draft event was not written');
  await t.deps.db.calendar.entities.event.put({ ...data, status: 'published', publishedAt: start }).go();
  return eventId;
}

function fields(orgId: string, eventIds: string[], overrides: Partial<PassFields> = {}): PassFields {
  return {
    orgId,
    title: 'Passe festival',
    description: 'Trois soirs, un seul achat.',
    eventIds,
    status: 'active',
    salesStartAt: '2026-12-01T09:00:00-05:00',
    salesEndAt: '2027-01-31T23:00:00-05:00',
    ...overrides,
  };
}

/** The paths of a refusal's issues, with their message keys. */
async function refusal(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return Object.fromEntries((error as ValidationError).issues.map((issue) => [issue.path, issue.message]));
}

describe('TIX-08 savePass', () => {
  it('TIX-08 refuses every broken rule with its field, and writes nothing', async () => {
    const orgId = await organization();
    const [a, b] = [await published(orgId), await published(orgId)] as [string, string];
    const cases: [Partial<PassFields>, Record<string, string>][] = [
      [{ title: '  ' }, { title: 'ticketing.pass.rule.title' }],
      [{ title: 'x'.repeat(201) }, { title: 'ticketing.pass.rule.title' }],
      [{ description: 'x'.repeat(2001) }, { description: 'ticketing.pass.rule.description' }],
      [{ orgId: ' ' }, { orgId: 'ticketing.pass.rule.organization' }],
      [{ eventIds: [a] }, { eventIds: 'ticketing.pass.rule.events' }],
      [{ eventIds: [a, a] }, { eventIds: 'ticketing.pass.rule.events' }],
      [{ eventIds: Array.from({ length: 13 }, () => ulid()) }, { eventIds: 'ticketing.pass.rule.events' }],
      [{ salesStartAt: '' }, { salesStartAt: 'ticketing.pass.rule.date' }],
      [{ salesEndAt: 'demain' }, { salesEndAt: 'ticketing.pass.rule.date' }],
      [
        { salesStartAt: '2027-01-31T23:00:00-05:00', salesEndAt: '2026-12-01T09:00:00-05:00' },
        { salesEndAt: 'ticketing.pass.rule.period' },
      ],
      [{ salesEndAt: '2026-12-01T09:00:00-05:00' }, { salesEndAt: 'ticketing.pass.rule.period' }],
    ];
    for (const [overrides, expected] of cases) {
      expect(await refusal(savePass(t.deps, { actor, fields: fields(orgId, [a, b], overrides) }))).toEqual(
        expected,
      );
    }
    // Several at once: each field says its own.
    expect(
      await refusal(savePass(t.deps, { actor, fields: fields(orgId, [a], { title: '', salesEndAt: '' }) })),
    ).toEqual({
      title: 'ticketing.pass.rule.title',
      eventIds: 'ticketing.pass.rule.events',
      salesEndAt: 'ticketing.pass.rule.date',
    });
    expect(passIssues({ ...fields(orgId, [a, b]) })).toEqual([]);
    const links = await t.deps.db.ticketing.entities.passLink.query.byEvent({ eventId: a }).go();
    expect(links.data).toEqual([]);
  });

  it('TIX-08 refuses an unknown organization, another organization’s event, a draft or an unknown event', async () => {
    const orgId = await organization();
    const other = await organization();
    const [a, b] = [await published(orgId), await published(orgId)] as [string, string];
    const foreign = await published(other);
    const draft = await t.event(orgId);
    expect(await refusal(savePass(t.deps, { actor, fields: fields('ORG-NOWHERE', [a, b]) }))).toEqual({
      orgId: 'ticketing.pass.rule.organization',
    });
    for (const intruder of [foreign, draft, ulid()]) {
      expect(await refusal(savePass(t.deps, { actor, fields: fields(orgId, [a, intruder]) }))).toEqual({
        eventIds: 'ticketing.pass.rule.events',
      });
    }
    // The other organization's event gets no link.
    expect(
      (await t.deps.db.ticketing.entities.passLink.query.byEvent({ eventId: foreign }).go()).data,
    ).toEqual([]);
  });

  it('TIX-08 writes the pass and a link on each included event; a change rewrites them and removes a dropped event’s link', async () => {
    const orgId = await organization();
    const [a, b, c] = [await published(orgId), await published(orgId), await published(orgId)] as [
      string,
      string,
      string,
    ];
    const { passId, version } = await savePass(t.deps, { actor, fields: fields(orgId, [a, b]) });
    expect(version).toBe(1);
    expect(await t.bed.item(`PASS#${passId}`, 'PASS')).toMatchObject({
      orgId,
      title: 'Passe festival',
      eventIds: [a, b],
      status: 'active',
      salesStartAt: '2026-12-01T14:00:00.000Z',
      salesEndAt: '2027-02-01T04:00:00.000Z',
      timeZone: 'America/Toronto',
      version: 1,
      updatedBy: 'U-STAFF',
    });
    for (const eventId of [a, b]) {
      expect(await t.bed.item(`EVENT#${eventId}`, `PASSLINK#${passId}`)).toMatchObject({
        title: 'Passe festival',
        status: 'active',
        eventCount: 2,
        salesEndAt: '2027-02-01T04:00:00.000Z',
      });
    }

    const changed = await savePass(t.deps, {
      actor,
      passId,
      expectedVersion: 1,
      fields: fields(orgId, [b, c], { title: 'Passe hiver', status: 'withdrawn', description: '' }),
    });
    expect(changed).toEqual({ passId, version: 2 });
    const stored = await readPass(t.deps, passId, { consistent: true });
    expect(stored).toMatchObject({ title: 'Passe hiver', eventIds: [b, c], status: 'withdrawn', version: 2 });
    expect(stored?.description).toBeUndefined();
    expect(await t.bed.item(`EVENT#${a}`, `PASSLINK#${passId}`)).toBeUndefined();
    for (const eventId of [b, c]) {
      expect(await t.bed.item(`EVENT#${eventId}`, `PASSLINK#${passId}`)).toMatchObject({
        title: 'Passe hiver',
        status: 'withdrawn',
      });
    }
  });

  it('TIX-08 refuses a save from a stale version (two tabs), and one without a version, writing nothing', async () => {
    const orgId = await organization();
    const [a, b, c] = [await published(orgId), await published(orgId), await published(orgId)] as [
      string,
      string,
      string,
    ];
    const { passId } = await savePass(t.deps, { actor, fields: fields(orgId, [a, b]) });
    await savePass(t.deps, {
      actor,
      passId,
      expectedVersion: 1,
      fields: fields(orgId, [a, b], { title: 'Onglet 1' }),
    });
    await expect(
      savePass(t.deps, {
        actor,
        passId,
        expectedVersion: 1,
        fields: fields(orgId, [b, c], { title: 'Onglet 2' }),
      }),
    ).rejects.toBeInstanceOf(PassChangedError);
    await expect(
      savePass(t.deps, { actor, passId, fields: fields(orgId, [b, c], { title: 'Sans version' }) }),
    ).rejects.toBeInstanceOf(PassChangedError);
    expect(await readPass(t.deps, passId, { consistent: true })).toMatchObject({
      title: 'Onglet 1',
      eventIds: [a, b],
      version: 2,
    });
    expect(await t.bed.item(`EVENT#${c}`, `PASSLINK#${passId}`)).toBeUndefined();
    expect(await t.bed.item(`EVENT#${a}`, `PASSLINK#${passId}`)).toMatchObject({ title: 'Onglet 1' });
  });

  it('TIX-08 keeps its selling organization; a pass whose event was unpublished since can still be withdrawn', async () => {
    const orgId = await organization();
    const other = await organization();
    const [a, b] = [await published(orgId), await published(orgId)] as [string, string];
    const { passId } = await savePass(t.deps, { actor, fields: fields(orgId, [a, b]) });
    expect(
      await refusal(savePass(t.deps, { actor, passId, expectedVersion: 1, fields: fields(other, [a, b]) })),
    ).toEqual({ orgId: 'ticketing.pass.rule.organizationFixed' });
    // The event goes back to draft: adding it again would be refused, keeping it is not.
    const { data } = await t.deps.db.calendar.entities.event.get({ eventId: b }).go({ consistent: true });
    if (!data) throw new Error('no event');
    await t.deps.db.calendar.entities.event.put({ ...data, status: 'draft' }).go();
    await savePass(t.deps, {
      actor,
      passId,
      expectedVersion: 1,
      fields: fields(orgId, [a, b], { status: 'withdrawn' }),
    });
    expect(await readPass(t.deps, passId, { consistent: true })).toMatchObject({
      status: 'withdrawn',
      version: 2,
    });
    const fresh = await savePass(t.deps, { actor, fields: fields(orgId, [a]) }).catch(
      (error: unknown) => error,
    );
    expect(fresh).toBeInstanceOf(ValidationError);
    expect(await refusal(savePass(t.deps, { actor, fields: fields(orgId, [a, b]) }))).toEqual({
      eventIds: 'ticketing.pass.rule.events',
    });
  });

  it('TIX-08 answers « not found » for a pass that does not exist', async () => {
    const orgId = await organization();
    const [a, b] = [await published(orgId), await published(orgId)] as [string, string];
    await expect(
      savePass(t.deps, { actor, passId: ulid(), expectedVersion: 1, fields: fields(orgId, [a, b]) }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('TIX-08 tells where a pass stands at a given time', () => {
    const pass = {
      status: 'active' as const,
      salesStartAt: '2026-12-01T14:00:00.000Z',
      salesEndAt: '2027-01-01T05:00:00.000Z',
    };
    expect(passSaleState(pass, new Date('2026-11-30T00:00:00Z'))).toBe('upcoming');
    expect(passSaleState(pass, new Date('2026-12-01T14:00:00Z'))).toBe('onSale');
    expect(passSaleState(pass, new Date('2027-01-01T05:00:00Z'))).toBe('ended');
    expect(passSaleState({ ...pass, status: 'draft' }, new Date('2026-12-10T00:00:00Z'))).toBe('draft');
    expect(passSaleState({ ...pass, status: 'withdrawn' }, new Date('2026-12-10T00:00:00Z'))).toBe(
      'withdrawn',
    );
  });
});

describe('TIX-08 a pass’s price tiers', () => {
  it('TIX-08 staff save and withdraw a tier in the pass’s partition, for its selling organization; anyone else is refused', async () => {
    const orgId = await organization();
    const [a, b] = [await published(orgId), await published(orgId)] as [string, string];
    const { passId } = await savePass(t.deps, { actor, fields: fields(orgId, [a, b]) });
    const staffActor = { userId: 'U-STAFF', orgId: 'parvis', staff: true };
    const adult = await saveTicketType(t.deps, {
      actor: staffActor,
      eventId: passId,
      fields: ticketTypeFields({ nameFr: 'Adulte', nameEn: 'Adult', priceCents: 9000, quantity: 50 }),
    });
    const student = await saveTicketType(t.deps, {
      actor: staffActor,
      eventId: passId,
      fields: ticketTypeFields({
        nameFr: 'Étudiant',
        nameEn: 'Student',
        priceCents: 6000,
        quantity: 20,
        position: 1,
      }),
    });
    expect(await t.bed.item(`EVENT#${passId}`, `TT#${adult.ticketTypeId}`)).toMatchObject({
      orgId,
      nameFr: 'Adulte',
      priceCents: 9000,
      status: 'active',
    });
    expect(await t.bed.item(`EVENT#${passId}`, `TT#${adult.ticketTypeId}`)).not.toHaveProperty(
      'salesStartAt',
    );

    // A member of the selling organization is no staff: the pass is no event of theirs.
    const member = { userId: 'U-MEMBER', orgId, staff: false };
    await expect(
      saveTicketType(t.deps, {
        actor: member,
        eventId: passId,
        fields: ticketTypeFields({ nameFr: 'Pirate' }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      saveTicketType(t.deps, {
        actor: member,
        eventId: passId,
        ticketTypeId: adult.ticketTypeId,
        expectedVersion: 1,
        fields: ticketTypeFields({ nameFr: 'Adulte', nameEn: 'Adult', priceCents: 1 }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withdrawTicketType(t.deps, { actor: member, eventId: passId, ticketTypeId: student.ticketTypeId }),
    ).rejects.toBeInstanceOf(NotFoundError);

    await withdrawTicketType(t.deps, {
      actor: staffActor,
      eventId: passId,
      ticketTypeId: student.ticketTypeId,
    });
    const { ticketTypes } = await listTicketTypes(t.deps, { eventId: passId, consistent: true });
    expect(ticketTypes.map((type) => [type.nameFr, type.priceCents, type.status])).toEqual([
      ['Adulte', 9000, 'active'],
      ['Étudiant', 6000, 'withdrawn'],
    ]);
  });
});
