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

/** A mail the SES twin received, flattened from its /store format (aws-ses-v2-local). */
export interface SentMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers: { name: string; value: string }[];
  /** When the twin received it. */
  at: Date;
}

/** The shape of one mail in aws-ses-v2-local's GET /store. */
interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: SentMail['attachments'];
  headers?: SentMail['headers'];
  at: number;
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

/**
 * The mails the SES twin received, oldest first. Every test file shares the one SES twin, so filter
 * on a recipient unique to your test rather than clearing the store.
 */
export async function sentMail(
  filter: { to?: string; since?: Date; endpoint?: string } = {},
): Promise<SentMail[]> {
  const query = filter.since ? `?since=${Math.floor(filter.since.getTime() / 1000)}` : '';
  const response = await fetch(`${filter.endpoint ?? twin().endpoints.ses}/store${query}`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  const mails = emails.map(
    (mail): SentMail => ({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.destination.to,
      cc: mail.destination.cc,
      bcc: mail.destination.bcc,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.body.text,
      html: mail.body.html,
      attachments: mail.attachments,
      headers: mail.headers ?? [],
      at: new Date(mail.at * 1000),
    }),
  );
  return filter.to ? mails.filter((mail) => mail.to.includes(filter.to as string)) : mails;
}

/** Polls `probe` until it returns a truthy value, which it resolves with; rejects after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waitFor: condition not met within ${timeoutMs} ms${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
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
