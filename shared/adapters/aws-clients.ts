import { appendFileSync } from 'node:fs';
import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { env } from '../../infra/wiring';

/** The AWS services Parvis's adapters call, by the name of their `PARVIS_ENDPOINT_*` variable. */
export type AwsService = 'dynamodb' | 'sqs' | 'ses' | 's3';

/**
 * Milliseconds to open a connection, and to get a whole answer once it is open. The SDK has no
 * answer deadline by default: a stalled connection would hold the function until Lambda kills it.
 * These are sized for functions of 30 s to 2 min that make a few dozen calls: DynamoDB and SQS
 * answer in milliseconds and their time-outs are retried by the SDK; SES gets longer, because its
 * time-outs are never retried (shared/adapters/ses.ts) and each one leaves a mail in doubt.
 */
export const timeouts: Record<AwsService, { connectMs: number; answerMs: number }> = {
  dynamodb: { connectMs: 3_000, answerMs: 10_000 },
  sqs: { connectMs: 3_000, answerMs: 10_000 },
  ses: { connectMs: 3_000, answerMs: 15_000 },
  s3: { connectMs: 3_000, answerMs: 30_000 },
};

/** Any SDK v3 client: what this module needs of one. */
interface SdkClient {
  // biome-ignore lint/suspicious/noExplicitAny: every client has its own input and output unions.
  middlewareStack: MiddlewareStack<any, any>;
}

/**
 * Builds an AWS SDK v3 client the Parvis way; every adapter builds its clients here, once per
 * container. On Lambda, credentials come from the SDK's default chain (the role's, in the
 * environment) and the region from AWS_REGION. Locally (`PARVIS_ENDPOINT_<SERVICE>` set by the twin)
 * the client talks to the engine on 127.0.0.1 with the twin's fake credentials. Connections are
 * kept alive between invocations; `overrides` carries a service's own settings (S3's path style,
 * SES's retry strategy).
 */
export function awsClient<Config extends object, Client extends SdkClient>(
  Client: new (config: Config) => Client,
  service: AwsService,
  vars: NodeJS.ProcessEnv,
  overrides: Partial<Config> = {},
): Client {
  const region = vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION;
  if (!region)
    throw new Error('Missing environment variable AWS_REGION (Lambda sets it, and so does the twin)');
  const endpoint = vars[env.endpoint(service)];
  const { connectMs, answerMs } = timeouts[service];
  const agent = { keepAlive: true, maxSockets: 50 };
  const config = {
    region,
    ...(endpoint ? { endpoint, credentials: localCredentials(vars) } : {}),
    requestHandler: {
      connectionTimeout: connectMs,
      requestTimeout: answerMs,
      // Without it the SDK only warns when the deadline passes and keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent: agent,
      httpsAgent: agent,
    },
    ...overrides,
  } as Config;
  const client = new Client(config);
  logCalls(client, vars);
  return client;
}

/** The twin's fake identity, from the variables it sets (infra/local/local-aws.ts). */
function localCredentials(vars: NodeJS.ProcessEnv) {
  const accessKeyId = vars.AWS_ACCESS_KEY_ID;
  const secretAccessKey = vars.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('A local endpoint is set but AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is missing');
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * When `PARVIS_AWS_CALL_LOG` names a file (the twin, in tests only), appends one JSON line per call
 * to it: which function called which command on which resource, so a test can derive what each
 * function's role must grant (infra/iam.test.ts). Unset, nothing is added to the client.
 */
function logCalls(client: SdkClient, vars: NodeJS.ProcessEnv): void {
  const file = vars[env.awsCallLog];
  if (!file) return;
  const caller = vars.AWS_LAMBDA_FUNCTION_NAME ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'web';
  // biome-ignore lint/suspicious/noExplicitAny: the same middleware serves every client.
  const middleware: InitializeMiddleware<any, any> = (next, context) => async (args) => {
    const line = {
      function: caller,
      client: context.clientName,
      command: context.commandName,
      input: resourceNames(args.input as Record<string, unknown>),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'parvisAwsCallLog', override: true });
}

/** The members of a command's input that name a resource IAM can scope; never data. */
const namingFields = [
  'TableName',
  'IndexName',
  'QueueUrl',
  'ConfigurationSetName',
  'FromEmailAddress',
  'Bucket',
] as const;

/** The resources a call names, and nothing else (no keys, items, bodies or addresses but the sender). */
export function resourceNames(input: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, unknown> = {};
  for (const field of namingFields) if (input[field] !== undefined) names[field] = input[field];
  if (Array.isArray(input.TransactItems)) {
    names.TransactItems = input.TransactItems.map((item: Record<string, { TableName?: string }>) =>
      Object.fromEntries(
        Object.entries(item).map(([action, target]) => [action, { TableName: target?.TableName }]),
      ),
    );
  }
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    names.RequestItems = Object.keys(input.RequestItems);
  }
  return names;
}
