import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { env } from '../../infra/wiring';

/**
 * SDK clients, created once per container and the SQS and SES ones only when first needed: a function that never
 * sends mail never loads the SES client, which keeps cold starts short (see `npm run bench`).
 * On AWS they use the Lambda role and region; locally `PARVIS_ENDPOINT_*` points each at its
 * engine (DynamoDB Local, fauxqs, the SES twin).
 */
type Service = 'dynamodb' | 'sqs' | 'ses';

export function clientOptions(service: Service, vars: NodeJS.ProcessEnv) {
  const endpoint = vars[env.endpoint(service)];
  return endpoint ? { endpoint, region: vars.AWS_REGION ?? 'ca-central-1' } : {};
}

const cache = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

/** Every function reads the table, so this one is loaded eagerly. */
export function dynamoClient(vars: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  return once(
    `dynamodb:${vars[env.endpoint('dynamodb')] ?? ''}`,
    () => new DynamoDBClient(clientOptions('dynamodb', vars)),
  );
}

export function sqsClient(
  vars: NodeJS.ProcessEnv = process.env,
): Promise<{ client: SQSClient; sdk: typeof import('@aws-sdk/client-sqs') }> {
  return once(`sqs:${vars[env.endpoint('sqs')] ?? ''}`, async () => {
    const sdk = await import('@aws-sdk/client-sqs');
    return { client: new sdk.SQSClient(clientOptions('sqs', vars)), sdk };
  });
}

export function sesClient(
  vars: NodeJS.ProcessEnv = process.env,
): Promise<{ client: SESv2Client; sdk: typeof import('@aws-sdk/client-sesv2') }> {
  return once(`ses:${vars[env.endpoint('ses')] ?? ''}`, async () => {
    const sdk = await import('@aws-sdk/client-sesv2');
    return { client: new sdk.SESv2Client(clientOptions('ses', vars)), sdk };
  });
}
