import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../shared/adapters/create-deps';
import { createPaymentDeps } from '../shared/adapters/payment-deps';
import { s3FileStore } from '../shared/adapters/s3-files';
import { arrangeImageMessage } from '../shared/calendar/event-images.test-support';
import { samplePdf, storeAttachment } from '../shared/comms/attachments.test-support';
import { commitWithEmails, type EmailRequest } from '../shared/comms/queue-email';
import { table as tableDefinition } from '../shared/db/table';
import { fixedClock } from '../shared/kernel/ports';
import { checkoutForm, sellingEvent } from '../shared/orders/orders.test-support';
import { startCheckout } from '../shared/orders/start-checkout';
import { joinWaitingList, offerWaitingLists } from '../shared/orders/waiting-list';
import { activatePaymentAccount, savePaymentAccount } from '../shared/payments/payment-accounts';
import { placeHold } from '../shared/ticketing/place-hold';
import { releaseHold } from '../shared/ticketing/settle-hold';
import { saveTicketType } from '../shared/ticketing/ticket-types';
import { ticketTypeFields, writeDraftEvent } from '../shared/ticketing/ticketing.test-support';
import { saveTicketingSettings } from '../shared/ticketing/ticketing-settings';
import { type AwsCall, awsCalls, fireSchedule, publishRaw, useTwin, waitFor, waitIdle } from '../tests/twin';
import { bucketName, configurationSetName, readConfig } from './config';
import {
  type Allowance,
  checkRole,
  deriveNeeds,
  type Need,
  type ResourceMap,
  type Statement,
  TemplateResolver,
} from './test/iam';
import { type SynthesizedParvis, synthParvis } from './test/parvis-app';
import {
  type BucketKey,
  buckets,
  consumers,
  env,
  httpFunctions,
  type QueueKey,
  queues,
  schedules,
} from './wiring';

/**
 * Least privilege, derived from the code (issue #10 §3). Every function of the wiring runs on its
 * event samples in the twin (each schedule fired), its AWS clients log each call
 * (PARVIS_AWS_CALL_LOG, tests/global-setup.ts), each call is turned into the IAM actions and
 * resources it needs (infra/test/iam.ts), and the function's role in the synthesized template must
 * grant all of it and nothing more than: those actions, on those resources (a DynamoDB action on
 * the table and any of its indexes), writing its own logs, X-Ray traces, what its SQS event source
 * mappings need on its own source queues, and KMS for encrypted queues.
 */

/**
 * Actions a role may hold although no sample makes the code call them, each with its reason: code
 * reached only on a path the samples do not take. Empty is the goal; an entry whose action is no
 * longer granted, or is now called, fails the test, so the list cannot go stale.
 */
const localSecrets =
  'locally the organizations’ payment keys are a file of the twin (no Secrets Manager engine exists): the read is proven by shared/adapters/payment-secrets.test.ts against aws-sdk-client-mock';
const localKeyring =
  'locally the ticket signing keyring is an environment variable set by the twin (no Secrets Manager engine exists): the read is proven by shared/adapters/secrets-manager.test.ts against aws-sdk-client-mock';
const notReachedBySamples: Record<string, Record<string, string>> = {
  'send-order-documents': { 'secretsmanager:GetSecretValue': localKeyring },
  'payment-webhook': { 'secretsmanager:GetSecretValue': localSecrets },
  'sweep-expired-holds': { 'secretsmanager:GetSecretValue': localSecrets },
};

const eventSourceActions = [
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
];
const tracingActions = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

const samplesDir = join(import.meta.dirname, '../events/samples');
const samples = readdirSync(samplesDir).filter((file) => file.endsWith('.json'));
const sample = (file: string) => JSON.parse(readFileSync(join(samplesDir, file), 'utf8'));

function queueOfSample(file: string): QueueKey | undefined {
  const name = file.split('.')[0];
  return (Object.keys(queues) as QueueKey[]).find((key) => queues[key].name === name);
}

const run = randomUUID().slice(0, 8);
const functionNames = [
  ...consumers.map((c) => c.name),
  ...schedules.map((s) => s.name),
  ...httpFunctions.map((f) => f.name),
];
let synth: SynthesizedParvis;
let resolver: TemplateResolver;
let twinEnv: Record<string, string>;

