import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { consumers, type QueueKey, queues, schedules } from '../wiring';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('PLAT-03 OperationsStack (whole app synthesized)', () => {
  let parvis: SynthesizedParvis;
  let resources: Record<string, Resource>;
  let alarms: Record<string, unknown>[];
  const functionNames = [...consumers, ...schedules].map((f) => f.name).concat('web');

  beforeAll(() => {
    parvis = synthParvis({ opsEmail: 'ops@example.org' });
    resources = parvis.template(parvis.stacks.operations).toJSON().Resources;
    alarms = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties);
  });
  afterAll(() => parvis?.dispose());

  const topicRef = () => {
    const [id] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::SNS::Topic') ?? [];
    return { Ref: id };
  };

  it('PLAT-03: alarms as soon as a message lands in any dead-letter queue', () => {
    for (const [key, spec] of Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][]) {
      const alarm = alarms.find((a) => a.AlarmName === `parvis-dev-${spec.name}-dlq-not-empty`);
      expect(alarm, `no alarm for ${spec.name}-dlq`).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      const dlq = parvis.stacks.messaging.deadLetterQueues[key];
      expect(alarm?.Dimensions).toEqual([
        { Name: 'QueueName', Value: parvis.importOf(parvis.stacks.messaging, dlq, 'QueueName') },
      ]);
    }
  });

  it('PLAT-03: alarms on errors and on throttles of every function, the web server included', () => {
    for (const name of functionNames) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarms.find((a) => a.AlarmName === `parvis-dev-${name}-${metric.toLowerCase()}`);
        expect(alarm, `no ${metric} alarm for ${name}`).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('PLAT-03: every alarm notifies the encrypted ops-alarms topic, which mails opsEmail', () => {
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topicRef()]);
      expect(alarm.OKActions).toEqual([topicRef()]);
    }
    const topic = Object.values(resources).find((r) => r.Type === 'AWS::SNS::Topic');
    expect(topic?.Properties).toMatchObject({
      TopicName: 'parvis-dev-ops-alarms',
      KmsMasterKeyId: expect.anything(),
    });
    expect(Object.values(resources)).toContainEqual(
      expect.objectContaining({
        Type: 'AWS::SNS::Subscription',
        Properties: expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.org' }),
      }),
    );
  });

  it('PLAT-03: one dashboard with functions, queues, dead letters, SES and DynamoDB', () => {
    const dashboards = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(parvis.stacks.operations.resolve(dashboards[0]?.Properties.DashboardBody));
    for (const name of functionNames) expect(body).toContain(`λ ${name}`);
    for (const spec of Object.values(queues)) {
      expect(body).toContain(`Queue ${spec.name}`);
      expect(body).toContain(`${spec.name}-dlq`);
    }
    for (const metric of [
      'Invocations',
      'Duration',
      'ApproximateAgeOfOldestMessage',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
      'Complaint',
      'ConsumedReadCapacityUnits',
      'WriteThrottleEvents',
    ]) {
      expect(body).toContain(metric);
    }
  });
});
