import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type ParvisConfig, prefix } from '../config';
import { OpsDashboard, sesMetric } from '../constructs/ops-dashboard';
import { type QueueKey, queues as queueSpecs } from '../wiring';

export interface OperationsStackProps extends StackProps {
  config: ParvisConfig;
  /** Every function of the app by name (wiring functions and the web server). */
  functions: Record<string, lambda.IFunction>;
  queues: Record<QueueKey, sqs.IQueue>;
  deadLetterQueues: Record<QueueKey, sqs.IQueue>;
  table: dynamodb.ITable;
  topicKey: kms.IKey;
}

/** SES reviews an account at 5 % bounces or 0.1 % complaints; we want to know before that. */
const sesThresholds = { bounceRate: 0.05, complaintRate: 0.001 };

/**
 * PLAT-03: an alarm on every dead-letter queue and on the errors and throttles of every function,
 * all to the ops-alarms topic; one dashboard for functions, queues, SES and the table.
 * Each alarm costs $0.10 a month, the dashboard $3 beyond the account's first three (docs/operations.md).
 */
export class OperationsStack extends Stack {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const name = prefix(props.config);
    const fiveMinutes = Duration.minutes(5);

    this.alarmTopic = new sns.Topic(this, 'OpsAlarms', {
      topicName: `${name}-ops-alarms`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    if (props.config.opsEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.config.opsEmail));
    }
    const notify = new actions.SnsAction(this.alarmTopic);

    // Every alarm: fires at `threshold` or above on one period, quiet when there is no data.
    type AlarmSpec = Pick<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription' | 'metric'> & {
      threshold?: number;
    };
    const alarm = (id: string, spec: AlarmSpec): cloudwatch.Alarm => {
      const made = new cloudwatch.Alarm(this, id, {
        threshold: 1,
        ...spec,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      made.addAlarmAction(notify);
      made.addOkAction(notify);
      this.alarms.push(made);
      return made;
    };

    // A message in a dead-letter queue is work that failed maxReceiveCount times: someone looks.
    for (const key of Object.keys(props.deadLetterQueues) as QueueKey[]) {
      alarm(`${key}DlqAlarm`, {
        alarmName: `${name}-${queueSpecs[key].name}-dlq-not-empty`,
        alarmDescription: `Messages in ${queueSpecs[key].name}-dlq. Runbook: docs/operations.md#dead-letter-queue-not-empty`,
        metric: props.deadLetterQueues[key].metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      });
    }

    for (const [fnName, fn] of Object.entries(props.functions)) {
      alarm(`${fnName}Errors`, {
        alarmName: `${name}-${fnName}-errors`,
        alarmDescription: `${fnName} threw or timed out. Runbook: docs/operations.md#function-errors`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      });
      alarm(`${fnName}Throttles`, {
        alarmName: `${name}-${fnName}-throttles`,
        alarmDescription: `${fnName} hit a concurrency limit. Runbook: docs/operations.md#function-throttles`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      });
    }

    alarm('SesBounceRate', {
      alarmName: `${name}-ses-bounce-rate`,
      alarmDescription:
        'SES bounce rate near the review threshold. Runbook: docs/operations.md#ses-reputation',
      metric: sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM),
      threshold: sesThresholds.bounceRate,
    });
    alarm('SesComplaintRate', {
      alarmName: `${name}-ses-complaint-rate`,
      alarmDescription:
        'SES complaint rate near the review threshold. Runbook: docs/operations.md#ses-reputation',
      metric: sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM),
      threshold: sesThresholds.complaintRate,
    });

    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      dashboardName: name,
      alarms: this.alarms,
      functions: props.functions,
      queues: props.queues,
      deadLetterQueues: props.deadLetterQueues,
      table: props.table,
      sesThresholds,
    }).dashboard;

    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${name}`,
    });
  }
}
