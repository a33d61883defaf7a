import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { QuantityBelowTakenError, TicketTypeChangedError, TicketTypeWithdrawnError } from './errors';
import { placeHold } from './place-hold';
import { shardCountFor } from './shards';
import {
  listTicketTypes,
  readShards,
  saveTicketType,
  ticketTypeIssues,
  withdrawTicketType,
} from './ticket-types';
import {
  holdFor,
  organizerA,
  organizerB,
  staff,
  type TicketingBed,
  ticketingBed,
  ticketTypeFields,
} from './ticketing.test-support';

/** TIX-02, TIX-03: ticket categories and their counter shards, against DynamoDB Local. */
let t: TicketingBed;

beforeAll(async () => {
  t = await ticketingBed('ticket-types');
});

const heldUntil = () => new Date(t.clock.now().getTime() + 15 * 60_000).toISOString();

async function shardTotals(eventId: string, ticketTypeId: string) {
  const shards = await readShards(t.deps, eventId, ticketTypeId);
  for (const shard of shards) expect(shard.remaining + shard.held + shard.sold).toBe(shard.capacity);
  return {
    count: shards.length,
    capacity: shards.reduce((sum, shard) => sum + shard.capacity, 0),
    remaining: shards.reduce((sum, shard) => sum + shard.remaining, 0),
    held: shards.reduce((sum, shard) => sum + shard.held, 0),
  };
}

