import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { localAwsEnv, localClientConfig } from '../../infra/local/local-aws';
import { freePort } from '../../infra/local/ports';
import { ensureTable } from '../../infra/local/provision';
import { env } from '../../infra/wiring';
import { documentClient } from '../../shared/adapters/dynamodb';
import { createDatabases } from '../../shared/db/databases';
import type { Deps } from '../../shared/deps';
import { jsonLogger } from '../../shared/kernel/logger';
import { fixedClock } from '../../shared/kernel/ports';
import { InventoryBusyError, SoldOutError } from '../../shared/ticketing/errors';
import { placeHold } from '../../shared/ticketing/place-hold';
import { listTicketTypes, readShards, saveTicketType } from '../../shared/ticketing/ticket-types';
import type { Figure } from '../figure';

/** Issue #13: orders per second on one event with the oversell check on, at least half a bare race. */
const ratioBudget = 0.5;
/** Writers (and buyers) in flight at once, and how long each measure runs. */
const concurrency = 16;
const windowMs = 4_000;
/**
 * Each path runs this long before any measure, so the figures compare steady states: DynamoDB
 * Local's JIT keeps speeding it up for thousands of operations (the door's scans showed it too,
 * bench/figures/scanner.ts). Its single writes gain the most: after 3 s of warm-up the bare race
 * read about 900 ops/s and the floor 0.33; after 10 s, 1,260 ops/s and 0.23.
 */
const warmUpMs = { bare: 10_000, holds: 15_000, transaction: 8_000 };

/**
 * TIX-09 throughput on one in-memory DynamoDB Local started for this figure, all in the same run:
 * (a) the bare race: `concurrency` writers at once, each a conditional UpdateItem
 *     (`remaining >= 1`, ADD −1) on one counter item, for `windowMs`; ops/s.
 * (b) placeHold as checkout calls it (with the category it read to price the order): `concurrency`
 *     buyers at once holding 1 or 2 tickets of one category of 8 counter shards, each one
 *     TransactWriteItems (the shard's conditional update and the hold); orders/s.
 * Budgeted: (b) ÷ (a) ≥ 0.5. For reference: the bare race with each write alone in a
 * TransactWriteItems (on DynamoDB Local a transaction costs several single writes), and a
 * hand-written two-item transaction (a counter shard's update and a put): the floor of any design
 * that, as TIX-09 requires, takes seats in the order's transaction; placeHold reading the category
 * itself, and placeHold on a category of a single counter. Each run checks afterwards that no shard
 * sold or held more than its capacity. The engine is warmed up first (`warmUpMs`). DynamoDB Local
 * is one process sharing this machine: the figures compare designs on one engine, they do not
 * predict DynamoDB's own rates (where one item takes at most 1,000 writes/s and transactions on one
 * item conflict, which is what the shards avoid).
 */
