import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BuildMiddleware } from '@smithy/types';
import { createWriteTransaction, Entity } from 'electrodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { useTwin } from '../../tests/twin';
import { isConditionFailure } from '../db/conditions';
import { documentClient } from './dynamodb';

/**
 * The SDK's DynamoDB document client, as create-deps gives it to ElectroDB, against DynamoDB Local:
 * the same client and modules the Lambda bundles run (infra/bundling.test.ts).
 */
let vars: Record<string, string>;
let client: ReturnType<typeof documentClient>;
let tableName: string;

beforeAll(() => {
  vars = useTwin();
  client = documentClient(vars);
  tableName = vars[env.tableName] as string;
});

const thing = () =>
  new Entity(
    {
      model: { entity: 'clientTestThing', version: '1', service: 'parvis' },
      attributes: {
        groupId: { type: 'string', required: true },
        thingId: { type: 'string', required: true },
        label: { type: 'string' },
        count: { type: 'number' },
        active: { type: 'boolean' },
        tags: { type: 'set', items: 'string' },
        sizes: { type: 'list', items: { type: 'number' } },
        address: { type: 'map', properties: { city: { type: 'string' }, zip: { type: 'string' } } },
      },
      indexes: {
        primary: {
          pk: { field: 'pk', composite: ['groupId'], template: 'TEST#${groupId}', casing: 'none' },
          sk: { field: 'sk', composite: ['thingId'], template: 'THING#${thingId}', casing: 'none' },
        },
      },
    },
    { client, table: tableName },
  );

describe('DynamoDB document client through ElectroDB (ROLE-06 data layer)', () => {
  it('PLAT-03 round-trips every attribute type through put, get, update, query and delete', async () => {
    const things = thing();
    const groupId = ulid();
    const item = {
      groupId,
      thingId: 'a',
      label: 'Théâtre <b>& "co"</b>',
      count: 42.5,
      active: false,
      tags: ['x', 'y'],
      sizes: [1, 2, 3],
      address: { city: 'Québec', zip: 'G1R 4P5' },
    };
    await things.put(item).go();
    expect((await things.get({ groupId, thingId: 'a' }).go()).data).toEqual(item);

    await things.patch({ groupId, thingId: 'a' }).set({ label: 'renamed' }).add({ count: 1 }).go();
    expect((await things.get({ groupId, thingId: 'a' }).go()).data).toMatchObject({
      label: 'renamed',
      count: 43.5,
    });

    await things.delete({ groupId, thingId: 'a' }).go();
    expect((await things.get({ groupId, thingId: 'a' }).go()).data).toBeNull();
  });

  it('PLAT-03 pages a query with the cursor', async () => {
    const things = thing();
    const groupId = ulid();
    for (const thingId of ['a', 'b', 'c', 'd', 'e']) await things.put({ groupId, thingId, count: 1 }).go();
    const first = await things.query.primary({ groupId }).go({ limit: 2 });
    expect(first.data.map((t) => t.thingId)).toEqual(['a', 'b']);
    expect(first.cursor).toBeTruthy();
    const rest = await things.query.primary({ groupId }).go({ cursor: first.cursor, pages: 'all' });
    expect(rest.data.map((t) => t.thingId)).toEqual(['c', 'd', 'e']);
  });

  it('PLAT-03 batch-writes and batch-gets more items than one call takes', async () => {
    const things = thing();
    const groupId = ulid();
    const items = Array.from({ length: 30 }, (_, index) => ({
      groupId,
      thingId: String(index).padStart(2, '0'),
    }));
    expect((await things.put(items).go()).unprocessed).toEqual([]);
    const read = await things.get(items.map(({ thingId }) => ({ groupId, thingId }))).go();
    expect(read.data).toHaveLength(30);
    expect(read.unprocessed).toEqual([]);
  });

  it('ROLE-06 recognises the SDK’s failed conditions, alone or inside a transaction, and writes nothing', async () => {
    const things = thing();
    const groupId = ulid();
    await things.create({ groupId, thingId: 'a', count: 1 }).go();
    const single = await things
      .create({ groupId, thingId: 'a' })
      .go()
      .catch((error: unknown) => error);
    // ElectroDB wraps the SDK's ConditionalCheckFailedException; it is found through `cause`.
    expect(isConditionFailure(single)).toBe(true);

    const viaElectro = await createWriteTransaction({ things }, ({ things }) => [
      things.create({ groupId, thingId: 'b' }).commit(),
      things.create({ groupId, thingId: 'a' }).commit(),
    ]).go();
    expect(viaElectro.canceled).toBe(true);
    expect(viaElectro.data.map((reason) => reason.code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((await things.get({ groupId, thingId: 'b' }).go()).data).toBeNull();

    // The SDK's own TransactionCanceledException, with its CancellationReasons.
    const raw = await client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { pk: `TEST#${groupId}`, sk: 'THING#a' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);
    expect((raw as Error).name).toBe('TransactionCanceledException');
    expect(isConditionFailure(raw)).toBe(true);
    expect(isConditionFailure(new Error('ValidationException'))).toBe(false);
  });

  it('ROLE-06 sends an idempotency token with every transaction, so a retried one applies once', async () => {
    const bodies: string[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: a test probe on the DynamoDB client's stack.
    const capture: BuildMiddleware<any, any> = (next) => async (args) => {
      const { body } = args.request as { body?: unknown };
      bodies.push(body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body));
      return next(args);
    };
    const recorded = documentClient(vars);
    recorded.middlewareStack.add(capture, { step: 'build', name: 'testCapture' });
    const Key = { pk: `TEST#${ulid()}`, sk: 'THING#t' };
    await recorded.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: Key } }] }),
    );
    expect(JSON.parse(bodies[0] ?? '{}').ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ROLE-06 marshals as ElectroDB expects: a top-level undefined is left out, a nested one is an error', async () => {
    const Key = { pk: `TEST#${ulid()}`, sk: 'THING#u' };
    await client.send(new PutCommand({ TableName: tableName, Item: { ...Key, gone: undefined, n: 1 } }));
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key }));
    expect(Item).toEqual({ ...Key, n: 1 });
    await expect(
      client.send(new PutCommand({ TableName: tableName, Item: { ...Key, map: { gone: undefined } } })),
    ).rejects.toThrow(/removeUndefinedValues/);
  });
});
