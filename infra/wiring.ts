/**
 * What triggers what. Both the CDK stacks (infra/stacks) and the local runner (infra/local) read
 * this file, so a consumer or schedule that exists in one runtime exists in the other. A test checks
 * that every entry is in the synthesized template and is run by the local runner.
 */

/**
 * Queues, each with its own dead-letter queue after `maxReceiveCount` receives. Keys are the
 * logical names used in code.
 */
export const queues = {
  /** Service e-mail (confirmations, resets, reminders): never waits behind a mass mailing. */
  outboundEmail: { name: 'outbound-email', maxReceiveCount: 5 },
  /** Mass e-mail (COM-03/04): paced slowly and held to the rolling 24 h cap. */
  massEmail: { name: 'mass-email', maxReceiveCount: 5 },
  /** SES bounce, complaint and delivery notifications (SES → SNS → SQS). */
  sesNotifications: { name: 'ses-notifications', maxReceiveCount: 5 },
  /** Event images (ORG-06): inspect a confirmed upload, render the chosen crops (sharp). */
  processImage: { name: 'process-image', maxReceiveCount: 5 },
  /**
   * Search file rebuild requests (CAL-10, decision 0011 §2). Each message waits 60 s in the queue
   * (its delivery delay) so a burst of edits is covered by one or two builds. The delay is set on
   * AWS only: the local twin delivers at once, so tests never wait on a delayed message.
   */
  publicIndexes: { name: 'public-indexes', maxReceiveCount: 5, deliveryDelaySeconds: 60 },
  /**
   * TIX-10: a confirmed order (`order.confirmed` v1, decision 0017) whose receipt and tickets are
   * rendered to PDF (headless Chromium) and sent to the buyer with the confirmation e-mail.
   */
  orderDocuments: { name: 'order-documents', maxReceiveCount: 5 },
} as const;

export type QueueKey = keyof typeof queues;

/** S3 buckets. */
export const buckets = {
  /** Originals uploaded by users through presigned requests (images, proofs). */
  uploads: { name: 'uploads' },
  /** Derived images (crops, JPEG + WebP), served through CloudFront. */
  images: { name: 'images' },
  /** Generated documents: PDF tickets, receipts, attestations, exports. */
  documents: { name: 'documents' },
} as const;

export type BucketKey = keyof typeof buckets;

/** SNS topics; SES publishes its notifications to this one, which feeds a queue. */
export const topics = {
  sesEvents: { name: 'ses-events', subscribers: ['sesNotifications'] as QueueKey[] },
} as const;

/** One SQS event source of a consumer function. */
export interface QueueSource {
  queue: QueueKey;
  batchSize: number;
  /** Seconds SQS may wait to fill a batch. */
  maxBatchingWindowSeconds: number;
  /** Highest number of concurrent invocations this source may start (2 to 1000). */
  maxConcurrency: number;
}

/** A function started by queues: one NodejsFunction, one event source mapping per source. */
export interface QueueConsumer {
  /** Function name (kebab-case verb-noun), unique. */
  name: string;
  /** Handler module, relative to the repository root; it must export `handler`. */
  entry: string;
  sources: QueueSource[];
  timeoutSeconds: number;
  memoryMb: number;
}

/** A function started on a fixed rate (EventBridge Scheduler on AWS, a timer locally). */
export interface Schedule {
  name: string;
  entry: string;
  /** Every `everyMinutes` minutes. */
  everyMinutes: number;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * Concurrency reserved for it on AWS (1 or 2): its own capacity, which site traffic cannot take,
   * and its ceiling. A run outlasting its period is cut off by its timeout, so 1 is enough when
   * `timeoutSeconds` is under `everyMinutes`, and makes runs never overlap.
   */
  reservedConcurrency: number;
}

