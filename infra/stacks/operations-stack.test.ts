import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentTwiceLogMessage } from '../../shared/comms/record-ses-notification';
import { gaveUpLogMessage } from '../../shared/comms/send-queued-email';
import { errorFields, jsonLogger } from '../../shared/kernel/logger';
import { originSecretMissingMessage } from '../../web/lambda/origin-verify';
import { loggedFailures } from '../constructs/log-metrics';
import { type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { consumers, type QueueKey, queues, schedules, visibilityTimeoutSeconds } from '../wiring';
import { oldestMessageAlarmSeconds, sesThresholds } from './operations-stack';

type Resource = { Type: string; Properties: Record<string, unknown> };

const repo = new URL('../../', import.meta.url);

/**
 * What CloudWatch Logs does with a term pattern (`"a" "b"`: every quoted term appears in the
 * event), enough to check ours against real log lines.
 */
function termPatternMatches(pattern: string, event: string): boolean {
  const terms = [...pattern.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    (m[1] ?? '').replace(/\\(.)/g, '$1'),
  );
  if (terms.length === 0 || pattern.replace(/"((?:[^"\\]|\\.)*)"/g, '').trim() !== '') {
    throw new Error(`not a plain term pattern: ${pattern}`);
  }
  return terms.every((term) => event.includes(term));
}

