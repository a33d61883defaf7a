import * as sdk from '@aws-sdk/lib-dynamodb';
import { createWriteTransaction, Entity } from 'electrodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../../infra/wiring';
import { useTwin } from '../../../tests/twin';
import { isConditionFailure } from '../../db/conditions';
import * as standIns from './document-commands';
import { type DocumentClient, documentClient } from './dynamodb';
import { awsClient } from './request';

/**
 * Parvis's DynamoDB client against DynamoDB Local, driven by ElectroDB as the use cases drive it.
 * Unbundled, ElectroDB hands it the real `@aws-sdk/lib-dynamodb` commands; in the Lambda bundles
 * it gets the stand-ins of ./document-commands.ts: both are run here.
 */
let client: DocumentClient;
let tableName: string;

beforeAll(() => {
  const vars = useTwin();
  client = documentClient(awsClient(vars));
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

describe('DynamoDB client (ROLE-06 data layer)', () => {
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
    const { data } = await things.get({ groupId, thingId: 'a' }).go();
    expect(data).toEqual(item);

    await things.patch({ groupId, thingId: 'a' }).set({ label: 'renamed' }).add({ count: 1 }).go();
    expect((await things.get({ groupId, thingId: 'a' }).go()).data).toMatchObject({
      label: 'renamed',
      count: 43.5,
    });

    await things.delete({ groupId, thingId: 'a' }).go();
    expect((await things.get({ groupId, thingId: 'a' }).go()).data).toBeNull();
  });

  it('PLAT-03 pages a query with the cursor (LastEvaluatedKey both ways)', async () => {
    const things = thing();
    const groupId = ulid();
    for (const thingId of ['a', 'b', 'c', 'd', 'e']) await things.put({ groupId, thingId, count: 1 }).go();
    const first = await things.query.primary({ groupId }).go({ limit: 2 });
    expect(first.data.map((t) => t.thingId)).toEqual(['a', 'b']);
    expect(first.cursor).toBeTruthy();
    const rest = await things.query.primary({ groupId }).go({ cursor: first.cursor, pages: 'all' });
    expect(rest.data.map((t) => t.thingId)).toEqual(['c', 'd', 'e']);
  });

  it('PLAT-03 batch-writes and batch-gets', async () => {
    const things = thing();
    const groupId = ulid();
    const items = Array.from({ length: 30 }, (_, index) => ({
      groupId,
      thingId: String(index).padStart(2, '0'),
    }));
    const written = await things.put(items).go();
    expect(written.unprocessed).toEqual([]);
    const read = await things.get(items.map(({ thingId }) => ({ groupId, thingId }))).go();
    expect(read.data).toHaveLength(30);
    expect(read.unprocessed).toEqual([]);
  });

  it('ROLE-06 reports a failed condition, alone or inside a transaction, and writes nothing', async () => {
    const things = thing();
    const groupId = ulid();
    await things.create({ groupId, thingId: 'a', count: 1 }).go();
    const single = await things
      .create({ groupId, thingId: 'a' })
      .go()
      .catch((error: unknown) => error);
    expect(isConditionFailure(single)).toBe(true);

    const result = await createWriteTransaction({ things }, ({ things }) => [
      things.create({ groupId, thingId: 'b' }).commit(),
      things.create({ groupId, thingId: 'a' }).commit(),
    ]).go();
    expect(result.canceled).toBe(true);
    expect(result.data.map((reason) => reason.code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((await things.get({ groupId, thingId: 'b' }).go()).data).toBeNull();
  });

  it('ROLE-06 a transaction replayed with its token applies once', async () => {
    const groupId = ulid();
    const key = { pk: { S: `TEST#${groupId}` }, sk: { S: 'THING#t' } };
    const body = (token: string) => ({
      TransactItems: [{ Put: { TableName: tableName, Item: { pk: key.pk.S, sk: key.sk.S, n: 1 } } }],
      ClientRequestToken: token,
    });
    const token = ulid();
    await client.send(new standIns.TransactWriteCommand(body(token)));
    // The same token again within 10 minutes is the same transaction: accepted, not applied twice.
    await client.send(new standIns.TransactWriteCommand(body(token)));
    const read = (await client.send(
      new standIns.GetCommand({ TableName: tableName, Key: { pk: key.pk.S, sk: key.sk.S } }),
    )) as {
      Item?: Record<string, unknown>;
    };
    expect(read.Item).toEqual({ pk: key.pk.S, sk: key.sk.S, n: 1 });
  });

  it.each([
    ['the real lib-dynamodb commands', sdk],
    ['the bundles’ stand-ins', standIns],
  ] as const)('PLAT-03 executes %s the same way', async (_, commands) => {
    const groupId = ulid();
    const Key = { pk: `TEST#${groupId}`, sk: 'THING#x' };
    await client.send(
      new commands.PutCommand({
        TableName: tableName,
        Item: { ...Key, list: [1, 'two', { three: 3 }], gone: undefined },
      }),
    );
    const got = (await client.send(new commands.GetCommand({ TableName: tableName, Key }))) as {
      Item?: Record<string, unknown>;
    };
    expect(got.Item).toEqual({ ...Key, list: [1, 'two', { three: 3 }] });
    const cancelled = await client
      .send(
        new commands.TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: { TableName: tableName, Key, ConditionExpression: 'attribute_not_exists(pk)' },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);
    expect(isConditionFailure(cancelled)).toBe(true);
  });

  it('ROLE-06 marshals as lib-dynamodb does and adds an idempotency token to every transaction', async () => {
    const calls: { target?: string; body: unknown }[] = [];
    const recording = documentClient({
      call: async (request) => {
        calls.push({ target: request.target, body: request.body });
        return {} as never;
      },
    });
    await recording.send(
      new standIns.TransactWriteCommand({
        TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', n: 1, skip: undefined, on: true } } }],
      }),
    );
    expect(calls[0]).toEqual({
      target: 'DynamoDB_20120810.TransactWriteItems',
      body: {
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: { S: 'a' }, n: { N: '1' }, on: { BOOL: true } } } },
        ],
        ClientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
  });

  it('ROLE-06 refuses a scan: no Parvis path scans the table', async () => {
    await expect(client.send(new sdk.ScanCommand({ TableName: tableName }))).rejects.toThrow(
      /ScanCommand is not supported/,
    );
  });
});