export const consumers: QueueConsumer[] = [
  {
    name: 'send-email',
    entry: 'functions/queue/send-email.ts',
    sources: [
      { queue: 'outboundEmail', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 4 },
      { queue: 'massEmail', batchSize: 10, maxBatchingWindowSeconds: 5, maxConcurrency: 2 },
    ],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'record-ses-notification',
    entry: 'functions/queue/record-ses-notification.ts',
    sources: [{ queue: 'sesNotifications', batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 }],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  {
    // One image per invocation: the work is CPU-bound (about 0.7 s of CPU for the 17 renditions of
    // a 4000×3000 original) and a 50 MP original decodes to 150 MB. 1769 MB is one full vCPU on
    // Lambda (decision 0010 §5); 30 s leaves room for a cold start (libvips, 120–170 ms) and a
    // slow S3 read of 10 MB. The organizer waits on it: up to 4 at once.
    name: 'process-image',
    entry: 'functions/queue/process-image.ts',
    sources: [{ queue: 'processImage', batchSize: 1, maxBatchingWindowSeconds: 0, maxConcurrency: 4 }],
    timeoutSeconds: 30,
    memoryMb: 1769,
  },
  {
    // CAL-10: rebuilds the search file (decision 0011 §2). Two pollers at most (SQS's minimum for
    // maxConcurrency); requests already covered by a later build are dropped, and of two builds
    // at once the later start is the one kept. 2,000 events build in about 1–3 s; 60 s is ample.
    name: 'build-public-indexes',
    entry: 'functions/queue/build-public-indexes.ts',
    sources: [{ queue: 'publicIndexes', batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 2 }],
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
  {
    // TIX-10: one order per invocation: Chromium renders its PDFs (one browser per container, pages
    // reused, decision 0016) in about 0.1–0.2 s warm; a cold start unpacks and launches Chromium
    // (1–3 s). 2048 MB gives Chromium more than one vCPU; up to 4 orders at once.
    name: 'send-order-documents',
    entry: 'functions/queue/send-order-documents.ts',
    sources: [{ queue: 'orderDocuments', batchSize: 1, maxBatchingWindowSeconds: 0, maxConcurrency: 4 }],
    timeoutSeconds: 60,
    memoryMb: 2048,
  },
];

export const schedules: Schedule[] = [
  {
    name: 'release-deferred-email',
    entry: 'functions/schedule/release-deferred-email.ts',
    everyMinutes: 5,
    timeoutSeconds: 120,
    memoryMb: 256,
    reservedConcurrency: 1,
  },
  {
    // CAL-10: the same build every hour, whatever was requested: the net under a lost request.
    name: 'build-public-indexes-hourly',
    entry: 'functions/schedule/build-public-indexes-hourly.ts',
    everyMinutes: 60,
    timeoutSeconds: 60,
    memoryMb: 1024,
    reservedConcurrency: 1,
  },
  {
    // TIX-09: expired holds give their seats back (decision 0014); TTL only cleans up later.
    name: 'sweep-expired-holds',
    entry: 'functions/schedule/sweep-expired-holds.ts',
    everyMinutes: 1,
    timeoutSeconds: 50,
    memoryMb: 256,
    reservedConcurrency: 1,
  },
];

/**
 * A function called over HTTP by someone outside Parvis (a payment provider's webhooks): a Lambda
 * with a Function URL behind CloudFront's `pathPattern` behaviour on AWS (infra/stacks/web-stack.ts),
 * and behind the local front server's same path (infra/local/web-server.ts → the runner).
 */
export interface HttpFunction {
  name: string;
  entry: string;
  /** The CloudFront path pattern it serves, `/<prefix>/*`. */
  pathPattern: `/${string}/*`;
  timeoutSeconds: number;
  memoryMb: number;
}

export const httpFunctions: HttpFunction[] = [
  {
    // TIX-09: Stripe and PayPal webhooks (`/webhooks/stripe`, `/webhooks/paypal`), verified on the
    // raw body, then the order confirmed, expired or refunded (decision 0017). No reserved
    // concurrency: a throttled delivery is retried by the provider for days, and the buyer's return
    // page confirms the payment itself (syncOrderPayment), so nothing waits on this function alone.
    name: 'payment-webhook',
    entry: 'functions/http/payment-webhook.ts',
    pathPattern: '/webhooks/*',
    timeoutSeconds: 25,
    memoryMb: 512,
  },
];

/** The HTTP function serving `path`, if one does. */
export function httpFunctionFor(path: string): HttpFunction | undefined {
  return httpFunctions.find((fn) => path.startsWith(fn.pathPattern.slice(0, -1)));
}

/** The consumer function and source that read a queue (each queue has exactly one). */
export function consumerOf(queue: QueueKey): { consumer: QueueConsumer; source: QueueSource } | undefined {
  for (const consumer of consumers) {
    const source = consumer.sources.find((s) => s.queue === queue);
    if (source) return { consumer, source };
  }
  return undefined;
}

/**
 * SQS visibility must outlast the consumer, or a message still being worked is handed out again.
 * AWS recommends six times the function timeout.
 */
export function visibilityTimeoutSeconds(queue: QueueKey): number {
  return Math.max(30, consumerOf(queue)?.consumer.timeoutSeconds ?? 30) * 6;
}

/** Names of the environment variables every function and the web server receive. */
export const env = {
  tableName: 'PARVIS_TABLE_NAME',
  queueUrl: (queue: QueueKey) => `PARVIS_QUEUE_URL_${constantCase(queue)}`,
  bucketName: (bucket: BucketKey) => `PARVIS_BUCKET_${constantCase(bucket)}`,
  sesConfigurationSet: 'PARVIS_SES_CONFIGURATION_SET',
  mailFrom: 'PARVIS_MAIL_FROM',
  siteUrl: 'PARVIS_SITE_URL',
  /** JSON of the e-mail pacing settings, see shared/comms/sending-policy.ts. */
  mailPolicy: 'PARVIS_MAIL_POLICY',
  /** info (default), warn, error or silent. */
  logLevel: 'PARVIS_LOG_LEVEL',
  /** The web server only: the venue maps' tile URL template (config.mapTiles); unset, no map. */
  mapTiles: 'PARVIS_MAP_TILES',
  /** Off Lambda only: the public form's key (web/src/lib/server/form-secret.ts), 32+ characters. */
  formSecret: 'PARVIS_FORM_SECRET',
  /**
   * Only set locally, by the twin in tests: a file the AWS clients append one JSON line to per call
   * (function, client, command, resource), from which a test derives what each role must grant.
   */
  awsCallLog: 'PARVIS_AWS_CALL_LOG',
  /** AWS: the Secrets Manager secret holding the ticket signing keyring (decision 0016). */
  ticketSigningSecret: 'PARVIS_TICKET_SIGNING_SECRET',
  /** Local twin only: the ticket signing keyring itself (JSON), generated once by the twin. */
  ticketSigningKey: 'PARVIS_TICKET_SIGNING_KEY',
  /** Off Lambda, optional: a Chromium to render PDFs with instead of @sparticuz/chromium's. */
  chromiumPath: 'PARVIS_CHROMIUM_PATH',
  /**
   * Only set locally: the origin of the fake payment provider server (infra/local/fake-payments),
   * which speaks the Stripe and PayPal APIs. Unset, the adapters call Stripe and PayPal themselves.
   */
  paymentsApiUrl: 'PARVIS_PAYMENTS_API_URL',
  /**
   * AWS, optional: the name prefix of the organizations' payment key secrets in Secrets Manager
   * (default `parvis/payments/`; decision 0017). The web server reads and writes them, the payment
   * webhook function reads them.
   */
  paymentSecretsPrefix: 'PARVIS_PAYMENT_SECRETS_PREFIX',
  /** Local twin only: a directory holding those secrets as 0600 files instead of Secrets Manager. */
  paymentSecretsDir: 'PARVIS_PAYMENT_SECRETS_DIR',
  /** Only set locally: the endpoint of each local engine. */
  endpoint: (service: 'dynamodb' | 'sqs' | 'sns' | 's3' | 'ses') =>
    `PARVIS_ENDPOINT_${service.toUpperCase()}`,
} as const;

function constantCase(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