/**
 * Makes every function do its work: e-mails committed and published (service and mass), the
 * e-mail samples published again for them, the SES notification samples under fresh ids (so none
 * is skipped as a duplicate of another test's), the delivery sample tagged with an e-mail that was
 * committed but never sent (as when the sender dies after SES accepted it: the event settles it),
 * and each schedule fired at its sample's time with one e-mail of each kind waiting, committed in
 * the past and never published (as after a lost publish), for it to release.
 */
async function driveEveryFunction(): Promise<void> {
  const deps = createDeps(twinEnv, { test: 'iam' });
  const email = (kind: 'service' | 'mass', what: string): EmailRequest => ({
    templateId: 'client.invitation',
    locale: 'fr',
    to: `iam-${what}-${kind}-${run}@example.org`,
    data: { firstName: 'Iam', activationUrl: 'https://parvis.example/fr' },
    kind,
    account: `iam-${run}`,
  });

  const unpublished = { ...deps, queues: { publish: async () => undefined } };
  for (const file of samples.filter((f) => f.startsWith('schedule.'))) {
    const time = new Date(sample(file).time);
    const hourBefore = new Date(time.getTime() - 3_600_000);
    const { messageIds } = await commitWithEmails(
      { ...unpublished, clock: { now: () => hourBefore } },
      { emails: [email('service', 'released'), email('mass', 'released'), email('mass', 'abandoned')] },
    );
    // A mass mail whose sender died after its attempt marker, an hour ago: past the grace period,
    // so the release job gives its mass place back and sends it again.
    const policy = deps.config.mailPolicy;
    await deps.db.comms.entities.outboundMessage
      .patch({ messageId: messageIds[2] ?? '' })
      .set({
        status: 'sending',
        kind: 'mass',
        leaseId: `iam-${run}`,
        leaseUntil: new Date(hourBefore.getTime() + policy.leaseSeconds * 1000).toISOString(),
        attemptAt: hourBefore.toISOString(),
        massReservedAt: hourBefore.getTime(),
        notBefore: new Date(hourBefore.getTime() + policy.reconcileAfterSeconds * 1000).toISOString(),
      })
      .go();
  }
  const stranded = (await commitWithEmails(unpublished, { emails: [email('service', 'stranded')] }))
    .messageIds[0];

  // TIX-10: the service mail carries a PDF from the documents bucket (decision 0018), so the
  // sender's S3 read grant is exercised.
  const attachmentKey = `orders/IAM-${run}/receipt.pdf`;
  await storeAttachment(s3FileStore(twinEnv), attachmentKey, samplePdf(`IAM ${run}`));
  const withReceipt: EmailRequest = {
    ...email('service', 'sent'),
    attachments: [{ key: attachmentKey, filename: 'recu.pdf', contentType: 'application/pdf' }],
  };
  const committed = {
    outboundEmail: (await commitWithEmails(deps, { emails: [withReceipt] })).messageIds[0],
    massEmail: (await commitWithEmails(deps, { emails: [email('mass', 'sent')] })).messageIds[0],
  } as Partial<Record<QueueKey, string>>;
  // Images (ORG-06): each image sample under a fresh id, its image and original arranged; and one
  // more inspection of a file that is not an image, refused and deleted.
  const files = s3FileStore(twinEnv);
  const imageBodies = samples
    .filter((file) => queueOfSample(file) === 'processImage')
    .map((file) => ({ ...sample(file), imageId: `IAM-${run}-${file.split('.')[1]}` }));
  const refusedImage = { v: 1, action: 'inspect', imageId: `IAM-${run}-refused` } as const;
  for (const body of imageBodies) await arrangeImageMessage(deps, files, body);
  await arrangeImageMessage(deps, files, refusedImage, new TextEncoder().encode('not an image'));
  await publishRaw('processImage', JSON.stringify(refusedImage));
  for (const file of samples) {
    const queue = queueOfSample(file);
    if (!queue) continue;
    if (queue === 'processImage') continue;
    const body = sample(file);
    if ('messageId' in body) body.messageId = committed[queue] ?? body.messageId;
    if ('MessageId' in body) body.MessageId = randomUUID();
    if (file.includes('.delivery.') && stranded) {
      const notification = JSON.parse(body.Message);
      notification.mail.tags = { ...notification.mail.tags, messageId: [stranded] };
      body.Message = JSON.stringify(notification);
    }
    await publishRaw(queue, JSON.stringify(body));
  }
  for (const body of imageBodies) await publishRaw('processImage', JSON.stringify(body));
  // TIX-09: a checkout abandoned an hour before the sweep's sample time, its hold expired.
  const sweepAt = new Date(sample('schedule.sweep-expired-holds.json').time).getTime();
  const abandoned = { ...deps, clock: fixedClock(new Date(sweepAt - 3_600_000)) };
  const organizer = { userId: `U-IAM-${run}`, orgId: `IAM-${run}`, staff: false };
  const eventId = await writeDraftEvent(abandoned, organizer.orgId);
  const { ticketTypeId } = await saveTicketType(abandoned, {
    actor: organizer,
    eventId,
    fields: ticketTypeFields(),
  });
  await placeHold(abandoned, {
    holdId: `IAM-${run}`,
    subject: { kind: 'order', id: `IAM-${run}` },
    lines: [{ eventId, ticketTypeId, quantity: 2 }],
    heldUntil: new Date(sweepAt - 1_800_000).toISOString(),
  });
  await arrangeWaitingList(deps, sweepAt);
  await payOneOrder(deps);
  await confirmOneRegistration(deps);
  for (const schedule of schedules) {
    const file = `schedule.${schedule.name}.json`;
    await fireSchedule(schedule.name, samples.includes(file) ? new Date(sample(file).time) : new Date());
  }
  await waitIdle(90_000);
}