/** GitHub's anchor of a Markdown heading. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

describe('PLAT-03 OperationsStack (whole app synthesized)', () => {
  let parvis: SynthesizedParvis;
  let resources: Record<string, Resource>;
  let alarms: Record<string, unknown>[];
  const functionNames = [...consumers, ...schedules].map((f) => f.name).concat('web');
  const alarmNamed = (name: string) => {
    const found = alarms.find((a) => a.AlarmName === name);
    if (!found) throw new Error(`no alarm ${name}`);
    return found;
  };
  const metricFilters = () =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Logs::MetricFilter')
      .map((r) => r.Properties);

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
      const alarm = alarmNamed(`parvis-dev-${spec.name}-dlq-not-empty`);
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
    // And on the queue of SES events SNS could not deliver.
    const delivery = alarmNamed('parvis-dev-ses-events-delivery-dlq-not-empty');
    expect(delivery.Dimensions).toEqual([
      {
        Name: 'QueueName',
        Value: parvis.importOf(
          parvis.stacks.messaging,
          parvis.stacks.messaging.topicDeadLetterQueues.sesEvents,
          'QueueName',
        ),
      },
    ]);
  });

  it('PLAT-03: alarms on errors and on throttles of every function, the web server included', () => {
    for (const name of functionNames) {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarmNamed(`parvis-dev-${name}-${metric.toLowerCase()}`);
        expect(alarm, `no ${metric} alarm for ${name}`).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    }
  });

  it('PLAT-03: counts each consumer’s "record failed" error lines from its own log group, and alarms on the first', () => {
    for (const consumer of consumers) {
      const filter = metricFilters().find(
        (f) =>
          (f.MetricTransformations as { MetricName: string }[])[0]?.MetricName ===
          `${consumer.name}-records-failed`,
      );
      expect(filter, consumer.name).toMatchObject({
        LogGroupName: `/aws/lambda/parvis-dev-${consumer.name}`,
        MetricTransformations: [{ MetricNamespace: 'Parvis/dev', MetricValue: '1' }],
      });
      // No default value: nothing is published (or paid for) while nothing fails.
      const [transformation] = (filter?.MetricTransformations ?? []) as Record<string, unknown>[];
      expect(transformation?.DefaultValue).toBeUndefined();
      expect(alarmNamed(`parvis-dev-${consumer.name}-records-failed`)).toMatchObject({
        Namespace: 'Parvis/dev',
        MetricName: `${consumer.name}-records-failed`,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('PLAT-03: counts "e-mail failed after max attempts" from every wiring function into one metric, alarmed', () => {
    const filters = metricFilters().filter(
      (f) =>
        (f.MetricTransformations as { MetricName: string }[])[0]?.MetricName === 'emails-failed-for-good',
    );
    expect(filters.map((f) => f.LogGroupName).sort()).toEqual(
      [...consumers, ...schedules].map((f) => `/aws/lambda/parvis-dev-${f.name}`).sort(),
    );
    expect(alarmNamed('parvis-dev-emails-failed-for-good')).toMatchObject({
      Namespace: 'Parvis/dev',
      MetricName: 'emails-failed-for-good',
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('PLAT-03: the log patterns match the logger’s real error lines, with or without Lambda’s text prefix, and nothing else', () => {
    const patternOf = (metricName: string) =>
      String(
        metricFilters().find(
          (f) => (f.MetricTransformations as { MetricName: string }[])[0]?.MetricName === metricName,
        )?.FilterPattern,
      );
    const lineOf = (level: 'error' | 'warn', message: string) => {
      const lines: string[] = [];
      const log = jsonLogger({ function: 'parvis-dev-send-email', requestId: 'r-1' }, 'info', (l) =>
        lines.push(l),
      );
      log[level](message, {
        messageId: 'm-1',
        receiveCount: '2',
        ...errorFields(new Error('boom "quoted"')),
      });
      return lines[0] ?? '';
    };
    const lambdaText = (line: string) =>
      `2026-03-01T09:14:00.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tINFO\t${line}`;
    for (const [metricName, message] of [
      ['send-email-records-failed', loggedFailures.recordFailed],
      ['emails-failed-for-good', loggedFailures.emailFailedForGood],
      ['emails-sent-twice', loggedFailures.emailSentTwice],
      ['web-origin-secret-missing', originSecretMissingMessage],
    ] as const) {
      const pattern = patternOf(metricName);
      expect(termPatternMatches(pattern, lineOf('error', message)), pattern).toBe(true);
      expect(termPatternMatches(pattern, lambdaText(lineOf('error', message)))).toBe(true);
      expect(termPatternMatches(pattern, lineOf('warn', message))).toBe(false);
      expect(termPatternMatches(pattern, lineOf('error', `${message} later`))).toBe(false);
      expect(termPatternMatches(pattern, lineOf('error', 'something else'))).toBe(false);
    }
  });

  it('PLAT-03: the messages counted are the ones the code logs', () => {
    const middleware = readFileSync(new URL('functions/_middleware/queue.ts', repo), 'utf8');
    expect(middleware).toContain(`.error('${loggedFailures.recordFailed}'`);
    const handler = readFileSync(new URL('web/lambda/handler.ts', repo), 'utf8');
    expect(handler).toContain('message: originSecretMissingMessage');
    expect(loggedFailures.emailFailedForGood).toBe(gaveUpLogMessage);
    const sender = readFileSync(new URL('shared/comms/send-queued-email.ts', repo), 'utf8');
    expect(sender).toContain('log.error(gaveUpLogMessage');
    expect(loggedFailures.emailSentTwice).toBe(sentTwiceLogMessage);
    const feedback = readFileSync(new URL('shared/comms/record-ses-notification.ts', repo), 'utf8');
    expect(feedback).toContain('log.error(sentTwiceLogMessage');
  });

  it('PLAT-03: alarms when a queue falls behind, each threshold past one redelivery, mass e-mail at an hour', () => {
    for (const [key, spec] of Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][]) {
      const alarm = alarmNamed(`parvis-dev-${spec.name}-falling-behind`);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Statistic: 'Maximum',
        Threshold: oldestMessageAlarmSeconds[key],
        Dimensions: [
          {
            Name: 'QueueName',
            Value: parvis.importOf(parvis.stacks.messaging, parvis.stacks.messaging.queues[key], 'QueueName'),
          },
        ],
      });
      expect(oldestMessageAlarmSeconds[key]).toBeGreaterThan(visibilityTimeoutSeconds(key));
    }
    expect(oldestMessageAlarmSeconds.outboundEmail).toBeLessThanOrEqual(15 * 60);
    expect(oldestMessageAlarmSeconds.sesNotifications).toBeLessThanOrEqual(15 * 60);
    expect(oldestMessageAlarmSeconds.massEmail).toBe(60 * 60);
  });

  it('PLAT-03: SES bounce and complaint rate alarms at 2 % and 0.05 %', () => {
    expect(sesThresholds).toEqual({ bounceRate: 0.02, complaintRate: 0.0005 });
    expect(alarmNamed('parvis-dev-ses-bounce-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.02,
    });
    expect(alarmNamed('parvis-dev-ses-complaint-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0005,
    });
  });

  it('PLAT-03: alarms when the web server runs without its origin secret (it refuses every page)', () => {
    const filter = metricFilters().find(
      (f) =>
        (f.MetricTransformations as { MetricName: string }[])[0]?.MetricName === 'web-origin-secret-missing',
    );
    expect(filter?.LogGroupName).toBe('/aws/lambda/parvis-dev-web');
    expect(alarmNamed('parvis-dev-web-origin-secret-missing')).toMatchObject({
      Namespace: 'Parvis/dev',
      MetricName: 'web-origin-secret-missing',
      Threshold: 1,
    });
  });

  it('PLAT-03: every alarm links to a runbook section that exists', () => {
    const runbook = readFileSync(new URL('docs/operations.md', repo), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1] ?? '')));
    for (const alarm of alarms) {
      const link = /Runbook: docs\/operations\.md#([a-z0-9-]+)$/.exec(String(alarm.AlarmDescription));
      expect(link, String(alarm.AlarmName)).not.toBeNull();
      expect(anchors.has(link?.[1] ?? ''), `${alarm.AlarmName} → #${link?.[1]}`).toBe(true);
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

  it('PLAT-03: the runbook’s cost table counts every alarm', () => {
    const runbook = readFileSync(new URL('docs/operations.md', repo), 'utf8');
    const row = /^\| CloudWatch alarms\s*\|\s*(\d+) \(/m.exec(runbook);
    expect(Number(row?.[1])).toBe(alarms.length);
    expect(runbook).toContain(`$${(alarms.length * 0.1).toFixed(2)}`);
  });

  it('PLAT-03: one dashboard with functions, queues, dead letters, failures, SES and DynamoDB', () => {
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
      'ses-events-delivery-dlq',
      'emails-failed-for-good',
      'send-email-records-failed',
    ]) {
      expect(body).toContain(metric);
    }
  });
});
