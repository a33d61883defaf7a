import { ulid } from 'ulid';
import { env, type QueueKey, queues } from '../../infra/wiring';
import { sendingPolicySchema } from '../comms/sending-policy';
import { createDatabases } from '../db/databases';
import type { Deps } from '../deps';
import { jsonLogger, logLevel } from '../kernel/logger';
import { systemClock } from '../kernel/ports';
import { documentClient } from './dynamodb';
import { sqsClient, sqsPublisher } from './sqs';

/**
 * Builds the use cases' dependencies from the environment the CDK stacks (or the local twin) set:
 * the AWS SDK clients (DynamoDB through its document client, SQS), each built once here and kept
 * for the container's or the web server's life. SES is the send-email function's alone
 * (`createMailSender`). A missing variable fails at start-up with its
 * name rather than at the first request.
 */
export function createDeps(
  vars: NodeJS.ProcessEnv = process.env,
  context: Record<string, unknown> = {},
): Deps {
  const required = (name: string): string => {
    const value = vars[name];
    if (!value) throw new Error(`Missing environment variable ${name}`);
    return value;
  };
  const queueUrl = (queue: string): string => {
    if (!Object.hasOwn(queues, queue)) throw new Error(`Unknown queue ${queue}`);
    return required(env.queueUrl(queue as QueueKey));
  };
  const policy = vars[env.mailPolicy] ? JSON.parse(vars[env.mailPolicy] as string) : {};
  return {
    clock: systemClock,
    ids: () => ulid(),
    log: jsonLogger(context, logLevel(vars[env.logLevel])),
    db: createDatabases(documentClient(vars), required(env.tableName)),
    queues: sqsPublisher(sqsClient(vars), queueUrl),
    config: {
      siteUrl: required(env.siteUrl),
      mailFrom: required(env.mailFrom),
      mailPolicy: sendingPolicySchema.parse(policy),
    },
  };
}
