import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { SendingPolicy } from '../../shared/comms/sending-policy';
import { type BucketKey, buckets, env, type QueueKey, queues } from '../wiring';

/** What a Parvis runtime (function or web server) is told about the resources of its stage. */
export interface RuntimeResources {
  table: dynamodb.ITable;
  queues: Record<QueueKey, sqs.IQueue>;
  /** Bucket names (see config.bucketName): known without a reference to the storage stack. */
  buckets: Record<BucketKey, string>;
  configurationSetName: string;
  mailFrom: string;
  /** Public origin of the site (`https://…`), when it can be known at deploy time. */
  siteUrl: string | undefined;
  mailPolicy: SendingPolicy;
  /** Secrets Manager name prefix of the organizations' payment keys (config.paymentSecretsPrefix). */
  paymentSecretsPrefix: string;
  /** ARN of the ticket signing keyring secret (data stack, decision 0016). */
  ticketKeyringArn: string;
}

/**
 * The environment variables named in infra/wiring.ts `env`, filled with this stage's values.
 * Names are not secrets; what a function may do with them is decided by its IAM grants.
 */
export function runtimeEnvironment(resources: RuntimeResources): Record<string, string> {
  const variables: Record<string, string> = {
    [env.tableName]: resources.table.tableName,
    [env.sesConfigurationSet]: resources.configurationSetName,
    [env.mailFrom]: resources.mailFrom,
    [env.mailPolicy]: JSON.stringify(resources.mailPolicy),
    [env.paymentSecretsPrefix]: resources.paymentSecretsPrefix,
    [env.ticketSigningSecret]: resources.ticketKeyringArn,
  };
  for (const key of Object.keys(queues) as QueueKey[])
    variables[env.queueUrl(key)] = resources.queues[key].queueUrl;
  for (const key of Object.keys(buckets) as BucketKey[]) {
    variables[env.bucketName(key)] = resources.buckets[key];
  }
  if (resources.siteUrl !== undefined) variables[env.siteUrl] = resources.siteUrl;
  return variables;
}
