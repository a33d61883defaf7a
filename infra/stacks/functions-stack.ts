import { ArnFormat, Aws, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '../../shared/db/table';
import {
  copyCommands,
  functionArchitectures,
  functionNativeModules,
  installedModules,
  nativeModuleInstall,
  type PrebuildTarget,
  packageCopies,
  packagedModules,
} from '../bundling';
import { type ParvisConfig, prefix, siteUrlParameterName } from '../config';
import { pascal } from '../constructs/names';
import {
  architecture,
  grantTableReadWrite,
  ParvisFunction,
  repoRoot,
  type TableAction,
} from '../constructs/parvis-function';
import { type RuntimeResources, runtimeEnvironment } from '../constructs/runtime-environment';
import { nagText } from '../nag';
import { type BucketKey, consumers, type QueueConsumer, type QueueKey, schedules } from '../wiring';

/** Object actions a function may be given, each on whole buckets of the wiring (`<bucket>/*`). */
export type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

/**
 * What each function may do, action by action. Kept next to the stack, not in the wiring: the
 * wiring says what triggers a function, this says what it is allowed to touch. Every function is
 * listed, and each list is exactly what its code calls: infra/iam.test.ts runs every function on
 * its samples against the twin, records each AWS call, and fails on a call not granted here and
 * on a grant never called.
 */
export const access: Record<
  string,
  {
    table: TableAction[];
    sendTo?: QueueKey[];
    sendEmail?: boolean;
    objects?: Partial<Record<ObjectAction, BucketKey[]>>;
    /** The organizations' payment keys (decision 0017): read, or read and saved. */
    paymentSecrets?: 'read' | 'readWrite';
    /** Reads the ticket signing keyring: signs tickets (decision 0016). */
    ticketKeyring?: boolean;
  }
> = {
  // Reads its sources (granted by the event source mappings) and calls SES; queues nothing. Reads
  // the PDFs attached to order e-mails from the documents bucket (decision 0018).
  'send-email': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    sendEmail: true,
    objects: { 's3:GetObject': ['documents'] },
  },
  'record-ses-notification': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  // Moves e-mails whose time has come to the sending queues.
  'release-deferred-email': {
    // GetItem: giving back the mass place of a mail abandoned after its attempt marker.
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    sendTo: ['outboundEmail', 'massEmail'],
  },
  // Event images (ORG-06): reads the Image item, writes its state and, in one transaction with it,
  // the Crop items; reads originals, deletes a refused one, writes renditions.
  'process-image': {
    table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    objects: {
      's3:GetObject': ['uploads'],
      's3:DeleteObject': ['uploads'],
      's3:PutObject': ['images'],
    },
  },
  // CAL-10: reads the published events (g1 keys, then each event and its dates), the pick lists,
  // reads and writes its BUILD# marker, and writes the search file (decision 0011 §2).
  'build-public-indexes': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    objects: { 's3:PutObject': ['images'] },
  },
  'build-public-indexes-hourly': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    objects: { 's3:PutObject': ['images'] },
  },
  // TIX-09: a provider's webhook: the order (by key or g2), its organization's account and keys,
  // then the confirmation in one transaction (hold, counters, order, tickets, ledger, reports,
  // dedupe marker) and the order.confirmed message; a late payment's refund e-mail.
  'payment-webhook': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    sendTo: ['orderDocuments'],
    paymentSecrets: 'read',
  },
  // TIX-10: reads its dedupe marker, the order's partition, its organization, event, venue and
  // ticketing settings; writes the receipt and tickets PDFs; then, in one transaction, the marker,
  // the order's new access token and the confirmation e-mail, which it queues.
  'send-order-documents': {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    sendTo: ['outboundEmail'],
    objects: { 's3:PutObject': ['documents'] },
    ticketKeyring: true,
  },
  // TIX-09: reads the sparse index of active holds (keys only) and the holds, then releases each
  // in one transaction with its counter shards (decision 0014).
  // Then closes the order of each released hold (expireOrder): a PayPal order is first asked of
  // its provider with the organization's keys.
  // TIX-15 (decision 0020): seats that come back go to the waiting list: an offer is a new hold
  // (PutItem) with the entry, the list's count, the link and the offer e-mail, which it queues; a
  // lapsed offer's entry drops its guard (DeleteItem).
  'sweep-expired-holds': {
    table: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
    ],
    sendTo: ['outboundEmail'],
    paymentSecrets: 'read',
  },
};

/** Where the functions run: Lambda's Node.js runtime on Graviton, Amazon Linux (glibc). */
export const lambdaPlatform: PrebuildTarget = { platform: 'linux', arch: architecture.name, libc: 'glibc' };

/**
 * Reserved concurrency of a queue consumer: the sum of its sources' `maxConcurrency`, exactly what
 * its event source mappings may start at once. Less would have Lambda throttle the pollers, and a
 * throttled batch returns to the queue and counts as a receive (toward the dead-letter queue).
 */
