import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocumentClient } from 'electrodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../infra/local/local-aws';
import { env } from '../../infra/wiring';
import { type PrivateTestBed, twin } from '../../tests/twin';
import { createDatabases } from '../db/databases';
import type { Deps } from '../deps';
import { NotFoundError } from '../kernel/errors';
import {
  HoldCommitRefusedError,
  HoldReleasedError,
  HoldTakenError,
  InventoryBusyError,
  NotOnSaleError,
  PerPersonLimitError,
  SoldOutError,
  TooManyTicketsError,
} from './errors';
import { type PlacedHold, placeHold } from './place-hold';
import { convertHold, releaseHold, sweepExpiredHolds } from './settle-hold';
import { listTicketTypes, readShards, saveTicketType, withdrawTicketType } from './ticket-types';
import {
  holdFor,
  organizerA,
  type TicketingBed,
  ticketingBed,
  ticketTypeFields,
  withFaultyTicketing,
} from './ticketing.test-support';

/** TIX-09: holds on sharded counters, the sweep, and the faults around them, against DynamoDB Local. */
let t: TicketingBed;

beforeAll(async () => {
  t = await ticketingBed('ticket-holds');
});

const minutes = (n: number) => new Date(t.clock.now().getTime() + n * 60_000).toISOString();

async function category(quantity: number, overrides: Parameters<typeof ticketTypeFields>[0] = {}) {
  const eventId = await t.event('ORG-A');
  const { ticketTypeId } = await saveTicketType(t.deps, {
    actor: organizerA,
    eventId,
    fields: ticketTypeFields({ quantity, perPersonMax: 20, ...overrides }),
  });
  return { eventId, ticketTypeId };
}

/** Shard sums, after checking remaining + held + sold == capacity and no negative count on every shard. */
async function counters(eventId: string, ticketTypeId: string) {
  const shards = await readShards(t.deps, eventId, ticketTypeId);
  for (const shard of shards) {
    expect(shard.remaining + shard.held + shard.sold, shard.shard).toBe(shard.capacity);
    expect(Math.min(shard.remaining, shard.held, shard.sold), shard.shard).toBeGreaterThanOrEqual(0);
  }
  const sum = (key: 'capacity' | 'remaining' | 'held' | 'sold') =>
    shards.reduce((s, shard) => s + shard[key], 0);
  return { capacity: sum('capacity'), remaining: sum('remaining'), held: sum('held'), sold: sum('sold') };
}

const seats = (hold: PlacedHold) => hold.taken.reduce((sum, take) => sum + take.quantity, 0);

