import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type GlobalIndexName, keyAttributeNames, projectedAttributes, table } from '../../shared/db/table';
import { buckets, env, type QueueKey, queues, topics, visibilityTimeoutSeconds } from '../wiring';
import type { Endpoints } from './engines';
import { localAwsEnv, localClientConfig } from './local-aws';
import { snsQuery } from './sns-query';

export interface ProvisionOptions {
  /** The public URL of the site, for links in e-mails. */
  siteUrl?: string;
  /**
   * Overrides every queue's visibility timeout, which is also the delay before a failed record is
   * retried. wiring.ts asks for six times the function timeout (minutes); the test suite uses a few
   * seconds so that retries and dead-lettering happen within a test.
   */
  visibilityTimeoutSeconds?: number;
}

/** The local table name (on AWS, CloudFormation chooses it). */
export const localTableName = table.logicalName;

/** Name of a queue's dead-letter queue. */
export function deadLetterQueueName(queueName: string): string {
  return `${queueName}-dlq`;
}

/** A queue as the CDK stacks declare it: its name, its redrive threshold, its visibility timeout. */
export interface QueueSpec {
  name: string;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export interface ProvisionedQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
  deadLetterArn: string;
}

/**
 * Creates, or brings up to date, everything wiring.ts and shared/db/table.ts declare: the table
 * (GSIs, TTL), each queue with its DLQ, the SNS topic and its queue subscriptions, the buckets.
 * Safe to run on every start, including over a persisted data directory. Returns the environment
 * every function and the web server receive, under the names wiring.ts gives them.
 */
export async function provision(
  endpoints: Endpoints,
  options: ProvisionOptions = {},
): Promise<Record<string, string>> {
  const dynamo = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const sqs = new SQSClient(localClientConfig(endpoints.sqs));
  const s3 = new S3Client({ ...localClientConfig(endpoints.s3), forcePathStyle: true });
  try {
    const queueEntries = Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][];
    const [, provisioned] = await Promise.all([
      ensureTable(dynamo, localTableName),
      Promise.all(
        queueEntries.map(async ([key, queue]) => {
          const visibility = options.visibilityTimeoutSeconds ?? visibilityTimeoutSeconds(key);
          const spec = { ...queue, visibilityTimeoutSeconds: visibility };
          return [key, await ensureQueue(sqs, endpoints.sqs, spec)] as const;
        }),
      ),
      Promise.all(Object.values(buckets).map((bucket) => ensureBucket(s3, bucket.name))),
    ]);
    const queueByKey = new Map<QueueKey, ProvisionedQueue>(provisioned);
    const sns = snsQuery(endpoints.sns);
    for (const topic of Object.values(topics)) {
      const topicArn = await sns.createTopic(topic.name);
      for (const subscriber of topic.subscribers) {
        const queue = queueByKey.get(subscriber);
        if (queue) await sns.subscribeQueue(topicArn, queue.arn);
      }
    }

    const vars: Record<string, string> = {
      ...localAwsEnv(),
      [env.tableName]: localTableName,
      [env.sesConfigurationSet]: 'parvis-local',
      [env.mailFrom]: 'Parvis <noreply@parvis.local>',
      [env.siteUrl]: options.siteUrl ?? 'http://127.0.0.1:5173',
      [env.endpoint('dynamodb')]: endpoints.dynamodb,
      [env.endpoint('sqs')]: endpoints.sqs,
      [env.endpoint('s3')]: endpoints.s3,
      [env.endpoint('ses')]: endpoints.ses,
      [env.endpoint('sns')]: endpoints.sns,
    };
    for (const [key, queue] of queueByKey) vars[env.queueUrl(key)] = queue.url;
    for (const key of Object.keys(buckets) as (keyof typeof buckets)[])
      vars[env.bucketName(key)] = buckets[key].name;
    return vars;
  } finally {
    dynamo.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

/** The table of shared/db/table.ts: on-demand, each GSI with its projection, TTL on. */
export async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const indexes: GlobalSecondaryIndex[] = Object.entries(table.globalIndexes).map(([name, index]) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: projectedAttributes(name as GlobalIndexName) },
  }));
  const attributeDefinitions = keyAttributeNames.map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  }));
  const existing = await dynamo
    .send(new DescribeTableCommand({ TableName: tableName }))
    .then((result) => result.Table)
    .catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    });
  if (!existing) {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes,
      }),
    );
  } else {
    // A persisted table from an older table.ts: add the missing indexes, and rebuild those whose
    // projection changed (as CloudFormation does: an index's projection cannot be updated in place).
    const present = new Map(existing.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index]));
    const projection = (p: GlobalSecondaryIndex['Projection']) =>
      `${p?.ProjectionType}:${[...(p?.NonKeyAttributes ?? [])].sort().join(',')}`;
    for (const index of indexes) {
      const current = present.get(index.IndexName);
      if (current && projection(current.Projection) === projection(index.Projection)) continue;
      if (current) {
        await dynamo.send(
          new UpdateTableCommand({
            TableName: tableName,
            GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }],
          }),
        );
      }
      await dynamo.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  }
  const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const description = ttl.TimeToLiveDescription;
  if (description?.TimeToLiveStatus !== 'ENABLED' || description.AttributeName !== table.ttlAttribute) {
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  }
}

/** A queue and its DLQ, created or updated to the given settings. */
export async function ensureQueue(
  sqs: SQSClient,
  endpoint: string,
  spec: QueueSpec,
): Promise<ProvisionedQueue> {
  const deadLetter = await upsertQueue(sqs, endpoint, deadLetterQueueName(spec.name), {
    MessageRetentionPeriod: String(14 * 24 * 3600),
  });
  const queue = await upsertQueue(sqs, endpoint, spec.name, {
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetter.arn,
      maxReceiveCount: spec.maxReceiveCount,
    }),
  });
  return { url: queue.url, arn: queue.arn, deadLetterUrl: deadLetter.url, deadLetterArn: deadLetter.arn };
}

async function upsertQueue(
  sqs: SQSClient,
  endpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  let url = await sqs
    .send(new GetQueueUrlCommand({ QueueName: name }))
    .then((result) => result.QueueUrl)
    .catch((error: unknown) => {
      if (error instanceof QueueDoesNotExist) return undefined;
      throw error;
    });
  if (url) {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  } else {
    url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  }
  if (!url) throw new Error(`SQS returned no URL for queue ${name}`);
  // fauxqs answers http://sqs.<region>.localhost:<port>/<account>/<name>, which needs *.localhost to
  // resolve; the same path on the endpoint itself reaches the same queue from any client.
  url = new URL(new URL(url).pathname, endpoint).href;
  const result = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = result.Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS returned no ARN for queue ${name}`);
  return { url, arn };
}

export async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
  }
}
