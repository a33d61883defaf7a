import { randomUUID } from 'node:crypto';
import { convertToAttr, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AwsClient } from './request';

/**
 * The DynamoDB client ElectroDB is given: it takes the document commands ElectroDB builds (plain
 * JavaScript values, see ./document-commands.ts), converts them to DynamoDB's attribute-value JSON
 * as `@aws-sdk/lib-dynamodb` does with its default options, and calls the DynamoDB API. There is no
 * Scan: no Parvis path scans the table (shared/db/no-scan.test.ts).
 */
export interface DocumentClient {
  send(command: { input: object }, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

type Item = Record<string, unknown>;
type Params = Record<string, unknown>;
type Convert = (value: never) => unknown;

/** Each attribute converted on its own and `undefined` ones left out, as lib-dynamodb does. */
const toDynamo = (value: Item) =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== undefined && typeof member !== 'function')
      .map(([name, member]) => [name, convertToAttr(member, { convertTopLevelContainer: true })]),
  );
const fromDynamo = (value: Parameters<typeof unmarshall>[0]) => unmarshall(value);
const list = (convert: Convert) => (values: never[]) => values.map((value) => convert(value));
const perTable = (convert: Convert) => (tables: Record<string, never>) =>
  Object.fromEntries(Object.entries(tables).map(([table, value]) => [table, convert(value)]));

/** Applies `convert` to the named members of `params` that are present. */
function members(spec: Record<string, Convert>) {
  return (params: Params): Params => {
    const out: Params = { ...params };
    for (const [name, convert] of Object.entries(spec)) {
      if (out[name] !== undefined) out[name] = convert(out[name] as never);
    }
    return out;
  };
}

const writeRequest = members({
  PutRequest: members({ Item: toDynamo }),
  DeleteRequest: members({ Key: toDynamo }),
});
const transactItem = members({
  ConditionCheck: members({ Key: toDynamo, ExpressionAttributeValues: toDynamo }),
  Put: members({ Item: toDynamo, ExpressionAttributeValues: toDynamo }),
  Delete: members({ Key: toDynamo, ExpressionAttributeValues: toDynamo }),
  Update: members({ Key: toDynamo, ExpressionAttributeValues: toDynamo }),
  Get: members({ Key: toDynamo }),
});

interface Operation {
  target: string;
  request: (params: Params) => Params;
  response: (result: Params) => Params;
}

/** PutItem, UpdateItem, DeleteItem: one item named by `Item` or `Key`, its old values back. */
const itemWrite = (target: string, item: 'Item' | 'Key'): Operation => ({
  target,
  request: members({ [item]: toDynamo, ExpressionAttributeValues: toDynamo }),
  response: members({ Attributes: fromDynamo }),
});

/** The operations, by the class name of the document command that asks for each. */
const operations = new Map<string, Operation>([
  [
    'GetCommand',
    { target: 'GetItem', request: members({ Key: toDynamo }), response: members({ Item: fromDynamo }) },
  ],
  ['PutCommand', itemWrite('PutItem', 'Item')],
  ['UpdateCommand', itemWrite('UpdateItem', 'Key')],
  ['DeleteCommand', itemWrite('DeleteItem', 'Key')],
  [
    'QueryCommand',
    {
      target: 'Query',
      request: members({ ExclusiveStartKey: toDynamo, ExpressionAttributeValues: toDynamo }),
      response: members({ Items: list(fromDynamo), LastEvaluatedKey: fromDynamo }),
    },
  ],
  [
    'BatchGetCommand',
    {
      target: 'BatchGetItem',
      request: members({ RequestItems: perTable(members({ Keys: list(toDynamo) })) }),
      response: members({
        Responses: perTable(list(fromDynamo)),
        UnprocessedKeys: perTable(members({ Keys: list(fromDynamo) })),
      }),
    },
  ],
  [
    'BatchWriteCommand',
    {
      target: 'BatchWriteItem',
      request: members({ RequestItems: perTable(list(writeRequest)) }),
      response: members({
        UnprocessedItems: perTable(
          list(
            members({
              PutRequest: members({ Item: fromDynamo }),
              DeleteRequest: members({ Key: fromDynamo }),
            }),
          ),
        ),
      }),
    },
  ],
  [
    'TransactGetCommand',
    {
      target: 'TransactGetItems',
      request: members({ TransactItems: list(transactItem) }),
      response: members({ Responses: list(members({ Item: fromDynamo })) }),
    },
  ],
  [
    'TransactWriteCommand',
    {
      target: 'TransactWriteItems',
      // Like the SDK, an idempotency token per call, so that a retried transaction applies once.
      request: (params) => ({
        ...members({ TransactItems: list(transactItem) })(params),
        ClientRequestToken: params.ClientRequestToken ?? randomUUID(),
      }),
      response: (result) => result,
    },
  ],
]);

export function documentClient(aws: AwsClient): DocumentClient {
  return {
    async send(command, options = {}) {
      const operation = operations.get(command.constructor.name);
      if (!operation) {
        throw new Error(`${command.constructor.name} is not supported by Parvis's DynamoDB client`);
      }
      const result = await aws.call<Params>({
        service: 'dynamodb',
        target: `DynamoDB_20120810.${operation.target}`,
        body: operation.request(command.input as Params),
        signal: options.abortSignal,
      });
      return operation.response(result);
    },
  };
}
