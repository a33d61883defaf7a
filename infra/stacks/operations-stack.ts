import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { originSecretMissingMessage } from '../../web/lambda/origin-verify';
import { type ParvisConfig, prefix } from '../config';
import { errorLinePattern, loggedFailures } from '../constructs/log-metrics';
import { pascal } from '../constructs/names';
import { OpsDashboard, sesMetric } from '../constructs/ops-dashboard';
import { logGroupName } from '../constructs/parvis-function';
import { consumers, type QueueKey, queues as queueSpecs, schedules, topics as topicSpecs } from '../wiring';
import type { TopicKey } from './messaging-stack';

export interface OperationsStackProps extends StackProps {
  config: ParvisConfig;
  /** Every function of the app by name (wiring functions and the web server). */
  functions: Record<string, lambda.IFunction>;
  queues: Record<QueueKey, sqs.IQueue>;
  deadLetterQueues: Record<QueueKey, sqs.IQueue>;
  /** Where SNS puts what it could not deliver to a topic's subscribed queues. */
  topicDeadLetterQueues: Record<TopicKey, sqs.IQueue>;
  table: dynamodb.ITable;
  topicKey: kms.IKey;
}

/**
 * SES reviews an account at a 5 % bounce or 0.1 % complaint rate and may pause sending at 10 % or
 * 0.5 %; alarming at 2 % and 0.05 % leaves time to stop a bad mailing before the review.
 */
export const sesThresholds = { bounceRate: 0.02, complaintRate: 0.0005 };

/**
 * Age of a queue's oldest message that means it is falling behind. Each threshold outlasts one
 * visibility timeout plus a margin (a record retried once is already that old: 6 min for the
 * e-mail queues, 3 min for SES notifications), so a single retry never fires it. Mass e-mail is
 * paced slowly on purpose, but mail held back by the 24 h cap waits in the table, not in the queue:
 * anything in the queue an hour is stuck, not deferred.
 */
export const oldestMessageAlarmSeconds: Record<QueueKey, number> = {
  outboundEmail: 10 * 60,
  massEmail: 60 * 60,
  sesNotifications: 5 * 60,
  // Visibility 3 min (30 s timeout × 6): an organizer waits on these, so 5 min is stuck.
  processImage: 5 * 60,
  // --- Search (CAL-10) --- a request waits 60 s (delivery delay), then a build of seconds.
  publicIndexes: 10 * 60,
  // Visibility 6 min (60 s × 6): the buyer waits on the confirmation e-mail, so 10 min is stuck.
  orderDocuments: 10 * 60,
};

/** Namespace of the metrics made from log lines, one per stage. */
export function logMetricNamespace(config: Pick<ParvisConfig, 'stage'>): string {
  return `Parvis/${config.stage}`;
}

/**
 * PLAT-03: alarms on every dead-letter queue, on the errors and throttles of every function, on
 * failed records and e-mails failed for good (metrics made from the functions' error log lines),
 * on the age of the oldest message of each queue, on SES reputation, and on a web server left
 * without its origin secret; all to the ops-alarms topic; one dashboard for functions, queues,
 * SES and the table. Each alarm costs $0.10 a month, the dashboard $3 beyond the account's first
 * three (docs/operations.md). Log groups are found by name, not by reference: the functions stack
 * (a dependency) creates them.
 */
export class OperationsStack extends Stack {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const name = prefix(props.config);
    const fiveMinutes = Duration.minutes(5);
    const runbook = (anchor: string) => `Runbook: docs/operations.md#${anchor}`;