/**
 * TIX-15 (decision 0020): a sold-out category of two seats, two days before the sweep's sample
 * time. A checkout's hold is released and the seats offered to the first person waiting (Amélie);
 * a second (Benoît) joins behind her. Amélie's 24-hour offer has lapsed by the sweep's time: the
 * sweep releases it, drops her entry's guard and offers the seats to Benoît, with his e-mail.
 */
async function arrangeWaitingList(deps: ReturnType<typeof createDeps>, sweepAt: number): Promise<void> {
  const payments = createPaymentDeps(twinEnv);
  const at = (hoursAfterStart: number) => ({
    ...deps,
    ...payments,
    clock: fixedClock(new Date(sweepAt - 48 * 3_600_000 + hoursAfterStart * 3_600_000)),
  });
  const orgId = `IAM-WAIT-${run}`;
  const { eventId, ticketTypeIds } = await sellingEvent(at(0), orgId, [
    { priceCents: 0, quantity: 2, perPersonMax: 2 },
  ]);
  const ticketTypeId = ticketTypeIds[0] ?? '';
  await saveTicketingSettings(at(0), {
    actor: { userId: `U-${orgId}`, orgId, staff: false },
    eventId,
    expectedVersion: 1,
    fields: { enabled: true, waitingList: true },
  });
  const holdId = `IAM-WAIT-${run}`;
  await placeHold(at(0), {
    holdId,
    subject: { kind: 'order', id: holdId },
    lines: [{ eventId, ticketTypeId, quantity: 2 }],
    heldUntil: new Date(sweepAt - 47 * 3_600_000).toISOString(),
  });
  const join = (name: string, hours: number) =>
    joinWaitingList(at(hours), {
      eventId,
      ticketTypeId,
      name,
      email: `${name.toLowerCase()}.${run}@example.org`,
      quantity: 2,
      locale: 'fr',
    });
  await join('Amelie', 0.5);
  await releaseHold(at(1), { holdId });
  await offerWaitingLists(at(1));
  await join('Benoit', 2);
}

/**
 * TIX-09: a buyer pays two tickets on the fake Stripe page; the fake's signed webhook reaches the
 * payment webhook function through the runner (tests/global-setup.ts points it there), which
 * verifies it with the organization's keys and confirms the order.
 */
