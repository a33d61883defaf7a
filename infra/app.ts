import { type App, Tags } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { bucketName, configurationSetName, type ParvisConfig, paymentSecretsPrefix, prefix } from './config';
import type { RuntimeResources } from './constructs/runtime-environment';
import { applyFeatureFlags } from './feature-flags';
import { DataStack } from './stacks/data-stack';
import { EmailStack } from './stacks/email-stack';
import { FunctionsStack } from './stacks/functions-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { OperationsStack } from './stacks/operations-stack';
import { StorageStack } from './stacks/storage-stack';
import { WebStack } from './stacks/web-stack';
import { type BucketKey, buckets } from './wiring';

export interface ParvisStacks {
  data: DataStack;
  storage: StorageStack;
  messaging: MessagingStack;
  email: EmailStack;
  web: WebStack;
  functions: FunctionsStack;
  operations: OperationsStack;
}

export interface CreateParvisOptions {
  /** SvelteKit project directory; tests use a fixture build. */
  webDir?: string;
}

/**
 * The stacks of one stage, in deployment order: data, storage, messaging, e-mail, web, functions,
 * operations. Stacks are environment-agnostic (no account or region, no lookups): `cdk synth` runs
 * offline and the same templates deploy to any account.
 */
export function createParvis(
  app: App,
  config: ParvisConfig,
  options: CreateParvisOptions = {},
): ParvisStacks {
  applyFeatureFlags(app);
  const name = prefix(config);
  const logRetention = config.logRetentionDays as logs.RetentionDays;
  Tags.of(app).add('project', 'parvis');
  Tags.of(app).add('stage', config.stage);

  const data = new DataStack(app, `${name}-data`, { description: 'Parvis: the DynamoDB table' });
  const storage = new StorageStack(app, `${name}-storage`, {
    description: 'Parvis: S3 buckets',
    config,
    // The site's origin, as a literal from the context. Without a custom domain or siteUrl, the
    // CloudFront domain is only known after the web stack, which itself needs these buckets: any
    // CloudFront domain is allowed (a reference would also be an export that the later
    // `-c siteUrl=…` deploy removes).
    uploadOrigins: [config.siteUrl ?? 'https://*.cloudfront.net'],
  });
  const messaging = new MessagingStack(app, `${name}-messaging`, {
    description: 'Parvis: SQS queues with dead-letter queues, SNS topics',
    config,
  });
  const email = new EmailStack(app, `${name}-email`, {
    description: 'Parvis: SES configuration set and its event destination',
    config,
    eventsTopic: messaging.topics.sesEvents,
  });

  const resources: RuntimeResources = {
    table: data.table,
    queues: messaging.queues,
    buckets: Object.fromEntries(
      (Object.keys(buckets) as BucketKey[]).map((key) => [key, bucketName(config, buckets[key].name)]),
    ) as Record<BucketKey, string>,
    configurationSetName: configurationSetName(config),
    mailFrom: config.mailFrom,
    siteUrl: undefined,
    mailPolicy: config.mailPolicy,
    paymentSecretsPrefix: paymentSecretsPrefix(config),
    ticketKeyringArn: data.ticketKeyring.secretArn,
  };

  const web = new WebStack(app, `${name}-web`, {
    description: 'Parvis: CloudFront, SvelteKit server on Lambda, static assets',
    config,
    resources,
    logRetention,
    ...(options.webDir ? { webDir: options.webDir } : {}),
  });
  // Buckets are named, not referenced: the order is stated.
  web.addStackDependency(storage, 'the server signs requests for the storage buckets');
  // No stack imports the site URL: its value changes between the documented first deploy (the
  // CloudFront domain) and the next ones (context siteUrl or siteDomain), and CloudFormation
  // refuses to change or remove an export that another stack imports. The web stack writes it to
  // an SSM parameter that the functions stack reads by name at deploy time.
  const functions = new FunctionsStack(app, `${name}-functions`, {
    description: 'Parvis: queue consumers and scheduled functions',
    config,
    resources,
    logRetention,
  });
  functions.addStackDependency(storage, 'functions are given the bucket names');
  functions.addStackDependency(email, 'send-email uses the configuration set by name');
  functions.addStackDependency(web, 'functions read the site URL parameter the web stack writes');

  if (functions.functions.web || web.httpFunctions.web)
    throw new Error('"web" is the site server; give the wiring function another name.');
  for (const name of Object.keys(web.httpFunctions)) {
    if (functions.functions[name]) throw new Error(`Two wiring entries are named "${name}".`);
  }
  const operations = new OperationsStack(app, `${name}-operations`, {
    description: 'Parvis: alarms, ops-alarms topic, dashboard (PLAT-03)',
    config,
    functions: {
      ...Object.fromEntries(
        Object.entries({ ...functions.functions, ...web.httpFunctions }).map(([fnName, made]) => [
          fnName,
          made.fn,
        ]),
      ),
      web: web.server.fn,
    },
    queues: messaging.queues,
    deadLetterQueues: messaging.deadLetterQueues,
    topicDeadLetterQueues: messaging.topicDeadLetterQueues,
    table: data.table,
    topicKey: messaging.topicKey,
  });
  // Metric filters name the functions' log groups, which those stacks create.
  operations.addStackDependency(functions, 'metric filters on the functions’ log groups');
  operations.addStackDependency(web, 'metric filter on the web server’s log group');

  return { data, storage, messaging, email, web, functions, operations };
}
