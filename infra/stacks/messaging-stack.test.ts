import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { bareApp } from '../test/parvis-app';
import { consumerOf, type QueueKey, queues, topics } from '../wiring';
import { EmailStack } from './email-stack';
import { MessagingStack } from './messaging-stack';

describe('MessagingStack and EmailStack', () => {
  const { app, config } = bareApp();
  const messaging = new MessagingStack(app, 'Messaging', { config });
  const email = new EmailStack(app, 'Email', { config, eventsTopic: messaging.topics.sesEvents });
  const template = Template.fromStack(messaging);
  const emailTemplate = Template.fromStack(email);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    messaging.resolve(messaging.getLogicalId(construct.node.defaultChild as never)) as string;

  describe.each(Object.keys(queues) as QueueKey[])('queue %s', (key) => {
    const queue = template.findResources('AWS::SQS::Queue')[logicalId(messaging.queues[key])];
    const dlq = template.findResources('AWS::SQS::Queue')[logicalId(messaging.deadLetterQueues[key])];

    it('sends to its own dead-letter queue after maxReceiveCount receives', () => {
      expect(queue?.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(messaging.deadLetterQueues[key]), 'Arn'] },
        maxReceiveCount: queues[key].maxReceiveCount,
      });
      expect(queue?.Properties.QueueName).toBe(`parvis-dev-${queues[key].name}`);
      expect(dlq?.Properties.QueueName).toBe(`parvis-dev-${queues[key].name}-dlq`);
    });

    it('delays each message by its wiring delivery delay (CAL-10: search rebuild requests wait 60 s), the others not at all', () => {
      const spec = queues[key];
      expect(queue?.Properties.DelaySeconds).toBe(
        'deliveryDelaySeconds' in spec ? spec.deliveryDelaySeconds : undefined,
      );
      if (key === 'publicIndexes') expect(queue?.Properties.DelaySeconds).toBe(60);
    });

    it('keeps messages invisible at least 6× its consumer timeout', () => {
      const consumer = consumerOf(key);
      expect(consumer, `no consumer reads ${key}`).toBeDefined();
      expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * (consumer?.consumer.timeoutSeconds ?? 0),
      );
    });

    it('is encrypted (SQS-managed) and refuses plain HTTP, like its DLQ; the DLQ keeps 14 days', () => {
      expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
      expect(dlq?.Properties.SqsManagedSseEnabled).toBe(true);
      expect(dlq?.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      for (const id of [logicalId(messaging.queues[key]), logicalId(messaging.deadLetterQueues[key])]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });
  });

  it('encrypts every topic with a rotated customer key and refuses plain-HTTP publishing', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const topic of Object.values(template.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    }
    template.allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes each topic subscriber queue, with the SNS envelope (events/ses-notification.ts)', () => {
    for (const [key, spec] of Object.entries(topics)) {
      for (const queue of spec.subscribers) {
        template.hasResourceProperties('AWS::SNS::Subscription', {
          Protocol: 'sqs',
          RawMessageDelivery: false,
          TopicArn: { Ref: logicalId(messaging.topics[key as keyof typeof topics]) },
          Endpoint: { 'Fn::GetAtt': [logicalId(messaging.queues[queue]), 'Arn'] },
        });
      }
    }
  });

  it('each topic subscription sends what SNS cannot deliver to its own encrypted delivery DLQ', () => {
    for (const key of Object.keys(topics) as (keyof typeof topics)[]) {
      const dlqId = logicalId(messaging.topicDeadLetterQueues[key]);
      const dlq = template.findResources('AWS::SQS::Queue')[dlqId];
      expect(dlq?.Properties).toMatchObject({
        QueueName: `parvis-dev-${topics[key].name}-delivery-dlq`,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      for (const _queue of topics[key].subscribers) {
        template.hasResourceProperties('AWS::SNS::Subscription', {
          TopicArn: { Ref: logicalId(messaging.topics[key]) },
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        });
      }
      // SNS may send to it, for this topic only.
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': { Ref: logicalId(messaging.topics[key]) } } },
            }),
          ]),
        },
      });
    }
  });

  it('COM-08 SES configuration set: reputation metrics, its own suppression for bounces only (a complaint stops mass mail, not service mail), and its events — Send included, which settles a mail whose answer was lost — reach the ses-notifications queue', () => {
    emailTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'parvis-dev',
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE'] },
    });
    // Configuration set → SES events topic (exported by the messaging stack)…
    const topicExport = Object.values(
      template.toJSON().Outputs as Record<string, { Value: unknown; Export: { Name: string } }>,
    ).find(
      (output) =>
        JSON.stringify(output.Value) === JSON.stringify({ Ref: logicalId(messaging.topics.sesEvents) }),
    );
    expect(topicExport).toBeDefined();
    emailTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: 'parvis-dev',
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals([
          'send',
          'deliveryDelay',
          'bounce',
          'complaint',
          'delivery',
          'reject',
          'renderingFailure',
        ]),
        SnsDestination: { TopicARN: { 'Fn::ImportValue': topicExport?.Export.Name } },
      },
    });
    // …which SES may publish to, for this configuration set only…
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: Match.objectLike({
                'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':configuration-set/parvis-dev'])] },
              }),
            },
          }),
        ]),
      },
    });
    // …and the topic key lets SES use it…
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.arrayWith(['ses.amazonaws.com', 'cloudwatch.amazonaws.com'].sort()) },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    // …and the topic feeds the queue.
    template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: { Ref: logicalId(messaging.topics.sesEvents) },
      Endpoint: { 'Fn::GetAtt': [logicalId(messaging.queues.sesNotifications), 'Arn'] },
    });
  });
});