export async function measure(): Promise<Figure[]> {
  const port = await freePort();
  const engine = await startDynamoDbLocal({ port, timeoutMs: 30_000 });
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    const table = `bench-inventory-${ulid().toLowerCase()}`;
    const dynamo = new DynamoDBClient(localClientConfig(endpoint));
    try {
      await ensureTable(dynamo, table);
    } finally {
      dynamo.destroy();
    }
    const vars = { ...localAwsEnv(), [env.tableName]: table, [env.endpoint('dynamodb')]: endpoint };
    const clock = fixedClock(new Date());
    const deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log'> = {
      db: createDatabases(documentClient(vars), table),
      clock,
      ids: () => ulid(),
      log: jsonLogger({ bench: 'ticket-inventory' }, 'warn'),
    };
    await deps.db.calendar.entities.event
      .create({
        eventId: 'BENCH-EVENT',
        orgId: 'BENCH-ORG',
        presenterOrgId: 'BENCH-ORG',
        status: 'draft',
        version: 1,
        title: 'Banc',
        slug: 'banc',
        venueIds: [],
        categoryIds: [],
        audienceIds: [],
        startsAt: '2027-01-01T00:00:00.000Z',
        endsAt: '2027-01-01T02:00:00.000Z',
        showTime: true,
        timeZone: 'America/Toronto',
        createdAt: clock.now().toISOString(),
        createdBy: 'bench',
        updatedAt: clock.now().toISOString(),
        updatedBy: 'bench',
      })
      .go();
    const actor = { userId: 'bench', orgId: 'BENCH-ORG', staff: false };
    const category = async (quantity: number) =>
      (
        await saveTicketType(deps, {
          actor,
          eventId: 'BENCH-EVENT',
          fields: { nameFr: 'Régulier', nameEn: 'Regular', priceCents: 2500, quantity, perPersonMax: 2 },
        })
      ).ticketTypeId;

    // (a) The bare race on one counter item.
    const raw = documentClient(vars);
    await raw.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'BENCH#RACE', sk: 'COUNTER' },
        UpdateExpression: 'SET remaining = :capacity',
        ExpressionAttributeValues: { ':capacity': 100_000_000 },
      }),
    );
    const race = {
      TableName: table,
      Key: { pk: 'BENCH#RACE', sk: 'COUNTER' },
      UpdateExpression: 'ADD remaining :minus',
      ConditionExpression: 'remaining >= :one',
      ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
    };
    const take = () => raw.send(new UpdateCommand(race));
    // The same write alone in a TransactWriteItems: what the engine charges for a transaction.
    const takeInTransaction = () => raw.send(new TransactWriteCommand({ TransactItems: [{ Update: race }] }));
    // The floor TIX-09 sets: a counter's update and one more item (the hold, the order) in one
    // transaction, written by hand (no ElectroDB, no index entry, no sale-state condition).
    let floorShard = 0;
    const floor = () => {
      floorShard = (floorShard + 1) % 8;
      return raw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { pk: 'BENCH#RACE', sk: `SHARD#${floorShard}` },
                UpdateExpression: 'ADD remaining :minus',
                ExpressionAttributeValues: { ':minus': -1 },
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk: `BENCH#HOLD#${ulid()}`, sk: 'HOLD' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    };

    // (b) placeHold, 1 or 2 tickets per order.
    const holds = async (ticketTypeId: string, priced: boolean, ms = windowMs) => {
      const ticketTypes = priced
        ? (await listTicketTypes(deps, { eventId: 'BENCH-EVENT' })).ticketTypes
        : undefined;
      let order = 0;
      let refused = 0;
      const measured = await rate(async () => {
        order += 1;
        try {
          await placeHold(deps, {
            holdId: ulid(),
            subject: { kind: 'order', id: ulid() },
            lines: [{ eventId: 'BENCH-EVENT', ticketTypeId, quantity: 1 + (order % 2) }],
            heldUntil: new Date(clock.now().getTime() + 15 * 60_000).toISOString(),
            ticketTypes,
          });
        } catch (error) {
          if (!(error instanceof InventoryBusyError || error instanceof SoldOutError)) throw error;
          refused += 1;
        }
      }, ms);
      const shards = await readShards(deps, 'BENCH-EVENT', ticketTypeId);
      if (shards.some((shard) => shard.remaining < 0 || shard.held + shard.sold > shard.capacity)) {
        throw new Error('a shard sold or held more than its capacity');
      }
      return { ...measured, refused };
    };
    const shardedType = await category(100_000);
    // Warm-up of both paths (the engine's JIT), then two interleaved rounds, so a drift of this
    // shared machine's load weighs on both sides of the ratio alike.
    await rate(take, warmUpMs.bare);
    await holds(shardedType, true, warmUpMs.holds);
    await rate(takeInTransaction, warmUpMs.transaction);
    await rate(floor, warmUpMs.transaction);
    const rounds = [];
    for (let round = 0; round < 2; round += 1) {
      rounds.push({
        bare: await rate(take),
        transaction: await rate(takeInTransaction),
        floor: await rate(floor),
        sharded: await holds(shardedType, true),
      });
    }
    const bare = perSecond(rounds.map((r) => r.bare));
    const transaction = perSecond(rounds.map((r) => r.transaction));
    const twoItems = perSecond(rounds.map((r) => r.floor));
    const sharded = perSecond(rounds.map((r) => r.sharded));
    const unpriced = await holds(await category(100_000), false);
    const single = await holds(await unsharded(deps, 100_000), true);
    return [
      {
        name: 'inventory: bare conditional-write race on 1 item',
        value: bare,
        unit: 'ops/s',
        budget: 'reference',
      },
      { name: 'inventory: placeHold, 8 shards', value: sharded, unit: 'orders/s', budget: 'reference' },
      {
        name: 'inventory: placeHold ÷ bare race',
        value: sharded / bare,
        unit: '',
        budget: ratioBudget,
        kind: 'min',
      },
      {
        name: 'inventory: the same race, each write alone in a TransactWriteItems',
        value: transaction,
        unit: 'ops/s',
        budget: 'reference',
      },
      {
        name: 'inventory: a hand-written two-item transaction (counter + hold) ÷ bare race: the floor',
        value: twoItems / bare,
        unit: '',
        budget: 'reference',
      },
      {
        name: 'inventory: placeHold ÷ one-item transaction race',
        value: sharded / transaction,
        unit: '',
        budget: 'reference',
      },
      {
        name: 'inventory: placeHold reading its category, 8 shards',
        value: unpriced.perSecond,
        unit: 'orders/s',
        budget: 'reference',
      },
      {
        name: 'inventory: placeHold, 1 shard',
        value: single.perSecond,
        unit: 'orders/s',
        budget: 'reference',
      },
    ];
  } finally {
    await engine.stop();
  }
}

/** Operations per second over several measured windows together. */
function perSecond(runs: { count: number; seconds: number }[]): number {
  return runs.reduce((sum, run) => sum + run.count, 0) / runs.reduce((sum, run) => sum + run.seconds, 0);
}

/** Runs `operation` from `concurrency` loops at once for `ms`; completed operations per second. */
async function rate(
  operation: () => Promise<unknown>,
  ms = windowMs,
): Promise<{ perSecond: number; count: number; seconds: number }> {
  const deadline = performance.now() + ms;
  let count = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        count += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, count, seconds };
}

/** A category whose 100,000 seats sit on one counter, as the design before shards had it. */
async function unsharded(deps: Pick<Deps, 'db' | 'clock'>, quantity: number): Promise<string> {
  const ticketTypeId = ulid();
  const at = deps.clock.now().toISOString();
  await deps.db.ticketing.transaction
    .write(({ ticketType, inventoryShard }) => [
      ticketType
        .create({
          eventId: 'BENCH-EVENT',
          ticketTypeId,
          orgId: 'BENCH-ORG',
          nameFr: 'Un seul compteur',
          nameEn: 'One counter',
          priceCents: 2500,
          taxes: 'included',
          quantity,
          perPersonMax: 2,
          shards: 1,
          version: 1,
          createdAt: at,
          updatedAt: at,
          updatedBy: 'bench',
        })
        .commit(),
      inventoryShard
        .create({
          eventId: 'BENCH-EVENT',
          ticketTypeId,
          shard: '00',
          capacity: quantity,
          remaining: quantity,
          perPersonMax: 2,
        })
        .commit(),
    ])
    .go();
  return ticketTypeId;
}