async function payOneOrder(base: ReturnType<typeof createDeps>): Promise<void> {
  const deps = { ...base, ...createPaymentDeps(twinEnv) };
  const orgId = `IAM-PAY-${run}`;
  const keys = { secretKey: `sk_test_iam${run}`, webhookSecret: `whsec_iam${run}` };
  const fake = twinEnv[env.paymentsApiUrl];
  await fetch(`${fake}/_fake/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stripe: [keys] }),
  });
  await savePaymentAccount(deps, {
    actor: { userId: `U-${orgId}`, orgId, staff: false },
    orgId,
    keys: { provider: 'stripe', ...keys },
  });
  await activatePaymentAccount(deps, {
    actor: { userId: 'U-IAM-STAFF', orgId: 'parvis', staff: true },
    orgId,
    provider: 'stripe',
  });
  const { eventId, ticketTypeIds } = await sellingEvent(deps, orgId, [{ priceCents: 3000 }]);
  const started = await startCheckout(
    deps,
    checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 2 }]),
  );
  if (!started.redirectUrl) throw new Error('a paid checkout has a provider page');
  const html = await (await fetch(started.redirectUrl)).text();
  const action = /<form method="post" action="([^"]+\/pay)"/.exec(html)?.[1];
  if (!action) throw new Error(`No « Payer » form on ${started.redirectUrl}`);
  await fetch(new URL(action, started.redirectUrl), { method: 'POST', redirect: 'manual' });
  await fetch(`${fake}/_fake/idle`);
  await waitFor(
    async () =>
      (await deps.db.orders.entities.order.get({ orderId: started.orderId }).go()).data?.status === 'paid',
    30_000,
  );
}

/**
 * TIX-10: a free registration, confirmed at once by checkout, whose `order.confirmed` goes through
 * the order documents consumer: its tickets PDF written to the documents bucket, the marker, the
 * order's access token and the confirmation e-mail committed together and queued; the sender then
 * reads the PDF (decision 0018).
 */
async function confirmOneRegistration(base: ReturnType<typeof createDeps>): Promise<void> {
  const deps = { ...base, ...createPaymentDeps(twinEnv) };
  const orgId = `IAM-DOCS-${run}`;
  const { eventId, ticketTypeIds } = await sellingEvent(deps, orgId, [{ priceCents: 0 }]);
  const started = await startCheckout(
    deps,
    checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }], { provider: undefined }),
  );
  if (started.status !== 'paid')
    throw new Error(`a free registration is confirmed at once (${started.status})`);
  await waitFor(
    async () =>
      (
        await deps.db.orders.entities.dedupeMarker
          .get({ scope: 'order-documents', key: started.orderId })
          .go()
      ).data,
    60_000,
  );
}

/** The app's resources as the template names them, looked up by the local names the calls carry. */
function resourceMap(): ResourceMap & {
  tableArn: string;
  indexArns: string[];
  queueArn(key: QueueKey): string;
} {
  const { data, messaging, functions } = synth.stacks;
  const config = readConfig(synth.app);
  const tableArn = resolver.token(data, data.table.tableArn);
  const indexNames = Object.keys(tableDefinition.globalIndexes);
  const queueArn = (key: QueueKey) => resolver.token(messaging, messaging.queues[key].queueArn);
  const sesArn = (resource: string, name: string) =>
    resolver.token(functions, functions.formatArn({ service: 'ses', resource, resourceName: name }));
  const isTable = (name: string | undefined) => name !== undefined && name === twinEnv[env.tableName];
  return {
    tableArn,
    indexArns: indexNames.map((index) => `${tableArn}/index/${index}`),
    queueArn,
    table: (name) => (isTable(name) ? tableArn : undefined),
    index: (name, index) =>
      isTable(name) && indexNames.includes(index) ? `${tableArn}/index/${index}` : undefined,
    queue: (url) => {
      const key = (Object.keys(queues) as QueueKey[]).find((k) => twinEnv[env.queueUrl(k)] === url);
      return key && queueArn(key);
    },
    sesIdentities: (from) =>
      from !== undefined && from === twinEnv[env.mailFrom]
        ? [...new Set([config.mailIdentity, config.mailFromAddress])].map((id) => sesArn('identity', id))
        : undefined,
    configurationSet: (name) =>
      name !== undefined && name === twinEnv[env.sesConfigurationSet]
        ? sesArn('configuration-set', configurationSetName(config))
        : undefined,
    bucket: (name) => {
      const key = (Object.keys(buckets) as BucketKey[]).find((k) => twinEnv[env.bucketName(k)] === name);
      return key && resolver.token(functions, `arn:aws:s3:::${bucketName(config, buckets[key].name)}`);
    },
  };
}

/** The role of a wiring function, with its statements resolved. */
function roleOf(name: string): { statements: Statement[]; managed: string[]; logGroupArn: string } {
  const { functions, web } = synth.stacks;
  const stack = web.httpFunctions[name] ? web : functions;
  const made = web.httpFunctions[name] ?? functions.functions[name];
  if (!made) throw new Error(`No function ${name} in the functions or web stack`);
  const roleId = stack.resolve(stack.getLogicalId(made.role.node.defaultChild as CfnElement)) as string;
  return {
    ...resolver.roleStatements(stack.stackName, roleId),
    logGroupArn: resolver.token(stack, made.logGroup.logGroupArn),
  };
}

/** What a function's role may hold besides the actions its code calls, and why. */
function platformAllowances(name: string, needs: Need[], logGroupArn: string): Allowance[] {
  const map = resourceMap();
  const messaging = synth.stacks.messaging;
  const allowances: Allowance[] = [
    {
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroupArn],
      reason: 'Lambda writes the function’s logs to its own log group',
    },
    { actions: tracingActions, resources: ['*'], reason: 'active X-Ray tracing; X-Ray takes no resource' },
  ];
  const sources = consumers.find((c) => c.name === name)?.sources.map((s) => s.queue) ?? [];
  if (sources.length > 0) {
    allowances.push({
      actions: eventSourceActions,
      resources: sources.map(map.queueArn),
      reason: 'the SQS event source mappings poll and delete with the function’s role',
    });
  }
  const sendsTo = (Object.keys(queues) as QueueKey[]).filter((key) =>
    needs.some((need) => need.action === 'sqs:SendMessage' && need.resources.includes(map.queueArn(key))),
  );
  const keyOf = (key: QueueKey) => {
    const queueKey = messaging.queues[key].encryptionMasterKey;
    return queueKey ? [resolver.token(messaging, queueKey.keyArn)] : [];
  };
  const readKeys = sources.flatMap(keyOf);
  const writeKeys = sendsTo.flatMap(keyOf);
  if (readKeys.length + writeKeys.length > 0) {
    allowances.push({
      actions: ['kms:Decrypt'],
      resources: [...readKeys, ...writeKeys],
      reason: 'messages of a queue encrypted with a KMS key are decrypted to be read',
    });
  }
  if (writeKeys.length > 0) {
    allowances.push({
      actions: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      resources: writeKeys,
      reason: 'messages sent to a queue encrypted with a KMS key are encrypted with it',
    });
  }
  return allowances;
}

describe('IAM derived from the calls each function makes (issue #10 §3)', () => {
  beforeAll(async () => {
    twinEnv = useTwin();
    await driveEveryFunction();
    synth = synthParvis();
    resolver = new TemplateResolver(synth.assembly);
  }, 240_000);

  afterAll(() => synth?.dispose());

  it.each(functionNames)(
    '%s: its code made AWS calls, each one known and on a resource of the app',
    (name) => {
      const calls = awsCalls({ function: name });
      expect(calls.length, `no AWS call recorded for ${name}: did its samples run?`).toBeGreaterThan(0);
      expect(deriveNeeds(calls, resourceMap()).unknown).toEqual([]);
    },
  );

  it.each(functionNames)('%s: its role grants every action its code calls, and nothing broader', (name) => {
    const map = resourceMap();
    const { needs } = deriveNeeds(awsCalls({ function: name }), map);
    const { statements, managed, logGroupArn } = roleOf(name);
    const findings = checkRole({
      statements,
      managed,
      needs,
      allowances: platformAllowances(name, needs, logGroupArn),
      tolerated: (action) => (action.startsWith('dynamodb:') ? [map.tableArn, ...map.indexArns] : []),
    });
    const tolerated = notReachedBySamples[name] ?? {};
    const called = [...new Set(needs.map((need) => need.action))].sort();
    expect(
      {
        missing: findings.missing,
        grantedButNeverCalled: Object.keys(findings.uncalled)
          .filter((action) => !(action in tolerated))
          .sort(),
        staleAllowList: Object.keys(tolerated).filter((action) => !(action in findings.uncalled)),
        beyond: findings.beyond,
        other: findings.other,
      },
      `${name} calls ${called.join(', ')}`,
    ).toEqual({ missing: [], grantedButNeverCalled: [], staleAllowList: [], beyond: [], other: [] });
  });
});

describe('the IAM check itself, on a hand-written call log and role', () => {
  const table = 'arn:aws:dynamodb:r:a:table/T';
  const queue = 'arn:aws:sqs:r:a:q';
  const otherQueue = 'arn:aws:sqs:r:a:other';
  const map: ResourceMap = {
    table: (name) => (name === 'local-table' ? table : undefined),
    index: (name, index) => (name === 'local-table' ? `${table}/index/${index}` : undefined),
    queue: (url) =>
      url === 'http://local/q' ? queue : url === 'http://local/other' ? otherQueue : undefined,
    sesIdentities: () => undefined,
    configurationSet: () => undefined,
    bucket: () => undefined,
  };
  const log: AwsCall[] = [
    {
      function: 'f',
      client: 'DynamoDBClient',
      command: 'QueryCommand',
      input: { TableName: 'local-table', IndexName: 'gsi1' },
    },
    {
      function: 'f',
      client: 'DynamoDBClient',
      command: 'TransactWriteItemsCommand',
      input: {
        TransactItems: [{ Update: { TableName: 'local-table' } }, { Put: { TableName: 'local-table' } }],
      },
    },
    {
      function: 'f',
      client: 'SQSClient',
      command: 'SendMessageBatchCommand',
      input: { QueueUrl: 'http://local/q' },
    },
  ];
  const exact: Statement[] = [
    {
      effect: 'Allow',
      actions: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      resources: [table, `${table}/index/gsi1`],
    },
    { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [queue] },
    { effect: 'Allow', actions: ['logs:PutLogEvents'], resources: ['log-group'] },
  ];
  const check = (statements: Statement[], managed: string[] = []) =>
    checkRole({
      statements,
      managed,
      needs: deriveNeeds(log, map).needs,
      allowances: [{ actions: ['logs:PutLogEvents'], resources: ['log-group'], reason: 'logs' }],
      tolerated: (action) => (action.startsWith('dynamodb:') ? [table, `${table}/index/gsi1`] : []),
    });

  it('derives per-item actions for a transaction and SendMessage for a batch, on the named resources', () => {
    expect(deriveNeeds(log, map).needs.map(({ action, resources }) => `${action} ${resources}`)).toEqual([
      `dynamodb:Query ${table}/index/gsi1`,
      `dynamodb:UpdateItem ${table}`,
      `dynamodb:PutItem ${table}`,
      `sqs:SendMessage ${queue}`,
    ]);
  });

  it('fails on a command it has no IAM action for, naming it, and on a resource the app does not define', () => {
    const call = { function: 'f', client: 'SQSClient', command: 'PurgeQueueCommand', input: {} };
    expect(() => deriveNeeds([call], map)).toThrow('SQSClient PurgeQueueCommand');
    const stray = { ...log[2], input: { QueueUrl: 'http://elsewhere/q' } } as AwsCall;
    expect(deriveNeeds([stray], map).unknown).toEqual([
      'SQSClient SendMessageBatchCommand names queue http://elsewhere/q, which the app does not define',
    ]);
  });

  it('passes a role that grants exactly what is called', () => {
    expect(check(exact)).toEqual({ missing: [], uncalled: {}, beyond: [], other: [] });
  });

  it('names a missing grant, an action never called, a resource beyond, a wildcard and a managed policy', () => {
    const findings = check(
      [
        {
          effect: 'Allow',
          actions: ['dynamodb:Query', 'dynamodb:DeleteItem'],
          resources: [table, `${table}/index/gsi1`],
        },
        { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [queue, otherQueue] },
        { effect: 'Allow', actions: ['s3:*'], resources: ['*'] },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], resources: ['*'] },
        { effect: 'Allow', actions: [], resources: [], unsupported: 'NotAction: {}' },
      ],
      ['arn:aws:iam::aws:policy/AdministratorAccess'],
    );
    expect(findings).toEqual({
      missing: [`dynamodb:UpdateItem on ${table} (DynamoDBClient TransactWriteItemsCommand)`],
      uncalled: { 'dynamodb:DeleteItem': [table, `${table}/index/gsi1`] },
      beyond: [`sqs:SendMessage on ${otherQueue}`, 'dynamodb:PutItem on *'],
      other: [
        'managed policy arn:aws:iam::aws:policy/AdministratorAccess (its statements cannot be checked)',
        'statement with NotAction: {}',
        'wildcard action s3:* on *',
      ],
    });
  });
});
