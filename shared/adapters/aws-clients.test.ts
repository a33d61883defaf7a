import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { useTwin } from '../../tests/twin';
import { awsClient, resourceNames } from './aws-clients';
import { documentClient } from './dynamodb';
import { s3PresignedUrls } from './s3-presigned-urls';
import { sesClient, sesMailSender } from './ses';
import { sqsClient, sqsPublisher } from './sqs';

/**
 * Every SDK client is built by `awsClient`, which is where the AWS call log is attached: with
 * PARVIS_AWS_CALL_LOG set, each call appends one line naming the function, the client, the command
 * and the resources it touches (the contract infra/iam.test.ts reads); unset, nothing is attached.
 */
let twinVars: Record<string, string>;

beforeAll(() => {
  twinVars = useTwin();
});

interface CallLine {
  function: string;
  client: string;
  command: string;
  input: Record<string, unknown>;
}

function readLog(file: string): CallLine[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CallLine);
}

/** A queue of its own, so that nothing the runner consumes receives the test's messages. */
async function scratchQueue(): Promise<string> {
  const sqs = new SQSClient({
    endpoint: twinVars[env.endpoint('sqs')],
    region: twinVars.AWS_REGION,
    credentials: { accessKeyId: 'parvislocal', secretAccessKey: 'parvislocal' },
  });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `call-log-${ulid().toLowerCase()}` }),
  );
  sqs.destroy();
  return QueueUrl as string;
}

describe('AWS clients (PLAT-03)', () => {
  it('PLAT-03 logs one line per call, with the resources it names and no data, when PARVIS_AWS_CALL_LOG is set', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parvis-calls-')), 'calls.jsonl');
    const vars = { ...twinVars, [env.awsCallLog]: file, AWS_LAMBDA_FUNCTION_NAME: 'send-email' };
    const TableName = twinVars[env.tableName] as string;
    const pk = `TEST#${ulid()}`;

    const db = documentClient(vars);
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk, sk: 'a', secret: 'not logged' } } },
          {
            Update: {
              TableName,
              Key: { pk, sk: 'b' },
              UpdateExpression: 'SET n = :n',
              ExpressionAttributeValues: { ':n': 1 },
            },
          },
        ],
      }),
    );
    await db.send(
      new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk, sk: 'c' } } }] } }),
    );
    await db.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk, sk: 'c' }] } } }));
    await db.send(
      new QueryCommand({
        TableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': pk },
      }),
    );

    const QueueUrl = await scratchQueue();
    await sqsPublisher(sqsClient(vars), () => QueueUrl).publish('scratch', [{ v: 1, body: 'not logged' }]);

    const to = `calls+${ulid().toLowerCase()}@example.org`;
    await sesMailSender(sesClient(vars), 'parvis-local').send({
      from: 'Parvis <noreply@parvis.local>',
      to,
      subject: 'Journal',
      html: '<p>not logged</p>',
      text: 'not logged',
      tags: { messageId: 'm-1' },
    });

    await s3PresignedUrls(vars).upload({
      bucket: 'uploads',
      key: `calls/${ulid()}`,
      contentType: 'image/png',
      contentLength: 10,
      maxBytes: 100,
    });

    const lines = readLog(file);
    expect(lines).toEqual([
      {
        function: 'send-email',
        client: 'DynamoDBClient',
        command: 'TransactWriteItemsCommand',
        input: { TransactItems: [{ Put: { TableName } }, { Update: { TableName } }] },
      },
      {
        function: 'send-email',
        client: 'DynamoDBClient',
        command: 'BatchWriteItemCommand',
        input: { RequestItems: [TableName] },
      },
      {
        function: 'send-email',
        client: 'DynamoDBClient',
        command: 'BatchGetItemCommand',
        input: { RequestItems: [TableName] },
      },
      {
        function: 'send-email',
        client: 'DynamoDBClient',
        command: 'QueryCommand',
        input: { TableName, IndexName: 'gsi1' },
      },
      {
        function: 'send-email',
        client: 'SQSClient',
        command: 'SendMessageBatchCommand',
        input: { QueueUrl },
      },
      {
        function: 'send-email',
        client: 'SESv2Client',
        command: 'SendEmailCommand',
        input: { FromEmailAddress: 'Parvis <noreply@parvis.local>', ConfigurationSetName: 'parvis-local' },
      },
      // A presigned URL is used with the function's credentials: its role needs the action too.
      {
        function: 'send-email',
        client: 'S3Client',
        command: 'PutObjectCommand',
        input: { Bucket: 'uploads' },
      },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('not logged');
    expect(readFileSync(file, 'utf8')).not.toContain(to);
  });

  it('PLAT-03 attaches nothing to the clients when PARVIS_AWS_CALL_LOG is unset, and names the web server "web"', async () => {
    const plain = sqsClient(twinVars);
    expect(plain.middlewareStack.identify().join(' ')).not.toContain('parvisAwsCallLog');

    const file = join(mkdtempSync(join(tmpdir(), 'parvis-calls-')), 'calls.jsonl');
    const web: Record<string, string> = { ...twinVars, [env.awsCallLog]: file };
    delete web.AWS_LAMBDA_FUNCTION_NAME;
    const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    try {
      const logged = awsClient(SQSClient, 'sqs', web);
      expect(logged.middlewareStack.identify().join(' ')).toContain('parvisAwsCallLog');
      const QueueUrl = await scratchQueue();
      await logged.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
      expect(readLog(file)).toEqual([
        { function: 'web', client: 'SQSClient', command: 'ReceiveMessageCommand', input: { QueueUrl } },
      ]);
    } finally {
      if (saved !== undefined) process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
    }
  });

  it('PLAT-03 keeps only the naming fields of an input', () => {
    expect(
      resourceNames({
        TableName: 't',
        Key: { pk: 'secret' },
        TransactItems: [
          { ConditionCheck: { TableName: 't', Key: { pk: 'x' } } },
          { Delete: { TableName: 'u' } },
        ],
      }),
    ).toEqual({
      TableName: 't',
      TransactItems: [{ ConditionCheck: { TableName: 't' } }, { Delete: { TableName: 'u' } }],
    });
  });

  it('PLAT-03 fails at start-up, with the name, when AWS_REGION is missing', () => {
    const { AWS_REGION: _r, AWS_DEFAULT_REGION: _d, ...noRegion } = twinVars;
    expect(() => sqsClient(noRegion)).toThrow(/AWS_REGION/);
  });
});