    this.alarmTopic = new sns.Topic(this, 'OpsAlarms', {
      topicName: `${name}-ops-alarms`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    if (props.config.opsEmail) {
      const subscription = this.alarmTopic.addSubscription(
        new subscriptions.EmailSubscription(props.config.opsEmail),
      );
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The e-mail that carries alarms: an alarm on a dead-letter queue for it would be delivered by this same subscription. An undelivered alarm stays visible in its state (dashboard, console), and SNS retries e-mail delivery itself.',
      });
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

    // A count of the error lines with `message` in the function's log group. No default value:
    // nothing is published while nothing fails, so the custom metric costs nothing at rest.
    const namespace = logMetricNamespace(props.config);
    const logGroups = new Map<string, logs.ILogGroup>();
    const logGroupOf = (fnName: string): logs.ILogGroup => {
      let group = logGroups.get(fnName);
      if (!group) {
        group = logs.LogGroup.fromLogGroupName(
          this,
          `${pascal(fnName)}Logs`,
          logGroupName(`${name}-${fnName}`),
        );
        logGroups.set(fnName, group);
      }
      return group;
    };
    const countLines = (id: string, fnName: string, message: string, metricName: string) =>
      new logs.MetricFilter(this, id, {
        logGroup: logGroupOf(fnName),
        filterPattern: errorLinePattern(message),
        metricNamespace: namespace,
        metricName,
        metricValue: '1',
      }).metric({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });

    // A message in a dead-letter queue is work that failed maxReceiveCount times: someone looks.
    const deadLetters: [string, string, sqs.IQueue][] = [
      ...(Object.keys(props.deadLetterQueues) as QueueKey[]).map(
        (key) =>
          [key, `${queueSpecs[key].name}-dlq`, props.deadLetterQueues[key]] as [string, string, sqs.IQueue],
      ),
      ...(Object.keys(props.topicDeadLetterQueues) as TopicKey[]).map(
        (key) =>
          [`${key}Delivery`, `${topicSpecs[key].name}-delivery-dlq`, props.topicDeadLetterQueues[key]] as [
            string,
            string,
            sqs.IQueue,
          ],
      ),
    ];
    for (const [key, queueName, queue] of deadLetters) {
      alarm(`${key}DlqAlarm`, {
        alarmName: `${name}-${queueName}-not-empty`,
        alarmDescription: `Messages in ${queueName}. ${runbook('dead-letter-queue-not-empty')}`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      });
    }

    // A queue whose oldest message keeps ageing is not being drained: consumer failing every
    // time, throttled, paused, or its event source mapping disabled.
    for (const key of Object.keys(props.queues) as QueueKey[]) {
      const minutes = oldestMessageAlarmSeconds[key] / 60;
      alarm(`${key}OldestMessage`, {
        alarmName: `${name}-${queueSpecs[key].name}-falling-behind`,
        alarmDescription: `Oldest message of ${queueSpecs[key].name} older than ${minutes} min. ${runbook('queue-falling-behind')}`,
        metric: props.queues[key].metricApproximateAgeOfOldestMessage({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: oldestMessageAlarmSeconds[key],
      });
    }

    for (const [fnName, fn] of Object.entries(props.functions)) {
      alarm(`${fnName}Errors`, {
        alarmName: `${name}-${fnName}-errors`,
        alarmDescription: `${fnName} threw or timed out. ${runbook('function-errors')}`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      });
      alarm(`${fnName}Throttles`, {
        alarmName: `${name}-${fnName}-throttles`,
        alarmDescription: `${fnName} hit a concurrency limit. ${runbook('function-throttles')}`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      });
    }

    // A record that threw is reported failed and retried: the handler did not throw, so the
    // function's Errors metric stays at zero. Its log line is the only signal before the DLQ.
    const failedRecords: Record<string, cloudwatch.Metric> = {};
    for (const consumer of consumers) {
      const metric = countLines(
        `${pascal(consumer.name)}RecordsFailed`,
        consumer.name,
        loggedFailures.recordFailed,
        `${consumer.name}-records-failed`,
      );
      failedRecords[consumer.name] = metric;
      alarm(`${pascal(consumer.name)}RecordsFailedAlarm`, {
        alarmName: `${name}-${consumer.name}-records-failed`,
        alarmDescription: `${consumer.name} logged "${loggedFailures.recordFailed}". ${runbook('records-failed')}`,
        metric,
      });
    }

    // An e-mail given up after its last attempt: whichever function gives up (the sender, or a
    // schedule reconciling), the count goes to one metric, and one alarm says someone must look.
    const givenUpMetric = 'emails-failed-for-good';
    for (const fn of [...consumers, ...schedules]) {
      countLines(
        `${pascal(fn.name)}EmailsFailedForGood`,
        fn.name,
        loggedFailures.emailFailedForGood,
        givenUpMetric,
      );
    }
    const givenUp = new cloudwatch.Metric({
      namespace,
      metricName: givenUpMetric,
      period: fiveMinutes,
      statistic: cloudwatch.Stats.SUM,
    });
    alarm('EmailsFailedForGood', {
      alarmName: `${name}-emails-failed-for-good`,
      alarmDescription: `An e-mail was given up after its last attempt. ${runbook('e-mail-failed-for-good')}`,
      metric: givenUp,
    });

    // A mail SES accepted twice: the guarantee of decision 0006 broke (its events were lost past the
    // grace period). Rare by design, so every one is looked at.
    alarm('EmailsSentTwice', {
      alarmName: `${name}-emails-sent-twice`,
      alarmDescription: `SES accepted an e-mail a second time. ${runbook('e-mail-sent-twice')}`,
      metric: countLines(
        'RecordSesNotificationEmailsSentTwice',
        'record-ses-notification',
        loggedFailures.emailSentTwice,
        'emails-sent-twice',
      ),
    });

    // The web server on Lambda without its origin secret refuses every page (fail closed) and
    // logs it once per container; its Errors metric stays at zero (it answers 403, it does not throw).
    if (props.functions.web) {
      alarm('WebOriginSecretMissing', {
        alarmName: `${name}-web-origin-secret-missing`,
        alarmDescription: `The web server has no origin secret and refuses every page. ${runbook('web-origin-secret-missing')}`,
        metric: countLines(
          'WebOriginSecretMissingLines',
          'web',
          originSecretMissingMessage,
          'web-origin-secret-missing',
        ),
      });
    }

    alarm('SesBounceRate', {
      alarmName: `${name}-ses-bounce-rate`,
      alarmDescription: `SES bounce rate at 2 % (SES reviews at 5 %). ${runbook('ses-reputation')}`,
      metric: sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM),
      threshold: sesThresholds.bounceRate,
    });
    alarm('SesComplaintRate', {
      alarmName: `${name}-ses-complaint-rate`,
      alarmDescription: `SES complaint rate at 0.05 % (SES reviews at 0.1 %). ${runbook('ses-reputation')}`,
      metric: sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM),
      threshold: sesThresholds.complaintRate,
    });

    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      dashboardName: name,
      alarms: this.alarms,
      functions: props.functions,
      queues: props.queues,
      deadLetterQueues: {
        ...Object.fromEntries(
          (Object.keys(props.deadLetterQueues) as QueueKey[]).map((key) => [
            `${queueSpecs[key].name}-dlq`,
            props.deadLetterQueues[key],
          ]),
        ),
        ...Object.fromEntries(
          (Object.keys(props.topicDeadLetterQueues) as TopicKey[]).map((key) => [
            `${topicSpecs[key].name}-delivery-dlq`,
            props.topicDeadLetterQueues[key],
          ]),
        ),
      },
      failures: {
        ...Object.fromEntries(
          Object.entries(failedRecords).map(([fnName, m]) => [`${fnName} records failed`, m]),
        ),
        'e-mails failed for good': givenUp,
      },
      table: props.table,
      sesThresholds,
    }).dashboard;

    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${name}`,
    });
  }
}