export function reservedConcurrency(consumer: Pick<QueueConsumer, 'sources'>): number {
  return consumer.sources.reduce((sum, source) => sum + source.maxConcurrency, 0);
}

export interface FunctionsStackProps extends StackProps {
  config: ParvisConfig;
  /** `siteUrl` is ignored: the functions read the web stack's site URL parameter (below). */
  resources: RuntimeResources;
  logRetention: logs.RetentionDays;
}

/**
 * One function per wiring consumer (with its SQS event sources) and per schedule (with its rate).
 *
 * Concurrency: every function here has a reservation (a consumer the sum of its sources'
 * maxConcurrency, a schedule its wiring `reservedConcurrency`), carved out of the account's pool,
 * so no burst of site traffic, of another stage, or of anything else in the account can take the
 * capacity that sends e-mail and records SES feedback. The web server gets no reservation and no
 * cap: a cap would turn a busy evening into errors for visitors while protecting nothing more
 * (the consumers are already protected by their own reservation), and a reservation for it would
 * take more from the pool than all the consumers together. Lambda keeps at least 100 unreserved,
 * so the account limit must be at least 100 plus every stage's reservations
 * (docs/operations.md, "Lambda concurrency").
 */
export class FunctionsStack extends Stack {
  /** Every function of this stack by wiring name, for alarms and the dashboard. */
  readonly functions: Record<string, ParvisFunction> = {};

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const { config, resources } = props;
    // The site's public origin is written by the web stack into an SSM parameter and read here by
    // name as an SSM-typed template parameter, which CloudFormation resolves at every deploy. Not a
    // cross-stack reference: the value changes when context siteUrl or siteDomain is set after a
    // first deploy, and CloudFormation refuses to change or delete an export another stack imports.
    // The web stack must be deployed first (app.ts states the dependency).
    const siteUrl = ssm.StringParameter.fromStringParameterAttributes(this, 'SiteUrlParameter', {
      parameterName: siteUrlParameterName(config),
    }).stringValue;
    const environment = runtimeEnvironment({ ...resources, siteUrl });

    const make = (spec: WiringFunctionSpec) => {
      if (this.functions[spec.name]) throw new Error(`Two wiring entries are named "${spec.name}".`);
      const made = wiringFunction(this, spec, {
        config,
        resources,
        environment,
        logRetention: props.logRetention,
      });
      this.functions[spec.name] = made;
      return made;
    };

    for (const consumer of consumers) {
      const made = make({ ...consumer, reservedConcurrency: reservedConcurrency(consumer) });
      Validations.of(made.fn.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by its SQS event source mappings, never asynchronously: a Lambda dead-letter target would receive nothing. Failed messages go to the source queue’s own dead-letter queue after maxReceiveCount receives (messaging stack), which is alarmed.',
      });
      for (const source of consumer.sources) {
        const eventSource = new lambdaEvents.SqsEventSource(resources.queues[source.queue], {
          batchSize: source.batchSize,
          ...(source.maxBatchingWindowSeconds > 0
            ? { maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds) }
            : {}),
          maxConcurrency: source.maxConcurrency,
          // Handlers report the failed records only; the others are not retried.
          reportBatchItemFailures: true,
        });
        made.fn.addEventSource(eventSource);
      }
      for (const mapping of made.fn.node.children.filter((c) => c instanceof lambda.EventSourceMapping)) {
        Validations.of(mapping).acknowledge({
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'An SQS event source mapping takes no on-failure destination (Lambda supports them for streams and Kafka only): a failed message stays in its queue and moves to that queue’s dead-letter queue after maxReceiveCount receives, which is alarmed.',
        });
      }
    }

    for (const schedule of schedules) {
      const made = make(schedule);
      // A missed tick is redone by the next one: no Lambda retry, and a tick throttled or queued
      // for longer than one period is dropped rather than run late beside the next.
      made.fn.configureAsyncInvoke({
        retryAttempts: 0,
        maxEventAge: Duration.seconds(Math.max(60, schedule.everyMinutes * 60)),
      });
      const tickReason = `Started every ${schedule.everyMinutes} minutes by EventBridge Scheduler with an event that carries nothing but the time; a failed run is redone by the next tick, and shows in the function's errors alarm and logs. A dead-letter target or failure destination would only collect empty ticks.`;
      Validations.of(made.fn.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: tickReason,
      });
      Validations.of(made.fn.node.findChild('EventInvokeConfig')).acknowledge({
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: tickReason,
      });
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
}

export interface WiringFunctionSpec {
  name: string;
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Absent: none (the HTTP functions, like the web server). */
  reservedConcurrency?: number;
}

/**
 * A function of the wiring (consumer, schedule or HTTP function), bundled from its entry with its
 * native modules, and granted exactly its `access` entry. The functions stack makes the consumers
 * and schedules; the web stack the HTTP functions, which CloudFront reaches (web-stack.ts).
 */
