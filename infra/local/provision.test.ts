import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type GlobalIndexName, projectedAttributes, table } from '../../shared/db/table';
import { buckets, env, type QueueKey, queues, topics } from '../wiring';
import { localClientConfig } from './local-aws';
import { deadLetterQueueName, ensureQueue, localTableName, provision } from './provision';
import { snsQuery } from './sns-query';

const twin = inject('twin');
const dynamo = new DynamoDBClient(localClientConfig(twin.endpoints.dynamodb));
const sqs = new SQSClient(localClientConfig(twin.endpoints.sqs));
afterAll(() => {
  dynamo.destroy();
  sqs.destroy();
});

const queueKeys = Object.keys(queues) as QueueKey[];

async function attributesOf(key: QueueKey) {
  const url = twin.env[env.queueUrl(key)];
  const result = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return result.Attributes ?? {};
}

describe('provision', () => {
  it('creates the table of shared/db/table.ts, on demand, with every GSI and TTL on', async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: localTableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        {
          keys: index.KeySchema?.map((k) => k.AttributeName),
          projection: index.Projection?.ProjectionType,
          projected: [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
        },
      ]),
    );
    expect(indexes).toEqual(
      Object.fromEntries(
        Object.entries(table.globalIndexes).map(([name, index]) => [
          name,
          {
            keys: [index.partitionKey, index.sortKey],
            projection: 'INCLUDE',
            projected: projectedAttributes(name as GlobalIndexName).sort(),
          },
        ]),
      ),
    );
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: localTableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: table.ttlAttribute,
    });
  });

  it('PLAT-03 gives every queue of wiring.ts its dead-letter queue after maxReceiveCount receives', async () => {
    for (const key of queueKeys) {
      const redrive = JSON.parse((await attributesOf(key)).RedrivePolicy ?? '{}');
      expect(Number(redrive.maxReceiveCount), key).toBe(queues[key].maxReceiveCount);
      expect(redrive.deadLetterTargetArn, key).toMatch(
        new RegExp(`:${deadLetterQueueName(queues[key].name)}$`),
      );
    }
  });

  it('names every table, queue, bucket and endpoint in the environment under the wiring names', () => {
    expect(twin.env[env.tableName]).toBe(localTableName);
    for (const key of queueKeys) expect(twin.env[env.queueUrl(key)]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    for (const key of Object.keys(buckets) as (keyof typeof buckets)[]) {
      expect(twin.env[env.bucketName(key)]).toBe(buckets[key].name);
    }
    for (const service of ['dynamodb', 'sqs', 'sns', 's3', 'ses'] as const) {
      expect(twin.env[env.endpoint(service)]).toBe(twin.endpoints[service]);
    }
    expect(twin.env).toMatchObject({
      AWS_REGION: 'ca-central-1',
      [env.mailFrom]: 'Parvis <noreply@parvis.local>',
      [env.sesConfigurationSet]: 'parvis-local',
    });
  });

  it('subscribes each topic subscriber queue', async () => {
    const sns = snsQuery(twin.endpoints.sns);
    for (const topic of Object.values(topics)) {
      const arn = await sns.createTopic(topic.name);
      const xml = await sns.call('ListSubscriptionsByTopic', { TopicArn: arn });
      for (const subscriber of topic.subscribers) {
        expect(xml).toContain((await attributesOf(subscriber)).QueueArn);
      }
    }
  });

  it('runs again over existing resources without change (npm start does so on every start)', async () => {
    const visibility = Number((await attributesOf('outboundEmail')).VisibilityTimeout);
    const again = await provision(twin.endpoints, {
      siteUrl: twin.env[env.siteUrl],
      visibilityTimeoutSeconds: visibility,
    });
    // The twin adds what it starts beside the engines (ticket signing key, fake payment provider,
    // payment secrets directory) and the test run's own settings (log level) on top of what
    // provision returns.
    const {
      [env.logLevel]: _testSetting,
      [env.ticketSigningKey]: _keyring,
      [env.paymentsApiUrl]: _payments,
      [env.paymentSecretsDir]: _paymentSecrets,
      ...provisioned
    } = twin.env;
    expect(again).toEqual(provisioned);
    expect(Number((await attributesOf('outboundEmail')).VisibilityTimeout)).toBe(visibility);
  });

  it('delivers what a topic receives to a subscribed queue in the SNS envelope (not raw)', async () => {
    const name = `fx-${randomUUID().slice(0, 8)}`;
    const queue = await ensureQueue(sqs, twin.endpoints.sqs, {
      name,
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 1,
    });
    const sns = snsQuery(twin.endpoints.sns);
    const topicArn = await sns.createTopic(name);
    await sns.subscribeQueue(topicArn, queue.arn);
    await sns.subscribeQueue(topicArn, queue.arn);
    await sns.call('Publish', { TopicArn: topicArn, Message: '{"eventType":"Delivery"}' });

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages).toHaveLength(1);
    expect(JSON.parse(received.Messages?.[0]?.Body ?? '{}')).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      Message: '{"eventType":"Delivery"}',
    });
  });
});