describe('TIX-09 holds never oversell', () => {
  it('TIX-09 never oversells: 5,000 attempts by 500 concurrent buyers for 100 seats hold exactly 100, and every abandoned one returns', {
    timeout: 300_000,
  }, async () => {
    const { eventId, ticketTypeId } = await category(100);
    const crowd = crowdDeps(t.deps, t.bed, 50);
    const placed: PlacedHold[] = [];
    const refusals = new Map<string, number>();
    const waves: number[] = [];
    const started = performance.now();
    // 10 waves of 500 concurrent buyers, 1 or 2 tickets each.
    for (let wave = 0; wave < 10; wave += 1) {
      // As checkout calls it: with the categories it read (with their counts) to price the order.
      const ticketTypes = (await listTicketTypes(t.deps, { eventId })).ticketTypes;
      await Promise.all(
        Array.from({ length: 500 }, async (_, i) => {
          try {
            placed.push(
              await placeHold(crowd, {
                ...holdFor(),
                lines: [{ eventId, ticketTypeId, quantity: 1 + ((wave + i) % 2) }],
                heldUntil: minutes(15),
                ticketTypes,
              }),
            );
          } catch (error) {
            const name = (error as Error).constructor.name;
            if (!refusals.has(name) && name !== 'SoldOutError')
              console.info(name, String(error).slice(0, 300));
            refusals.set(name, (refusals.get(name) ?? 0) + 1);
          }
        }),
      );
      waves.push(Math.round(performance.now() - started));
    }
    console.info('waves', waves);
    const seconds = (performance.now() - started) / 1000;
    expect(placed.reduce((sum, hold) => sum + seats(hold), 0)).toBe(100);
    expect(
      [...refusals.keys()].filter((name) => name !== 'SoldOutError' && name !== 'InventoryBusyError'),
    ).toEqual([]);
    expect(refusals.get('SoldOutError')).toBeGreaterThan(4_000);
    expect(await counters(eventId, ticketTypeId)).toEqual({
      capacity: 100,
      remaining: 0,
      held: 100,
      sold: 0,
    });
    // Each hold records the shards it took from: together exactly the counters' held seats.
    const holds = await Promise.all(
      placed.map(async (hold) => (await t.bed.item(`HOLD#${hold.holdId}`, 'HOLD')) as { status: string }),
    );
    expect(holds.every((hold) => hold.status === 'active')).toBe(true);
    console.info(
      `TIX-09 race: ${placed.length} holds, refusals ${JSON.stringify(Object.fromEntries(refusals))}, ` +
        `attempts max ${Math.max(...placed.map((hold) => hold.attempts))}, ${seconds.toFixed(1)} s`,
    );

    // The buyers pay for 10 of them; the others abandon checkout. After expiry, one sweep returns them.
    const paid = placed.slice(0, 10);
    for (const hold of paid)
      expect(await convertHold(t.deps, { holdId: hold.holdId })).toEqual({
        status: 'converted',
        changed: true,
      });
    const paidSeats = paid.reduce((sum, hold) => sum + seats(hold), 0);
    t.clock.advance(16 * 60_000);
    const report = await sweepExpiredHolds(t.deps);
    expect(report).toMatchObject({ released: placed.length - 10, incomplete: false });
    expect(await counters(eventId, ticketTypeId)).toEqual({
      capacity: 100,
      remaining: 100 - paidSeats,
      held: 0,
      sold: paidSeats,
    });
    const released = (await t.bed.item(`HOLD#${placed[20]?.holdId}`, 'HOLD')) as Record<string, unknown>;
    expect(released).toMatchObject({ status: 'released', releasedAt: t.clock.now().toISOString() });
    // Out of the sweep index, and only now given a TTL (one day on).
    expect(released.gsi1pk).toBeUndefined();
    expect(released.expiresAt).toBe(Math.floor(t.clock.now().getTime() / 1000) + 86_400);
    // Nothing is left for the next sweep.
    expect(await sweepExpiredHolds(t.deps)).toMatchObject({ released: 0, settledMeanwhile: 0 });
  });

  it('TIX-09 finds the last seats with a consistent read, splitting an order over shards', async () => {
    const { eventId, ticketTypeId } = await category(100);
    // Leave one seat on each of the 4 shards (25 each): 24 from each.
    for (let shard = 0; shard < 4; shard += 1) {
      const hold = await placeHold(
        { ...t.deps, random: () => shard / 4 },
        { ...holdFor(), lines: [{ eventId, ticketTypeId, quantity: 20 }], heldUntil: minutes(15) },
      );
      expect(hold.taken).toEqual([{ eventId, ticketTypeId, shard: `0${shard}`, quantity: 20 }]);
      await placeHold(
        { ...t.deps, random: () => shard / 4 },
        {
          ...holdFor(),
          lines: [{ eventId, ticketTypeId, quantity: 4 }],
          heldUntil: minutes(15),
        },
      );
    }
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 4, held: 96 });
    // 3 tickets: no shard has them all, so they come from three shards, in one transaction.
    const last = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 3 }],
      heldUntil: minutes(15),
    });
    expect(last.attempts).toBe(2);
    expect(last.taken.map((take) => take.quantity)).toEqual([1, 1, 1]);
    expect(new Set(last.taken.map((take) => take.shard)).size).toBe(3);
    // 2 more for 1 left: sold out, with what remains in the message.
    const soldOut = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 2 }],
      heldUntil: minutes(15),
    }).catch((error: unknown) => error);
    expect(soldOut).toBeInstanceOf(SoldOutError);
    expect((soldOut as SoldOutError).remaining).toBe(1);
    expect((soldOut as SoldOutError).userMessage.fr).toContain('places restantes : 1');
    // Releasing the split hold gives each shard its seat back.
    await releaseHold(t.deps, { holdId: last.holdId });
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 4, held: 96 });
  });

  it('TIX-03 TIX-09 holds only what is on sale, within the per-person maximum and 20 tickets', async () => {
    const later = await category(10, { salesStartAt: minutes(60) });
    const hold = (line: { eventId: string; ticketTypeId: string }, quantity: number) =>
      placeHold(t.deps, { ...holdFor(), lines: [{ ...line, quantity }], heldUntil: minutes(15) });
    await expect(hold(later, 1)).rejects.toBeInstanceOf(NotOnSaleError);
    const limited = await category(10, { perPersonMax: 2 });
    await expect(hold(limited, 3)).rejects.toBeInstanceOf(PerPersonLimitError);
    // Two lines of the same category count together.
    await expect(
      placeHold(t.deps, {
        ...holdFor(),
        lines: [
          { ...limited, quantity: 2 },
          { ...limited, quantity: 1 },
        ],
        heldUntil: minutes(15),
      }),
    ).rejects.toBeInstanceOf(PerPersonLimitError);
    const big = await category(100);
    const other = await category(100);
    await expect(
      placeHold(t.deps, {
        ...holdFor(),
        lines: [
          { ...big, quantity: 15 },
          { ...other, quantity: 6 },
        ],
        heldUntil: minutes(15),
      }),
    ).rejects.toBeInstanceOf(TooManyTicketsError);
    const stale = (await listTicketTypes(t.deps, { eventId: limited.eventId })).ticketTypes;
    await withdrawTicketType(t.deps, { actor: organizerA, ...limited });
    await expect(hold(limited, 1)).rejects.toBeInstanceOf(NotOnSaleError);
    // A checkout that read the category just before its withdrawal: the shard's own condition refuses.
    expect(stale[0]?.status).toBe('active');
    await expect(
      placeHold(t.deps, {
        ...holdFor(),
        lines: [{ ...limited, quantity: 1 }],
        heldUntil: minutes(15),
        ticketTypes: stale,
      }),
    ).rejects.toBeInstanceOf(NotOnSaleError);
    for (const line of [later, limited, big, other]) {
      expect(await counters(line.eventId, line.ticketTypeId)).toMatchObject({ held: 0, sold: 0 });
    }
  });

  it('TIX-09 commits the caller’s items with the hold, or nothing when one is refused; a repeated hold is the same hold', async () => {
    const { eventId, ticketTypeId } = await category(10);
    const { customCheckbox } = t.deps.db.organizations.entities;
    const orderMarker = (checkboxId: string) => ({
      orgId: 'ORG-HOLD-TEST',
      checkboxId,
      labelFr: 'Commande',
      labelEn: 'Order',
      version: 1,
      createdAt: 'now',
      createdBy: 'test',
      updatedAt: 'now',
      updatedBy: 'test',
    });
    // A stand-in for checkout's order item, from another domain's Service.
    const first = holdFor();
    const withOrder = await placeHold(t.deps, {
      ...first,
      lines: [{ eventId, ticketTypeId, quantity: 2 }],
      heldUntil: minutes(15),
      extraWrites: {
        entities: { customCheckbox },
        writes: (entities) => [entities.customCheckbox.create(orderMarker(first.subject.id)).commit()],
      },
    });
    expect(await t.bed.item('ORG#ORG-HOLD-TEST', `CHECKBOX#${first.subject.id}`)).toBeDefined();
    // The same order's item again (its condition fails): no seats are taken.
    const refused = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 2 }],
      heldUntil: minutes(15),
      extraWrites: {
        entities: { customCheckbox },
        writes: (entities) => [entities.customCheckbox.create(orderMarker(first.subject.id)).commit()],
      },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HoldCommitRefusedError);
    expect((refused as HoldCommitRefusedError).refused).toEqual([
      { index: 0, code: 'ConditionalCheckFailed' },
    ]);
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 8, held: 2 });
    // A retried request with the same hold id gets the same hold; another subject may not take the id.
    const again = await placeHold(t.deps, {
      ...first,
      lines: [{ eventId, ticketTypeId, quantity: 2 }],
      heldUntil: minutes(15),
    });
    expect(again.taken).toEqual(withOrder.taken);
    await expect(
      placeHold(t.deps, {
        holdId: first.holdId,
        subject: { kind: 'order', id: ulid() },
        lines: [{ eventId, ticketTypeId, quantity: 1 }],
        heldUntil: minutes(15),
      }),
    ).rejects.toBeInstanceOf(HoldTakenError);
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 8, held: 2 });
  });
});

