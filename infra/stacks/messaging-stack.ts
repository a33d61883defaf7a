import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type ParvisConfig, prefix } from '../config';
import { pascal } from '../constructs/names';
import { type QueueKey, queues, topics, visibilityTimeoutSeconds } from '../wiring';

export type TopicKey = keyof typeof topics;

export interface MessagingStackProps extends StackProps {
  config: ParvisConfig;
}

/**
 * Every queue of the wiring with its dead-letter queue, and the SNS topics that feed queues.
 * Queues use SQS-managed encryption (free). SNS topics need a customer-managed KMS key instead:
 * the AWS-managed `alias/aws/sns` key cannot be used by SES or CloudWatch, which publish to them.
 */
export class MessagingStack extends Stack {
  readonly queues: Record<QueueKey, sqs.Queue>;
  readonly deadLetterQueues: Record<QueueKey, sqs.Queue>;
  readonly topics: Record<TopicKey, sns.Topic>;
  /**
   * Per topic, where SNS puts a notification it could not deliver to a subscribed queue (queue
   * deleted, policy or key refusing it): without one SNS drops it, and a lost SES bounce means an
   * address that is never suppressed.
   */
  readonly topicDeadLetterQueues: Record<TopicKey, sqs.Queue>;
  /** Encrypts the SNS topics (this stack's and ops-alarms); the only KMS key of the app. */
  readonly topicKey: kms.Key;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const name = prefix(props.config);

    this.topicKey = new kms.Key(this, 'TopicKey', {
      alias: `alias/${name}-topics`,
      description: 'Encrypts the Parvis SNS topics (SES events, ops alarms).',
      enableKeyRotation: true,
    });
    // Services that publish into the encrypted topics must be able to use the key.
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      this.topicKey.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }

    const made = {} as Record<QueueKey, sqs.Queue>;
    const dead = {} as Record<QueueKey, sqs.Queue>;
    for (const key of Object.keys(queues) as QueueKey[]) {
      const spec = queues[key];
      const id = pascal(spec.name);
      dead[key] = new sqs.Queue(this, `${id}Dlq`, {
        queueName: `${name}-${spec.name}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // The longest SQS allows: time to read the runbook and redrive.
        retentionPeriod: Duration.days(14),
      });
      acknowledgeDeadLetterQueue(dead[key], `${spec.name}-dlq`);
      made[key] = new sqs.Queue(this, id, {
        queueName: `${name}-${spec.name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(key)),
        ...('deliveryDelaySeconds' in spec
          ? { deliveryDelay: Duration.seconds(spec.deliveryDelaySeconds) }
          : {}),
        deadLetterQueue: { queue: dead[key], maxReceiveCount: spec.maxReceiveCount },
      });
    }
    this.queues = made;
    this.deadLetterQueues = dead;

    const madeTopics = {} as Record<TopicKey, sns.Topic>;
    const topicDead = {} as Record<TopicKey, sqs.Queue>;
    for (const key of Object.keys(topics) as TopicKey[]) {
      const spec = topics[key];
      const topic = new sns.Topic(this, pascal(spec.name), {
        topicName: `${name}-${spec.name}`,
        masterKey: this.topicKey,
        enforceSSL: true,
      });
      // SNS retries delivery to SQS for days; what it finally gives up on (or refuses at once, such
      // as a client error) lands here rather than being dropped. CDK adds the queue policy that
      // lets the topic send to it; SQS-managed encryption needs no key grant.
      topicDead[key] = new sqs.Queue(this, `${pascal(spec.name)}DeliveryDlq`, {
        queueName: `${name}-${spec.name}-delivery-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledgeDeadLetterQueue(topicDead[key], `${spec.name}-delivery-dlq`);
      Validations.of(topicDead[key]).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: of the SNS subscriptions of its topic (a subscription RedrivePolicy, which cdk-nag does not recognise as a DLQ use).',
      });
      for (const queue of spec.subscribers) {
        // Not raw: the SQS body is the SNS envelope, as events/ses-notification.ts expects.
        topic.addSubscription(
          new subscriptions.SqsSubscription(made[queue], {
            rawMessageDelivery: false,
            deadLetterQueue: topicDead[key],
          }),
        );
      }
      madeTopics[key] = topic;
    }
    this.topics = madeTopics;
    this.topicDeadLetterQueues = topicDead;
  }
}

/** A dead-letter queue is the end of the line: it has no dead-letter queue of its own. */
function acknowledgeDeadLetterQueue(queue: sqs.Queue, name: string): void {
  Validations.of(queue).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: `${name} is a dead-letter queue: nothing consumes it, it keeps messages 14 days (the most SQS allows) and the operations stack alarms on its first message; the runbook redrives it by hand.`,
  });
}
