import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { env } from '../../infra/wiring';

/**
 * SDK clients, created once per container. On AWS they use the Lambda role and region; locally
 * `PARVIS_ENDPOINT_*` points each at its engine (DynamoDB Local, fauxqs, the SES twin).
 */
type Service = 'dynamodb' | 'sqs' | 'ses';

function options(service: Service, vars: NodeJS.ProcessEnv) {
  const endpoint = vars[env.endpoint(service)];
  return endpoint ? { endpoint, region: vars.AWS_REGION ?? 'ca-central-1' } : {};
}

const cache = new Map<string, unknown>();

function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

export function dynamoClient(vars: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  return once(
    `dynamodb:${vars[env.endpoint('dynamodb')] ?? ''}`,
    () => new DynamoDBClient(options('dynamodb', vars)),
  );
}

export function sqsClient(vars: NodeJS.ProcessEnv = process.env): SQSClient {
  return once(`sqs:${vars[env.endpoint('sqs')] ?? ''}`, () => new SQSClient(options('sqs', vars)));
}

export function sesClient(vars: NodeJS.ProcessEnv = process.env): SESv2Client {
  return once(`ses:${vars[env.endpoint('ses')] ?? ''}`, () => new SESv2Client(options('ses', vars)));
}
