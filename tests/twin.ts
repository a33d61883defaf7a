import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import type { Endpoints } from '../infra/local/engines';
import { localClientConfig } from '../infra/local/local-aws';
import { ensureTable } from '../infra/local/provision';
import { env, type QueueKey } from '../infra/wiring';
import { createDeps } from '../shared/adapters/create-deps';
import { documentClient } from '../shared/adapters/dynamodb';
import type { Deps } from '../shared/deps';
import type { Clock } from '../shared/kernel/ports';
import { readSentMail, type SentMail } from './mail-viewer';

export { type SentMail, waitFor } from './mail-viewer';

/** What tests/global-setup.ts provides to every test file. */
export interface TwinContext {
  /** The environment the functions and the web server get (table, queue URLs, endpoints, fake AWS credentials). */
  env: Record<string, string>;
  /** The runner's control server. */
  controlUrl: string;
  endpoints: Endpoints;
  /** The file the functions' AWS clients append their calls to (see awsCalls). */
  awsCallLog: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    twin: TwinContext;
  }
}

/**
 * Points this test file at the shared twin: copies its environment into process.env (so adapters and
 * handlers imported afterwards find the table, queues and endpoints) and returns it.
 */
export function useTwin(): Record<string, string> {
  const { env } = inject('twin');
  Object.assign(process.env, env);
  return env;
}

export function twin(): TwinContext {
  return inject('twin');
}

/** Invokes a schedule of wiring.ts now, as if it fired at `at`; rejects with the handler's error. */
export async function fireSchedule(name: string, at?: Date): Promise<unknown> {
  const query = at ? `?at=${encodeURIComponent(at.toISOString())}` : '';
  const response = await fetch(`${twin().controlUrl}/schedules/${encodeURIComponent(name)}/fire${query}`, {
    method: 'POST',
  });
  const body = (await response.json()) as { result?: unknown; error?: string };
  if (!response.ok) throw new Error(`Schedule ${name} failed (${response.status}): ${body.error}`);
  return body.result;
}

/**
 * Resolves once every queue of wiring.ts is empty and no function runs. A record that failed waits
 * out its queue's visibility timeout (minutes for the real queues) before it counts as done.
 */
export async function waitIdle(timeoutMs = 30_000): Promise<void> {
  const response = await fetch(`${twin().controlUrl}/idle?timeoutMs=${timeoutMs}`);
  if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error);
}

/** The mails the shared twin's SES received (see tests/mail-viewer.ts). */
export function sentMail(filter: { to?: string; since?: Date; endpoint?: string } = {}): Promise<SentMail[]> {
  return readSentMail({ ...filter, endpoint: filter.endpoint ?? twin().endpoints.ses });
}

/**
 * Empties the SES twin's store (POST /clear-store). It is shared by every test file running at the
 * same time, so only a test that owns the whole run (or runs alone) should call this.
 */
export async function clearSentMail(): Promise<void> {
  await fetch(`${twin().endpoints.ses}/clear-store`, { method: 'POST' });
}

let sqs: SQSClient | undefined;

/**
 * Puts a raw body on one of wiring.ts's queues, as another service (or a broken producer) would:
 * for duplicates, poison messages and samples that must not go through the outbox.
 */
export async function publishRaw(queue: QueueKey, body: string): Promise<void> {
  const { env: vars } = twin();
  sqs ??= new SQSClient({ endpoint: vars[env.endpoint('sqs')], region: vars.AWS_REGION });
  await sqs.send(new SendMessageCommand({ QueueUrl: vars[env.queueUrl(queue)], MessageBody: body }));
}

/**
 * One AWS call a function of the twin made, as shared/adapters logs it when PARVIS_AWS_CALL_LOG is
 * set: who called, which client and command, and the fields of the input that name a resource.
 */
export interface AwsCall {
  /** The wiring name of the function (AWS_LAMBDA_FUNCTION_NAME), or `web`. */
  function: string;
  /** `DynamoDBClient`, `SQSClient`, `SESv2Client`, `S3Client`… */
  client: string;
  /** `QueryCommand`, `SendMessageBatchCommand`… */
  command: string;
  input: {
    TableName?: string;
    IndexName?: string;
    QueueUrl?: string;
    ConfigurationSetName?: string;
    FromEmailAddress?: string;
    Bucket?: string;
    TransactItems?: Record<string, { TableName?: string }>[];
    /** The table names of a batch call. */
    RequestItems?: string[];
  };
}

/**
 * Every AWS call the twin's functions have made since the run began, oldest first. The file is
 * shared by every test file of the run; a line still being appended is skipped.
 */
export function awsCalls(filter: { function?: string } = {}): AwsCall[] {
  const calls: AwsCall[] = [];
  for (const line of readFileSync(twin().awsCallLog, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let call: AwsCall;
    try {
      call = JSON.parse(line) as AwsCall;
    } catch {
      continue;
    }
    if (!filter.function || call.function === filter.function) calls.push(call);
  }
  return calls;
}

/**
 * A new table of its own in the twin's DynamoDB Local, built like the real one, and the twin's
 * environment pointing at it: for tests whose fixed-clock jobs read whole indexes (the release
 * job), so they never touch other test files' items, nor the runner theirs.
 */
export async function privateTable(prefix: string): Promise<Record<string, string>> {
  const vars = twin().env;
  const table = `${prefix}-${ulid().toLowerCase()}`;
  const dynamo = new DynamoDBClient(localClientConfig(vars[env.endpoint('dynamodb')] ?? ''));
  try {
    await ensureTable(dynamo, table);
  } finally {
    dynamo.destroy();
  }
  return { ...vars, [env.tableName]: table };
}

/** A use-case test's own world: deps over a private table, and a raw view of that table's items. */
export interface PrivateTestBed {
  deps: Deps;
  tableName: string;
  /** The document client on that table, for what a test must see or write below the entities. */
  raw: DynamoDBDocumentClient;
  /** The item stored under `pk` · `sk`, as DynamoDB holds it (strongly consistent). */
  item(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
}

/** Deps over a `privateTable(prefix)`, with the given clock and a silent logger. */
export async function privateTestBed(prefix: string, clock: Clock): Promise<PrivateTestBed> {
  const vars = await privateTable(prefix);
  const tableName = vars[env.tableName] ?? '';
  const raw = documentClient(vars);
  const silent = { info() {}, warn() {}, error() {} };
  return {
    deps: { ...createDeps(vars, { test: prefix }), clock, log: silent },
    tableName,
    raw,
    item: async (pk, sk) =>
      (await raw.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item,
  };
}
