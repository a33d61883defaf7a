import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { runtimeEnvironment } from '../infra/constructs/runtime-environment';
import { type BucketKey, buckets, type QueueKey, queues } from '../infra/wiring';
import { defaultSendingPolicy } from '../shared/comms/sending-policy';

/**
 * The environment the stacks give every function and the web server (the same
 * `runtimeEnvironment`), with names of resources that are never contacted: a cold start loads the
 * code and builds the clients, which sends nothing.
 */
export const lambdaEnv: NodeJS.ProcessEnv = {
  AWS_REGION: 'ca-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  ...runtimeEnvironment({
    table: { tableName: 'parvis-bench' } as dynamodb.ITable,
    queues: Object.fromEntries(
      Object.keys(queues).map((key) => [key, { queueUrl: `https://sqs.example/${key}` } as sqs.IQueue]),
    ) as Record<QueueKey, sqs.IQueue>,
    buckets: Object.fromEntries(Object.keys(buckets).map((key) => [key, `parvis-bench-${key}`])) as Record<
      BucketKey,
      string
    >,
    configurationSetName: 'parvis-bench',
    mailFrom: 'Parvis <noreply@parvis.example>',
    siteUrl: 'https://parvis.example',
    mailPolicy: defaultSendingPolicy,
    paymentSecretsPrefix: 'parvis-bench/payments/',
    ticketKeyringArn: 'arn:aws:secretsmanager:ca-central-1:111111111111:secret:parvis-bench-ticket-keyring',
  }),
};

/** The libraries of a baseline as printed: `client-sqs, electrodb, lib-dynamodb`. */
export function librariesLabel(libraries: string[]): string {
  return libraries.map((pkg) => pkg.replace(/^@aws-sdk\//, '')).join(', ') || 'no library';
}
