import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueKey, queues as queueSpecs } from '../wiring';

export interface OpsDashboardProps {
  dashboardName: string;
  alarms: cloudwatch.IAlarm[];
  functions: Record<string, lambda.IFunction>;
  queues: Record<QueueKey, sqs.IQueue>;
  /** Every dead-letter queue, by the name it is shown under. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** Metrics counted from error log lines (failed records, e-mails failed for good), by label. */
  failures: Record<string, cloudwatch.Metric>;
  table: dynamodb.ITable;
  sesThresholds: { bounceRate: number; complaintRate: number };
}

/** An account-level SES metric (the reputation metrics are published hourly). */
export function sesMetric(metricName: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period: Duration.hours(1) });
}

/**
 * PLAT-03 dashboard, one row per concern: alarm states; per function invocations, errors,
 * throttles and duration; per queue depth and age of the oldest message; dead letters; failed
 * records and e-mails; SES sending and reputation; DynamoDB consumed capacity and throttles.
 * About 45 metrics, under the 50 of a free-tier dashboard.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    const third = { width: 8, height: 6 };

    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 }),
    );

    this.dashboard.addWidgets(
      ...Object.entries(props.functions).map(
        ([fnName, fn]) =>
          new cloudwatch.GraphWidget({
            ...third,
            title: `λ ${fnName}`,
            left: [
              fn.metricInvocations({ statistic: cloudwatch.Stats.SUM, label: 'invocations' }),
              fn.metricErrors({ statistic: cloudwatch.Stats.SUM, label: 'errors' }),
              fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, label: 'throttles' }),
            ],
            right: [
              fn.metricDuration({ statistic: cloudwatch.Stats.p(95), label: 'duration p95 (ms)' }),
              fn.metricDuration({ statistic: cloudwatch.Stats.MAXIMUM, label: 'duration max (ms)' }),
            ],
          }),
      ),
    );

    this.dashboard.addWidgets(
      ...(Object.keys(props.queues) as QueueKey[]).map(
        (key) =>
          new cloudwatch.GraphWidget({
            ...third,
            title: `Queue ${queueSpecs[key].name}`,
            left: [
              props.queues[key].metricApproximateNumberOfMessagesVisible({
                statistic: cloudwatch.Stats.MAXIMUM,
                label: 'messages visible',
              }),
            ],
            right: [
              props.queues[key].metricApproximateAgeOfOldestMessage({
                statistic: cloudwatch.Stats.MAXIMUM,
                label: 'oldest message (s)',
              }),
            ],
          }),
      ),
      new cloudwatch.GraphWidget({
        ...third,
        title: 'Dead-letter queues',
        left: Object.entries(props.deadLetterQueues).map(([label, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, label }),
        ),
      }),
      new cloudwatch.GraphWidget({
        ...third,
        title: 'Failed records and e-mails',
        left: Object.entries(props.failures).map(([label, metric]) =>
          metric.with({ statistic: cloudwatch.Stats.SUM, label }),
        ),
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        ...third,
        title: 'SES sending',
        left: ['Send', 'Delivery', 'Bounce', 'Complaint', 'Reject'].map(
          (metric) =>
            new cloudwatch.Metric({
              namespace: 'AWS/SES',
              metricName: metric,
              statistic: cloudwatch.Stats.SUM,
              label: metric,
            }),
        ),
      }),
      new cloudwatch.GraphWidget({
        ...third,
        title: 'SES reputation',
        left: [
          sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM),
          sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM),
        ],
        leftAnnotations: [
          { value: props.sesThresholds.bounceRate, label: 'bounce alarm' },
          { value: props.sesThresholds.complaintRate, label: 'complaint alarm' },
        ],
      }),
      new cloudwatch.GraphWidget({
        ...third,
        title: 'DynamoDB',
        left: [
          props.table.metricConsumedReadCapacityUnits({
            statistic: cloudwatch.Stats.SUM,
            label: 'read units',
          }),
          props.table.metricConsumedWriteCapacityUnits({
            statistic: cloudwatch.Stats.SUM,
            label: 'write units',
          }),
        ],
        right: [
          props.table.metric('ReadThrottleEvents', {
            statistic: cloudwatch.Stats.SUM,
            label: 'read throttles',
          }),
          props.table.metric('WriteThrottleEvents', {
            statistic: cloudwatch.Stats.SUM,
            label: 'write throttles',
          }),
        ],
      }),
    );
  }
}