export function wiringFunction(
  stack: Stack,
  spec: WiringFunctionSpec,
  context: {
    config: ParvisConfig;
    resources: RuntimeResources;
    environment: Record<string, string>;
    logRetention: logs.RetentionDays;
  },
): ParvisFunction {
  const { config, resources } = context;
  const shipped = functionNativeModules[spec.name] ?? [];
  const installed = shipped.filter((name) => (installedModules as readonly string[]).includes(name));
  const packaged = shipped.filter((name) => (packagedModules as readonly string[]).includes(name));
  // x86_64 only where a shipped binary exists for nothing else (@sparticuz/chromium, decision 0016).
  const x86 = functionArchitectures[spec.name] === 'x86_64';
  const target: PrebuildTarget = x86 ? { ...lambdaPlatform, arch: 'x86_64' } : lambdaPlatform;
  const made = new ParvisFunction(stack, pascal(spec.name), {
    functionName: `${prefix(config)}-${spec.name}`,
    entry: `${repoRoot}${spec.entry}`,
    ...(x86 ? { architecture: lambda.Architecture.X86_64 } : {}),
    // sharp (process-image) with its linux-arm64 glibc packages only, installed into the asset
    // at the lockfile's versions (infra/bundling.ts, decision 0010); @sparticuz/chromium
    // (send-order-documents) copied whole with its dependencies.
    ...(shipped.length > 0
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) => [
              ...(installed.length > 0 ? nativeModuleInstall(target, outputDir, installed) : []),
              ...(packaged.length > 0 ? copyCommands(packageCopies(packaged), outputDir) : []),
            ],
          },
        }
      : {}),
    timeoutSeconds: spec.timeoutSeconds,
    memoryMb: spec.memoryMb,
    environment: context.environment,
    logRetention: context.logRetention,
    ...(spec.reservedConcurrency !== undefined ? { reservedConcurrency: spec.reservedConcurrency } : {}),
  });
  grant(stack, made, spec.name, config, resources);
  return made;
}

function grant(
  stack: Stack,
  made: ParvisFunction,
  name: string,
  config: ParvisConfig,
  resources: RuntimeResources,
): void {
  const rights = access[name];
  if (!rights)
    throw new Error(`Function "${name}" has no entry in access (infra/stacks/functions-stack.ts).`);
  grantTableReadWrite(made.role, resources.table, Object.keys(tableDefinition.globalIndexes), rights.table);
  // SendMessage alone: grantSendMessages would add GetQueueAttributes and GetQueueUrl, never called.
  const sendTo = (rights.sendTo ?? []).map((queue) => resources.queues[queue].queueArn);
  if (sendTo.length > 0) {
    made.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: sendTo }),
    );
  }
  const acknowledged = new Set<string>();
  for (const [action, keys] of Object.entries(rights.objects ?? {}) as [ObjectAction, BucketKey[]][]) {
    const objects = keys.map((key) => `arn:${Aws.PARTITION}:s3:::${resources.buckets[key]}/*`);
    made.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: objects }));
    for (const resource of objects) {
      if (acknowledged.has(resource)) continue;
      acknowledged.add(resource);
      Validations.of(made.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagText(stack, resource)}]`,
        reason: `Object keys are made per upload and per rendition (${name}); the function reaches objects of this bucket only.`,
      });
    }
  }
  if (rights.paymentSecrets) {
    grantPaymentSecrets(stack, made.role, resources, rights.paymentSecrets);
  }
  if (rights.ticketKeyring) grantTicketKeyring(made.role, resources);
  if (rights.sendEmail) {
    // SES v2 SendEmail is authorized on the identity that sends (the domain, or the bare address
    // when it is verified on its own) and on the configuration set the call names. Identities
    // are named by address, never by the display form of mailFrom ("Parvis <…>").
    const identities = new Set([config.mailIdentity, config.mailFromAddress]);
    made.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...[...identities].map((identity) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: resources.configurationSetName,
          }),
        ],
      }),
    );
  }
}

/**
 * The organizations' payment keys (decision 0017): their secrets are named under the stage's
 * prefix and made at run time, one per organization and provider, so the grant is on the prefix.
 */
export function grantPaymentSecrets(
  stack: Stack,
  role: iam.IRole,
  resources: Pick<RuntimeResources, 'paymentSecretsPrefix'>,
  access: 'read' | 'readWrite',
): void {
  const secrets = stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${resources.paymentSecretsPrefix}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const actions = ['secretsmanager:GetSecretValue'];
  if (access === 'readWrite') actions.push('secretsmanager:PutSecretValue', 'secretsmanager:CreateSecret');
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [secrets] }));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagText(stack, secrets)}]`,
    reason:
      'One secret per organization and provider, created when an organizer saves its keys: the grant covers this stage’s payment-keys prefix only.',
  });
}

/** Reading the ticket signing keyring, and nothing else of it (not DescribeSecret, which grantRead adds). */
export function grantTicketKeyring(
  role: iam.IRole,
  resources: Pick<RuntimeResources, 'ticketKeyringArn'>,
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [resources.ticketKeyringArn],
    }),
  );
}

/** Scheduler rate expression; "1 minute" is singular. */
export function rate(minutes: number): string {
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
}