describe('TIX-02 TIX-03 ticket categories', () => {
  it('TIX-02 creates a category with its counter shards in the event’s partition', async () => {
    const eventId = await t.event('ORG-A');
    const { ticketTypeId, version } = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields({ quantity: 100, salesStartAt: '2026-12-01T12:00:00-05:00' }),
    });
    expect(version).toBe(1);
    expect(await t.bed.item(`EVENT#${eventId}`, `TT#${ticketTypeId}`)).toMatchObject({
      orgId: 'ORG-A',
      nameFr: 'Régulier',
      priceCents: 2500,
      currency: 'CAD',
      taxes: 'included',
      quantity: 100,
      perPersonMax: 4,
      salesStartAt: '2026-12-01T17:00:00.000Z',
      shards: 4,
      status: 'active',
    });
    expect(await t.bed.item(`EVENT#${eventId}`, `INV#${ticketTypeId}#00`)).toMatchObject({
      capacity: 25,
      remaining: 25,
      held: 0,
      sold: 0,
    });
    expect(await shardTotals(eventId, ticketTypeId)).toEqual({
      count: 4,
      capacity: 100,
      remaining: 100,
      held: 0,
    });
  });

  it('TIX-03 splits capacity over 1 to 8 shards as the quantity grows', () => {
    expect([1, 25, 26, 100, 200, 201, 100_000].map(shardCountFor)).toEqual([1, 1, 2, 4, 8, 8, 8]);
  });

  it('TIX-02 TIX-03 refuses invalid fields with French and English messages', async () => {
    const eventId = await t.event('ORG-A');
    const refusal = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields({
        nameEn: ' ',
        priceCents: 10_000_001,
        quantity: 0,
        perPersonMax: 21,
        salesStartAt: '2027-01-10T00:00:00.000Z',
        withdrawAt: '2027-01-09T00:00:00.000Z',
      }),
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    const error = refusal as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'nameEn',
      'priceCents',
      'quantity',
      'perPersonMax',
      'withdrawAt',
    ]);
    expect(error.userMessage.fr).toContain('Le prix doit être un montant entre 0 $ et 100 000 $.');
    expect(error.userMessage.fr).toContain('La date de retrait doit être postérieure au début des ventes.');
    expect(error.userMessage.en).toContain('The price must be an amount between $0 and $100,000.');
    expect(error.userMessage.en).toContain('The maximum per person must be a whole number between 1 and 20.');
    // Bounds themselves are valid; fractions of a cent, negative prices and bad dates are not.
    const ok = ticketTypeFields({ priceCents: 0, quantity: 100_000, perPersonMax: 20 });
    expect(ticketTypeIssues({ ...ok, taxes: 'added', position: 0 })).toEqual([]);
    const paths = (fields: Parameters<typeof ticketTypeFields>[0]) =>
      ticketTypeIssues({ ...ticketTypeFields(fields), taxes: 'added', position: 0 }).map(
        (issue) => issue.path,
      );
    expect(paths({ priceCents: 12.5 })).toEqual(['priceCents']);
    expect(paths({ priceCents: -1 })).toEqual(['priceCents']);
    expect(paths({ quantity: 100_001 })).toEqual(['quantity']);
    expect(paths({ perPersonMax: 0 })).toEqual(['perPersonMax']);
    expect(paths({ salesStartAt: 'demain' })).toEqual(['salesStartAt']);
    // Nothing was written for the refused category.
    expect((await listTicketTypes(t.deps, { eventId })).ticketTypes).toEqual([]);
  });

  it('ROLE-06 TIX-02 another organization’s actor gets NotFound; staff may act', async () => {
    const eventId = await t.event('ORG-A');
    await expect(
      saveTicketType(t.deps, { actor: organizerB, eventId, fields: ticketTypeFields() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const { ticketTypeId } = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields(),
    });
    await expect(
      saveTicketType(t.deps, {
        actor: organizerB,
        eventId,
        ticketTypeId,
        expectedVersion: 1,
        fields: ticketTypeFields(),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withdrawTicketType(t.deps, { actor: organizerB, eventId, ticketTypeId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const saved = await saveTicketType(t.deps, {
      actor: staff,
      eventId,
      ticketTypeId,
      expectedVersion: 1,
      fields: ticketTypeFields({ nameFr: 'Étudiant', nameEn: 'Student' }),
    });
    expect(saved.version).toBe(2);
    // Still the event's organization, whoever edited it.
    expect(await t.bed.item(`EVENT#${eventId}`, `TT#${ticketTypeId}`)).toMatchObject({
      orgId: 'ORG-A',
      updatedBy: 'U-STAFF',
    });
  });

  it('TIX-03 resizes the shards with the category, never below what is sold or held', async () => {
    const eventId = await t.event('ORG-A');
    const { ticketTypeId } = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields({ quantity: 100, perPersonMax: 20 }),
    });
    for (let i = 0; i < 2; i += 1) {
      await placeHold(t.deps, {
        ...holdFor(),
        lines: [{ eventId, ticketTypeId, quantity: 15 }],
        heldUntil: heldUntil(),
      });
    }
    const refused = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      ticketTypeId,
      expectedVersion: 1,
      fields: ticketTypeFields({ quantity: 29, perPersonMax: 20 }),
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QuantityBelowTakenError);
    expect((refused as QuantityBelowTakenError).taken).toBe(30);
    expect((refused as QuantityBelowTakenError).userMessage.fr).toContain('sous 30');
    expect(await shardTotals(eventId, ticketTypeId)).toEqual({
      count: 4,
      capacity: 100,
      remaining: 70,
      held: 30,
    });

    // Down to 30: every remaining seat leaves; the held ones stay.
    await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      ticketTypeId,
      expectedVersion: 1,
      fields: ticketTypeFields({ quantity: 30, perPersonMax: 20 }),
    });
    expect(await shardTotals(eventId, ticketTypeId)).toEqual({
      count: 4,
      capacity: 30,
      remaining: 0,
      held: 30,
    });

    // Up to 300: more shards, the new seats spread over all of them.
    const grown = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      ticketTypeId,
      expectedVersion: 2,
      fields: ticketTypeFields({ quantity: 300, perPersonMax: 20 }),
    });
    expect(grown.version).toBe(3);
    expect(await shardTotals(eventId, ticketTypeId)).toEqual({
      count: 8,
      capacity: 300,
      remaining: 270,
      held: 30,
    });
    expect(await t.bed.item(`EVENT#${eventId}`, `TT#${ticketTypeId}`)).toMatchObject({
      quantity: 300,
      shards: 8,
    });
  });

  it('TIX-03 refuses a stale version and a withdrawn category, writing nothing', async () => {
    const eventId = await t.event('ORG-A');
    const { ticketTypeId } = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields(),
    });
    await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      ticketTypeId,
      expectedVersion: 1,
      fields: ticketTypeFields({ priceCents: 3000 }),
    });
    const stale = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      ticketTypeId,
      expectedVersion: 1,
      fields: ticketTypeFields({ quantity: 50 }),
    }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(TicketTypeChangedError);
    expect((stale as TicketTypeChangedError).userMessage.en).toContain('Someone else changed this category');
    expect(await shardTotals(eventId, ticketTypeId)).toMatchObject({ capacity: 100 });

    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId });
    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId });
    expect(await t.bed.item(`EVENT#${eventId}`, `TT#${ticketTypeId}`)).toMatchObject({
      status: 'withdrawn',
      withdrawnAt: t.clock.now().toISOString(),
      version: 3,
    });
    await expect(
      saveTicketType(t.deps, {
        actor: organizerA,
        eventId,
        ticketTypeId,
        expectedVersion: 3,
        fields: ticketTypeFields(),
      }),
    ).rejects.toBeInstanceOf(TicketTypeWithdrawnError);
  });

  it('TIX-02 lists categories with what remains, and « S’inscrire » when every offered one is free', async () => {
    const eventId = await t.event('ORG-A');
    const free = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields({
        nameFr: 'Gratuit',
        nameEn: 'Free',
        priceCents: 0,
        quantity: 40,
        position: 1,
      }),
    });
    let listed = await listTicketTypes(t.deps, { eventId });
    expect(listed).toMatchObject({ allFree: true, action: 'register' });
    const paid = await saveTicketType(t.deps, {
      actor: organizerA,
      eventId,
      fields: ticketTypeFields({
        priceCents: 1500,
        quantity: 10,
        position: 0,
        salesStartAt: '2026-12-10T00:00:00.000Z',
      }),
    });
    await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId: free.ticketTypeId, quantity: 3 }],
      heldUntil: heldUntil(),
    });
    listed = await listTicketTypes(t.deps, { eventId });
    expect(listed).toMatchObject({ allFree: false, action: 'buy' });
    expect(
      listed.ticketTypes.map((type) => [
        type.ticketTypeId,
        type.capacity,
        type.remaining,
        type.held,
        type.onSale,
      ]),
    ).toEqual([
      [paid.ticketTypeId, 10, 10, 0, false],
      [free.ticketTypeId, 40, 37, 3, true],
    ]);
    // The paid category withdrawn, only free ones are offered: « S'inscrire » again.
    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId: paid.ticketTypeId });
    expect(await listTicketTypes(t.deps, { eventId })).toMatchObject({ allFree: true, action: 'register' });
  });
});