describe('TIX-09 holds end exactly once', () => {
  it('TIX-09 a crash between placing a hold and converting it loses nothing', async () => {
    const { eventId, ticketTypeId } = await category(10);
    const hold = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 3 }],
      heldUntil: minutes(15),
    });

    // The convert's transaction fails once before reaching DynamoDB: nothing moved, the hold still owns its seats.
    const before = withFaultyTicketing(t.deps, t.bed, {
      command: 'TransactWriteCommand',
      when: 'before',
      times: 1,
    });
    await expect(convertHold(before, { holdId: hold.holdId })).rejects.toThrow('injected crash');
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 7, held: 3, sold: 0 });
    expect(await convertHold(before, { holdId: hold.holdId })).toEqual({
      status: 'converted',
      changed: true,
    });
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 7, held: 0, sold: 3 });

    // DynamoDB applies the convert but its answer is lost: the retry changes nothing twice.
    const second = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 2 }],
      heldUntil: minutes(15),
    });
    const after = withFaultyTicketing(t.deps, t.bed, {
      command: 'TransactWriteCommand',
      when: 'after',
      times: 1,
    });
    await expect(convertHold(after, { holdId: second.holdId })).rejects.toThrow('injected crash');
    expect(await convertHold(after, { holdId: second.holdId })).toEqual({
      status: 'converted',
      changed: false,
    });
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 5, held: 0, sold: 5 });

    // A buyer who never comes back (the process died after the hold): the sweep returns the seats.
    const abandoned = await placeHold(t.deps, {
      ...holdFor(),
      lines: [{ eventId, ticketTypeId, quantity: 4 }],
      heldUntil: minutes(15),
    });
    await expect(convertHold(before, { holdId: ulid() })).rejects.toBeInstanceOf(NotFoundError);
    t.clock.advance(16 * 60_000);
    await sweepExpiredHolds(t.deps);
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 5, held: 0, sold: 5 });
    // A payment arriving after the sweep cannot sell the released seats.
    const late = await convertHold(t.deps, { holdId: abandoned.holdId }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(HoldReleasedError);
    expect((late as HoldReleasedError).userMessage.fr).toContain('remises en vente');
  });

  it('TIX-09 a duplicate release or a duplicate sweep changes nothing twice', async () => {
    const { eventId, ticketTypeId } = await category(60);
    const holds = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeHold(t.deps, {
          ...holdFor(),
          lines: [{ eventId, ticketTypeId, quantity: 2 }],
          heldUntil: minutes(5),
        }),
      ),
    );
    const first = holds[0]?.holdId ?? '';
    expect(await releaseHold(t.deps, { holdId: first })).toEqual({ status: 'released', changed: true });
    expect(await releaseHold(t.deps, { holdId: first })).toEqual({ status: 'released', changed: false });
    expect(await counters(eventId, ticketTypeId)).toMatchObject({ remaining: 22, held: 38 });

    // Two sweeps at once over the 19 expired holds: each released by exactly one of them.
    t.clock.advance(6 * 60_000);
    // Each released hold's subject is told once, by the sweep that released it; a follow-up that
    // fails is logged and stops nothing.
    const told: string[] = [];
    const onReleased = async (hold: { holdId: string; subject: { id: string } }) => {
      told.push(hold.holdId);
      if (told.length === 3) throw new Error('injected: the order could not be closed');
    };
    const [a, b] = await Promise.all([
      sweepExpiredHolds(t.deps, { onReleased }),
      sweepExpiredHolds(t.deps, { onReleased }),
    ]);
    expect((a?.released ?? 0) + (b?.released ?? 0)).toBe(19);
    expect(told.sort()).toEqual(
      holds
        .slice(1)
        .map((hold) => hold.holdId)
        .sort(),
    );
    expect(await counters(eventId, ticketTypeId)).toEqual({ capacity: 60, remaining: 60, held: 0, sold: 0 });
    expect(await sweepExpiredHolds(t.deps)).toMatchObject({ released: 0 });
  });

  it('TIX-09 a payment converting during the sweep: exactly one of them wins each hold', async () => {
    const { eventId, ticketTypeId } = await category(40);
    const holds = await Promise.all(
      Array.from({ length: 10 }, () =>
        placeHold(t.deps, {
          ...holdFor(),
          lines: [{ eventId, ticketTypeId, quantity: 2 }],
          heldUntil: minutes(5),
        }),
      ),
    );
    t.clock.advance(6 * 60_000);
    const outcomes = await Promise.all([
      sweepExpiredHolds(t.deps),
      ...holds.map((hold) =>
        convertHold(t.deps, { holdId: hold.holdId }).then(
          (settled) => settled.status,
          (error: unknown) => (error instanceof HoldReleasedError ? 'released' : Promise.reject(error)),
        ),
      ),
    ]);
    const [sweep, ...payments] = outcomes as [{ released: number }, ...string[]];
    const converted = payments.filter((status) => status === 'converted').length;
    expect(converted + sweep.released).toBe(10);
    expect(await counters(eventId, ticketTypeId)).toEqual({
      capacity: 40,
      remaining: 40 - 2 * converted,
      held: 0,
      sold: 2 * converted,
    });
    // Whatever each hold became, it is what the counters say.
    const statuses = await Promise.all(
      holds.map(async (hold) => (await t.bed.item(`HOLD#${hold.holdId}`, 'HOLD'))?.status),
    );
    expect(statuses.filter((status) => status === 'converted').length).toBe(converted);
    expect(statuses.filter((status) => status === 'released').length).toBe(10 - converted);
  });

  it('TIX-09 reports a hold that stays contended as busy rather than guessing', () => {
    // The error buyers see after the retries: a 409 with a message in both languages.
    const error = new InventoryBusyError();
    expect(error.status).toBe(409);
    expect(error.userMessage.fr).toContain('Veuillez réessayer');
  });
});

/**
 * Deps for a crowd of buyers in one test process: its own DynamoDB client with room for
 * `connections` requests at once and deadlines long enough for the crowd to queue for them. (The
 * adapters' client is sized for one Lambda container, 50 connections and a 3 s connect deadline;
 * 500 buyers are 500 containers on AWS, each with its own.)
 */
function crowdDeps(deps: Deps, bed: PrivateTestBed, connections: number): Deps {
  const endpoint = twin().env[env.endpoint('dynamodb')] ?? '';
  const client = new DynamoDBClient({
    ...localClientConfig(endpoint),
    requestHandler: {
      connectionTimeout: 120_000,
      requestTimeout: 120_000,
      httpAgent: { keepAlive: true, maxSockets: connections },
    },
  });
  const documents = DynamoDBDocumentClient.from(client);
  return { ...deps, db: createDatabases(documents as unknown as DocumentClient, bed.tableName) };
}
