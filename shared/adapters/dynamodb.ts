import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from './aws-clients';

/**
 * The DynamoDB client ElectroDB is given (shared/db/databases.ts): the SDK's document client, which
 * converts plain JavaScript values to DynamoDB's attribute values. The translation options are
 * lib-dynamodb's defaults, spelled out because ElectroDB is built and tested against them: each
 * top-level attribute is converted on its own and an `undefined` one is left out, but an `undefined`
 * inside a map or list is an error rather than silently dropped; numbers come back as numbers.
 * The SDK gives every TransactWriteItems an idempotency token, so a retried transaction applies once.
 */
export function documentClient(vars: NodeJS.ProcessEnv): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(awsClient(DynamoDBClient, 'dynamodb', vars), {
    marshallOptions: {
      removeUndefinedValues: false,
      convertEmptyValues: false,
      convertClassInstanceToMap: false,
    },
    unmarshallOptions: { wrapNumbers: false },
  });
}
