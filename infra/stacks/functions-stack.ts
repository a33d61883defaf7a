import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '../../shared/db/table';
import { type ParvisConfig, prefix } from '../config';
import { pascal } from '../constructs/names';
import { grantTableReadWrite, ParvisFunction, repoRoot } from '../constructs/parvis-function';
import { type RuntimeResources, runtimeEnvironment } from '../constructs/runtime-environment';
import { consumers, type QueueKey, schedules } from '../wiring';

/**
 * What each function may do besides reading and writing the table. Kept next to the stack, not in
 * the wiring: the wiring says what triggers a function, this says what it is allowed to touch.
 * A function absent from this list gets the table only.
 */
export const access: Record<string, { sendTo?: QueueKey[]; sendEmail?: boolean }> = {
  // Reads its sources (granted by the event source mappings) and calls SES; queues nothing.
  'send-email': { sendEmail: true },
  'record-ses-notification': {},
  // Moves e-mails whose time has come to the sending queues.
  'release-deferred-email': { sendTo: ['outboundEmail', 'massEmail'] },
};

export interface FunctionsStackProps extends StackProps {
  config: ParvisConfig;
  resources: RuntimeResources;
  logRetention: logs.RetentionDays;
}

/** One function per wiring consumer (with its SQS event sources) and per schedule (with its rate). */
export class FunctionsStack extends Stack {
  /** Every function of this stack by wiring name, for alarms and the dashboard. */
  readonly functions: Record<string, ParvisFunction> = {};

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { config, resources } = props;
    const environment = runtimeEnvironment(resources);

    const make = (spec: { name: string; entry: string; timeoutSeconds: number; memoryMb: number }) => {
      if (this.functions[spec.name]) throw new Error(`Two wiring entries are named "${spec.name}".`);
      const made = new ParvisFunction(this, pascal(spec.name), {
        functionName: `${prefix(config)}-${spec.name}`,
        entry: `${repoRoot}${spec.entry}`,
        timeoutSeconds: spec.timeoutSeconds,
        memoryMb: spec.memoryMb,
        environment,
        logRetention: props.logRetention,
      });
      this.grant(made, spec.name, config, resources);
      this.functions[spec.name] = made;
      return made;
    };

    for (const consumer of consumers) {
      const made = make(consumer);
      for (const source of consumer.sources) {
        made.fn.addEventSource(
          new lambdaEvents.SqsEventSource(resources.queues[source.queue], {
            batchSize: source.batchSize,
            ...(source.maxBatchingWindowSeconds > 0
              ? { maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds) }
              : {}),
            maxConcurrency: source.maxConcurrency,
            // Handlers report the failed records only; the others are not retried.
            reportBatchItemFailures: true,
          }),
        );
      }
    }

    for (const schedule of schedules) {
      const made = make(schedule);
      // A missed tick is redone by the next one: no Lambda retry piling up behind it.
      made.fn.configureAsyncInvoke({ retryAttempts: 0 });
      // EventBridge Scheduler (not an EventBridge rule): the schedule runs under its own role that
      // can invoke exactly this function, and the event is dropped once the next tick is due.
      const role = new iam.Role(this, `${pascal(schedule.name)}ScheduleRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [made.fn.functionArn] }),
      );
      new scheduler.CfnSchedule(this, `${pascal(schedule.name)}Schedule`, {
        name: `${prefix(config)}-${schedule.name}`,
        description: `Starts ${schedule.name} every ${schedule.everyMinutes} minutes.`,
        scheduleExpression: rate(schedule.everyMinutes),
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: made.fn.functionArn,
          roleArn: role.roleArn,
          retryPolicy: {
            maximumRetryAttempts: 2,
            maximumEventAgeInSeconds: Math.max(60, schedule.everyMinutes * 60),
          },
        },
      });
    }
  }

  private grant(made: ParvisFunction, name: string, config: ParvisConfig, resources: RuntimeResources): void {
    grantTableReadWrite(made.role, resources.table, Object.keys(tableDefinition.globalIndexes));
    const rights = access[name] ?? {};
    for (const queue of rights.sendTo ?? []) resources.queues[queue].grantSendMessages(made.role);
    if (rights.sendEmail) {
      const identities = new Set([config.mailIdentity, config.mailFrom]);
      made.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            ...[...identities].map((identity) =>
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
            ),
            this.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: resources.configurationSetName,
            }),
          ],
        }),
      );
    }
  }
}

/** Scheduler rate expression; "1 minute" is singular. */
export function rate(minutes: number): string {
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
}
