import { ulid } from 'ulid';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sesNotificationMessage } from '../../events/ses-notification';
import { startSesTwin } from '../../infra/local/engines';
import { env } from '../../infra/wiring';
import { privateTable, publishRaw, sentMail, useTwin, waitFor, waitIdle } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import { documentClient } from '../adapters/dynamodb';
import { createMailSender } from '../adapters/ses';
import { createDatabases } from '../db/databases';
import type { Deps, MailDeps } from '../deps';

/** The send-email function's dependencies: the use cases' and the SES sender. */
type SenderDeps = Deps & MailDeps;

import { fixedClock, type Logger, type MailSender } from '../kernel/ports';
import { hourOf, reservePlatformSend } from './platform-budget';
import { commitWithEmails, type EmailRequest } from './queue-email';
import { recordSesNotification } from './record-ses-notification';
import { releaseDueEmails } from './release-due-emails';
import { gaveUpLogMessage, sendQueuedEmail } from './send-queued-email';
import { sendingPolicySchema } from './sending-policy';

/**
 * The delivery guarantees of the e-mail pipeline (decision 0006), each proven by injecting its
 * fault against the twin's real engines: DynamoDB Local, the SES twin, SQS and the local runner's
 * consumers. After each, the SES twin holds exactly one mail per message sent.
 *
 * Tests that move a fixed clock through hours use a table of their own, so release runs at other
 * instants (this file's, other files') never touch each other's messages; tests that need the
 * runner's consumers use the shared table, at the real time.
 */
let vars: Record<string, string>;
let shared: SenderDeps;

beforeAll(() => {
  vars = useTwin();
  shared = {
    ...createDeps(vars, { test: 'delivery-guarantees' }),
    mail: createMailSender(vars),
    log: quiet(),
  };
});

const noPacing = { service: async () => {}, mass: async () => {} };
const unique = (name: string) => `${name}+${ulid().toLowerCase()}@example.org`;
const invitation = (to: string, extra: Partial<EmailRequest> = {}): EmailRequest => ({
  templateId: 'client.invitation',
  locale: 'fr',
  to,
  data: { firstName: 'Léa', salutation: 'f', activationUrl: 'https://parvis.example/fr' },
  ...extra,
});
const mailsTo = (address: string) => sentMail({ to: address });

function quiet(): Logger & { lines: { level: string; message: string; data?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, data?: Record<string, unknown>) => {
    lines.push({ level, message, data });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Deps over a new table of its own, with a fixed clock, the real SES twin and a recording publisher. */
async function isolated(
  start: string,
  policy: Record<string, unknown> = {},
  overrides: Record<string, string> = {},
) {
  const own = { ...(await privateTable('guarantees')), ...overrides };
  const table = own[env.tableName] ?? '';
  const clock = fixedClock(start);
  const published: { queue: string; ids: string[] }[] = [];
  const log = quiet();
  const deps: SenderDeps = {
    ...createDeps(own, { test: 'delivery-guarantees' }),
    mail: createMailSender(own),
    clock,
    log,
    queues: {
      publish: async (queue, messages) => {
        published.push({ queue, ids: messages.map((m) => (m as { messageId: string }).messageId) });
      },
    },
  };
  deps.config = { ...deps.config, mailPolicy: sendingPolicySchema.parse(policy) };
  return { deps, clock, published, log, table };
}

/** A DynamoDB client that fails the commands `fault` picks, and passes the rest to DynamoDB Local. */
function faultyDb(
  table: string,
  fault: (command: { constructor: { name: string }; input: unknown }) => boolean,
) {
  const real = documentClient(vars);
  const send = (command: never, options?: never) => {
    if (fault(command)) {
      throw Object.assign(new Error('Throughput exceeds the current capacity of your table or index.'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return real.send(command, options);
  };
  return createDatabases({ send } as never, table);
}

const names = (command: { constructor: { name: string }; input: unknown }, name: string, text: string) =>
  command.constructor.name === name && JSON.stringify(command.input).includes(text);

/** An SES configuration-set event for one of our mails, in the SNS envelope SES → SNS → SQS delivers. */
function sesEvent(
  type: string,
  mail: { sesMessageId: string; messageId: string; to: string; at?: string },
  extra: Record<string, unknown> = {},
) {
  const timestamp = mail.at ?? new Date().toISOString();
  const message = {
    eventType: type,
    mail: {
      timestamp,
      source: 'Parvis <noreply@parvis.local>',
      messageId: mail.sesMessageId,
      destination: [mail.to],
      tags: {
        'ses:configuration-set': ['parvis-local'],
        template: ['client.invitation'],
        kind: ['service'],
        messageId: [mail.messageId],
      },
    },
    ...extra,
  };
  return JSON.stringify({
    Type: 'Notification',
    MessageId: ulid(),
    TopicArn: 'arn:aws:sns:ca-central-1:000000000000:ses-events',
    Message: JSON.stringify(message),
    Timestamp: timestamp,
  });
}

async function logOf(deps: SenderDeps, recipientKey: string) {
  const entries = (await deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey }).go()).data;
  return entries.map((entry) => entry.event);
}

const messageOf = async (deps: SenderDeps, messageId: string) =>
  (await deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true })).data;

/** What is committed but not published: the test delivers it itself, or not at all. */
const unpublished = (deps: SenderDeps): SenderDeps => ({ ...deps, queues: { publish: async () => {} } });

describe('never sent twice (COM-04, PLAT-03)', () => {
  it('COM-04 PLAT-03 the final write fails after SES accepted: a redelivery does not resend, the Send event records it', async () => {
    const to = unique('final-write');
    const { messageIds } = await commitWithEmails(unpublished(shared), { emails: [invitation(to)] });
    const messageId = messageIds[0] ?? '';
    // Every TransactWriteItems naming this message is throttled: the handler's own retries fail too.
    const failing = {
      ...shared,
      db: faultyDb(vars[env.tableName] ?? '', (command) => names(command, 'TransactWriteCommand', messageId)),
    };
    expect(await sendQueuedEmail(failing, { messageId, pacers: noPacing })).toBe('unconfirmed');
    const [mail] = await mailsTo(to);
    expect(mail).toBeDefined();
    expect(await messageOf(shared, messageId)).toMatchObject({ status: 'sending', attempts: 1 });

    // SQS delivers it again: the sender sees the attempt marker and does not call SES.
    expect(await sendQueuedEmail(shared, { messageId, pacers: noPacing })).toBe('in-flight');
    const afterLease = fixedClock(new Date(Date.now() + shared.config.mailPolicy.leaseSeconds * 1000 + 1000));
    expect(await sendQueuedEmail({ ...shared, clock: afterLease }, { messageId, pacers: noPacing })).toBe(
      'unconfirmed',
    );
    await publishRaw('outboundEmail', JSON.stringify({ v: 1, messageId }));

    // SES's Send event, tagged with the message id, settles it.
    await publishRaw(
      'sesNotifications',
      sesEvent('Send', { sesMessageId: mail?.messageId ?? '', messageId, to }),
    );
    await waitFor(async () => (await messageOf(shared, messageId))?.status === 'sent', 20_000);
    await waitIdle();
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await messageOf(shared, messageId)).toMatchObject({ sesMessageId: mail?.messageId, attempts: 1 });
    expect(await logOf(shared, `email:${to}`)).toEqual(['sent']);
  });

  it('COM-04 PLAT-03 the function is killed between the SES call and its write: not resent, settled by the Send event', async () => {
    const to = unique('killed');
    const { messageIds } = await commitWithEmails(unpublished(shared), { emails: [invitation(to)] });
    const messageId = messageIds[0] ?? '';
    // SES takes the mail, then the function never gets its answer (killed at its timeout).
    const killed: MailSender = {
      send: async (mail) => {
        await shared.mail.send(mail);
        return new Promise(() => {});
      },
    };
    void sendQueuedEmail({ ...shared, mail: killed }, { messageId, pacers: noPacing });
    const [mail] = await waitFor(async () => {
      const mails = await mailsTo(to);
      return mails.length > 0 ? mails : undefined;
    });
    expect(await messageOf(shared, messageId)).toMatchObject({ status: 'sending', attempts: 1 });

    // Redelivered once its lease has run out, and through SQS to the runner's send-email: left alone.
    const afterLease = fixedClock(new Date(Date.now() + shared.config.mailPolicy.leaseSeconds * 1000 + 1000));
    expect(await sendQueuedEmail({ ...shared, clock: afterLease }, { messageId, pacers: noPacing })).toBe(
      'unconfirmed',
    );
    await publishRaw('outboundEmail', JSON.stringify({ v: 1, messageId }));
    await publishRaw(
      'sesNotifications',
      sesEvent('Send', { sesMessageId: mail?.messageId ?? '', messageId, to }),
    );
    await waitFor(async () => (await messageOf(shared, messageId))?.status === 'sent', 20_000);
    await waitIdle();
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await logOf(shared, `email:${to}`)).toEqual(['sent']);
  });

  it('COM-04 PLAT-03 SQS delivers the same message three times at once: one mail', async () => {
    const to = unique('triple');
    const { messageIds } = await commitWithEmails(unpublished(shared), { emails: [invitation(to)] });
    const body = JSON.stringify({ v: 1, messageId: messageIds[0] });
    await Promise.all([1, 2, 3].map(() => publishRaw('outboundEmail', body)));
    await waitFor(async () => (await logOf(shared, `email:${to}`)).includes('sent'), 20_000);
    await waitIdle();
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await logOf(shared, `email:${to}`)).toEqual(['sent']);
  });

  it('COM-04 no SES event within the grace period: sent again exactly once, after it', async () => {
    const { deps, clock, published } = await isolated('2026-11-24T15:00:00.000Z');
    const start = clock.now().getTime();
    const minutes = (n: number) => new Date(start + n * 60_000);
    const to = unique('grace');
    // The first call dies before SES gets the mail, and the sender cannot know it.
    let calls = 0;
    const mail: MailSender = {
      send: async (message) => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('socket hang up'), { mailOutcome: 'unknown' });
        return shared.mail.send(message);
      },
    };
    const sender = { ...deps, mail };
    const { messageIds } = await commitWithEmails(deps, { emails: [invitation(to)] });
    const messageId = messageIds[0] ?? '';
    expect(await sendQueuedEmail(sender, { messageId, pacers: noPacing })).toBe('unconfirmed');

    for (const at of [5, 10, 14]) {
      clock.set(minutes(at));
      expect((await releaseDueEmails(deps, { now: minutes(at) })).released).toBe(0);
      expect(await sendQueuedEmail(sender, { messageId, pacers: noPacing })).toBe('unconfirmed');
    }
    expect(await mailsTo(to)).toHaveLength(0);

    // Past the grace period (15 min) with no event: queued and published again, once.
    clock.set(minutes(15));
    published.length = 0;
    expect(await releaseDueEmails(deps, { now: minutes(15) })).toEqual({ released: 1, complete: true });
    expect(await releaseDueEmails(deps, { now: minutes(15) })).toEqual({ released: 0, complete: true });
    expect(published).toEqual([{ queue: 'outboundEmail', ids: [messageId] }]);
    expect(await sendQueuedEmail(sender, { messageId, pacers: noPacing })).toBe('sent');
    expect(await sendQueuedEmail(sender, { messageId, pacers: noPacing })).toBe('duplicate');
    clock.set(minutes(40));
    expect((await releaseDueEmails(deps, { now: minutes(40) })).released).toBe(0);
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await messageOf(deps, messageId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('COM-04 an SES event within the grace period settles the message: the release schedule leaves it alone', async () => {
    const { deps, clock } = await isolated('2026-11-24T15:00:00.000Z');
    const start = clock.now().getTime();
    const to = unique('late-event');
    let sesMessageId = '';
    const killed: MailSender = {
      send: async (mail) => {
        ({ providerMessageId: sesMessageId } = await shared.mail.send(mail));
        throw Object.assign(new Error('Task timed out after 60.00 seconds'), { mailOutcome: 'unknown' });
      },
    };
    const { messageIds } = await commitWithEmails(deps, { emails: [invitation(to)] });
    const messageId = messageIds[0] ?? '';
    expect(await sendQueuedEmail({ ...deps, mail: killed }, { messageId, pacers: noPacing })).toBe(
      'unconfirmed',
    );
    // The Delivery event comes 10 minutes later (the Send event was lost on the way).
    clock.set(new Date(start + 10 * 60_000));
    const delivery = sesNotificationMessage.parse(
      JSON.parse(sesEvent('Delivery', { sesMessageId, messageId, to, at: new Date(start).toISOString() })),
    );
    expect(await recordSesNotification(deps, delivery)).toMatchObject({ settled: 'sent', duplicate: false });
    expect(await recordSesNotification(deps, delivery)).toMatchObject({ duplicate: true });
    clock.set(new Date(start + 20 * 60_000));
    expect((await releaseDueEmails(deps, { now: clock.now() })).released).toBe(0);
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('duplicate');
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await messageOf(deps, messageId)).toMatchObject({ status: 'sent', sesMessageId });
    expect(await logOf(deps, `email:${to}`)).toEqual(['sent']);
  });

  it('COM-04 a Reject event fails a message whose outcome was not recorded, on the recipient log', async () => {
    const { deps } = await isolated('2026-11-24T15:00:00.000Z');
    const to = unique('reject');
    const lost: MailSender = {
      send: async () => {
        throw Object.assign(new Error('socket hang up'), { mailOutcome: 'unknown' });
      },
    };
    const { messageIds } = await commitWithEmails(deps, { emails: [invitation(to)] });
    const messageId = messageIds[0] ?? '';
    expect(await sendQueuedEmail({ ...deps, mail: lost }, { messageId, pacers: noPacing })).toBe(
      'unconfirmed',
    );
    const reject = sesNotificationMessage.parse(
      JSON.parse(
        sesEvent(
          'Reject',
          { sesMessageId: `ses-${ulid()}`, messageId, to },
          { reject: { reason: 'Bad content' } },
        ),
      ),
    );
    expect(await recordSesNotification(deps, reject)).toMatchObject({ settled: 'failed' });
    expect(await messageOf(deps, messageId)).toMatchObject({ status: 'failed' });
    const log = (await deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey: `email:${to}` }).go())
      .data;
    expect(log.map((e) => [e.event, e.detail])).toEqual([['failed', 'SES Reject: Bad content']]);
    expect(await mailsTo(to)).toHaveLength(0);
  });
});

describe('never lost, capped (COM-04, CRM-06)', () => {
  it('COM-04 CRM-06 an SES outage of one hour: each message sent once afterwards, attempts capped, the mass window holds only real sends', async () => {
    const account = `outage-${ulid()}`;
    const { deps, clock, published } = await isolated('2026-11-24T15:00:00.000Z', {
      accountCaps: { [account]: 4 },
    });
    const start = clock.now().getTime();
    const outageEnds = start + 60 * 60_000;
    // During the hour SES alternately refuses (throttling) and does not answer; nothing reaches it.
    let calls = 0;
    const mail: MailSender = {
      send: async (message) => {
        calls++;
        if (clock.now().getTime() < outageEnds) {
          throw calls % 2
            ? Object.assign(new Error('Maximum sending rate exceeded.'), { mailOutcome: 'refused' })
            : Object.assign(new Error('Connection timed out'), { mailOutcome: 'unknown' });
        }
        return shared.mail.send(message);
      },
    };
    const sender = { ...deps, mail };
    const service = [1, 2, 3, 4].map(() => unique('outage-service'));
    const mass = [1, 2, 3, 4].map(() => unique('outage-mass'));
    await commitWithEmails(deps, {
      emails: [
        ...service.map((to) => invitation(to)),
        ...mass.map((to) => invitation(to, { kind: 'mass', account })),
      ],
    });

    // SQS and the release schedule, every 5 minutes for 3 hours: deliver what was published.
    const outcomes: string[] = [];
    for (let minute = 0; minute <= 180; minute += 5) {
      clock.set(new Date(start + minute * 60_000));
      if (minute > 0) await releaseDueEmails(deps, { now: clock.now() });
      const batch = published.splice(0).flatMap((entry) => entry.ids);
      for (const messageId of batch) {
        outcomes.push(await sendQueuedEmail(sender, { messageId, pacers: noPacing }));
      }
    }
    expect(outcomes).toContain('backing-off');
    expect(outcomes).toContain('unconfirmed');
    for (const to of [...service, ...mass]) expect(await mailsTo(to), to).toHaveLength(1);

    const messages = (
      await Promise.all(
        [...service, ...mass].map((to) =>
          deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey: `email:${to}` }).go(),
        ),
      )
    ).flatMap((page) => page.data);
    expect(messages.map((entry) => entry.event)).toEqual(Array(8).fill('sent'));
    for (const entry of messages) {
      const message = await messageOf(deps, entry.messageId);
      expect(message?.status).toBe('sent');
      expect(message?.attempts).toBeGreaterThan(1);
      expect(message?.attempts).toBeLessThanOrEqual(deps.config.mailPolicy.maxAttempts);
    }
    // The window holds the four mass mails that went out, not the refused or lost attempts.
    const window = (await deps.db.comms.entities.sendWindow.get({ account }).go()).data;
    expect(window?.sends).toHaveLength(4);
    const buckets = (await deps.db.comms.entities.massBudgetHour.query.byHour({}).go()).data;
    expect(buckets.reduce((sum, bucket) => sum + bucket.sends, 0)).toBe(4);
  });

  it('COM-04 CRM-06 after maxAttempts refusals the message is failed, logged on the file and alarmed, never republished', async () => {
    const { deps, clock, published, log } = await isolated('2026-11-24T15:00:00.000Z');
    const start = clock.now().getTime();
    const refusing: MailSender = {
      send: async () => {
        throw Object.assign(new Error('Sending paused for this account'), {
          name: 'SendingPausedException',
          mailOutcome: 'refused',
        });
      },
    };
    const to = unique('given-up');
    const { messageIds } = await commitWithEmails(deps, {
      emails: [invitation(to, { recipientId: `client-${ulid()}` })],
    });
    const messageId = messageIds[0] ?? '';
    const message = await messageOf(deps, messageId);
    for (let minute = 0; minute <= 12 * 60; minute += 5) {
      clock.set(new Date(start + minute * 60_000));
      if (minute > 0) await releaseDueEmails(deps, { now: clock.now() });
      for (const id of published.splice(0).flatMap((entry) => entry.ids)) {
        await sendQueuedEmail({ ...deps, mail: refusing }, { messageId: id, pacers: noPacing });
      }
    }
    const maxAttempts = deps.config.mailPolicy.maxAttempts;
    expect(await messageOf(deps, messageId)).toMatchObject({ status: 'failed', attempts: maxAttempts });
    const entries = (
      await deps.db.comms.entities.sendLog.query
        .byRecipient({ recipientKey: message?.recipientKey ?? '' })
        .go()
    ).data;
    expect(entries.map((entry) => entry.event)).toEqual(['failed']);
    expect(entries[0]?.detail).toMatch(new RegExp(`^gave up after ${maxAttempts} attempts: SES refused: `));
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([
      {
        level: 'error',
        message: gaveUpLogMessage,
        data: expect.objectContaining({ messageId, attempts: maxAttempts }),
      },
    ]);
    clock.advance(86_400_000);
    expect((await releaseDueEmails(deps, { now: clock.now() })).released).toBe(0);
    expect(await mailsTo(to)).toHaveLength(0);
  });
});

describe('release job bounded (COM-04, PLAT-03)', () => {
  it('COM-04 PLAT-03 2,000 messages waiting: each run releases a bounded number, service first, in chunks; overlapping runs never publish one twice, and each goes out once', async () => {
    // An SES twin of its own, so 2,000 mails do not weigh on the store every other test reads.
    const ses = await startSesTwin();
    onTestFinished(() => ses.stop());
    const sesEndpoint = `http://127.0.0.1:${ses.port}`;
    // Caps wide enough for the whole backlog: this test is about the release job, not the cap.
    const { deps, published } = await isolated(
      '2026-11-24T15:00:00.000Z',
      { sesDailyQuota: 100_000, massCapPer24h: 5_000 },
      { [env.endpoint('ses')]: sesEndpoint },
    );
    const run = ulid().toLowerCase();
    const now = new Date('2026-11-24T15:00:00.000Z');
    const due = (i: number) => new Date(now.getTime() - 3_600_000 + i * 1000).toISOString();
    const item = (i: number, kind: 'service' | 'mass', status: 'queued' | 'deferred') => ({
      messageId: ulid(),
      kind,
      account: 'platform',
      templateId: 'client.invitation',
      locale: 'fr' as const,
      to: `backlog-${run}+${i}@example.org`,
      recipientKey: `email:backlog-${run}+${i}@example.org`,
      data: { firstName: 'Léa', activationUrl: 'https://parvis.example/fr' },
      status,
      notBefore: due(i),
      attempts: 0,
      createdAt: due(0),
    });
    // 1,500 mass mails were due first, then 500 service mails.
    const items = [
      ...Array.from({ length: 1500 }, (_, i) => item(i, 'mass', i % 2 ? 'queued' : 'deferred')),
      ...Array.from({ length: 500 }, (_, i) => item(1500 + i, 'service', i % 2 ? 'queued' : 'deferred')),
    ];
    const result = await deps.db.comms.entities.outboundMessage.put(items).go();
    expect(result.unprocessed).toEqual([]);

    const limit = deps.config.mailPolicy.releasePerRun;
    expect(await releaseDueEmails(deps, { now })).toEqual({ released: limit, complete: false });
    // Published as it went, one SQS batch at a time, every service mail before any mass mail.
    expect(published.every((entry) => entry.ids.length <= 10)).toBe(true);
    const queuesInOrder = published.map((entry) => entry.queue);
    expect(queuesInOrder.indexOf('massEmail')).toBe(50);
    expect(queuesInOrder.slice(0, 50).every((queue) => queue === 'outboundEmail')).toBe(true);

    // A run that is running out of time (here: once it has published 200) takes no new page.
    const before = published.length;
    const runningOut = () => ((published.length - before) * 10 >= 200 ? 10_000 : 100_000);
    expect(await releaseDueEmails(deps, { now, timeLeftMs: runningOut })).toEqual({
      released: 200,
      complete: false,
    });

    // Two runs at once, then one more: everything released, nothing published twice.
    const overlapping = await Promise.all([releaseDueEmails(deps, { now }), releaseDueEmails(deps, { now })]);
    expect(overlapping[0].released + overlapping[1].released).toBe(800);
    expect(await releaseDueEmails(deps, { now })).toEqual({ released: 0, complete: true });
    const ids = published.flatMap((entry) => entry.ids);
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);

    // The sender takes each published id (8 at a time, as concurrent containers would): one mail
    // per message in the SES twin, none twice.
    const outcomes: string[] = [];
    for (let start = 0; start < ids.length; start += 8) {
      outcomes.push(
        ...(await Promise.all(
          ids
            .slice(start, start + 8)
            .map((messageId) => sendQueuedEmail(deps, { messageId, pacers: noPacing })),
        )),
      );
    }
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual([]);
    const recipients = (await sentMail({ endpoint: sesEndpoint }))
      .flatMap((mail) => mail.to)
      .filter((to) => to.startsWith(`backlog-${run}+`));
    expect(recipients).toHaveLength(2000);
    expect(new Set(recipients).size).toBe(2000);
  }, 240_000);
});

describe('platform budget (COM-04)', () => {
  it('COM-04 accounts together never exceed the platform budget; service mail still goes', async () => {
    const { deps, clock } = await isolated('2026-11-24T15:20:00.000Z', {
      sesDailyQuota: 30,
      serviceReserve: 24,
      massCapPer24h: 6,
    });
    const accounts = [1, 2, 3].map(() => `budget-${ulid()}`);
    const mass = accounts.flatMap((account) =>
      [1, 2, 3, 4].map(() => ({ to: unique('budget-mass'), account })),
    );
    const { messageIds } = await commitWithEmails(deps, {
      emails: mass.map(({ to, account }) => invitation(to, { kind: 'mass', account })),
    });
    const outcomes = await Promise.all(
      messageIds.map((messageId) => sendQueuedEmail(deps, { messageId, pacers: noPacing })),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(6);
    expect(outcomes.filter((o) => o === 'deferred')).toHaveLength(6);
    // Each account alone is under its cap (4 ≤ 6): only the shared budget holds them back.
    const deferred = await messageOf(deps, messageIds[outcomes.indexOf('deferred')] ?? '');
    // Exact to the hour: the place frees when the 15:00 bucket stops counting, 25 hours on.
    expect(deferred?.notBefore).toBe('2026-11-25T16:00:00.000Z');

    const reset = unique('budget-reset');
    const { messageIds: serviceIds } = await commitWithEmails(deps, { emails: [invitation(reset)] });
    expect(await sendQueuedEmail(deps, { messageId: serviceIds[0] ?? '', pacers: noPacing })).toBe('sent');

    const sentMass = (await Promise.all(mass.map(({ to }) => mailsTo(to)))).map((mails) => mails.length);
    expect(sentMass.filter((n) => n === 1)).toHaveLength(6);
    expect(sentMass.filter((n) => n > 1)).toHaveLength(0);
    expect(await mailsTo(reset)).toHaveLength(1);

    // The morning after, at 16:00 the next day, the budget has room again.
    clock.set('2026-11-25T16:00:00.000Z');
    const released = await releaseDueEmails(deps, { now: clock.now() });
    expect(released.released).toBe(6);
  });

  it('COM-04 concurrent reservations never overshoot the budget', async () => {
    const { deps } = await isolated('2026-11-24T15:00:00.000Z');
    const now = new Date('2026-11-24T15:30:00.000Z');
    // Earlier hours of the last 24 already used 5 of the 8 places.
    for (const [hoursAgo, sends] of [
      [3, 2],
      [20, 3],
      [25, 7],
    ] as const) {
      await deps.db.comms.entities.massBudgetHour
        .put({ hour: hourOf(now.getTime() - hoursAgo * 3_600_000), sends })
        .go();
    }
    const results = await Promise.all(
      Array.from({ length: 10 }, () => reservePlatformSend(deps, { budget: 8, now })),
    );
    expect(results.filter((r) => r.reserved)).toHaveLength(3);
    // Full: the 3 sends from 20 hours ago stop counting first, 5 hours from this hour's start.
    expect(results.find((r) => !r.reserved)).toEqual({
      reserved: false,
      freeAt: new Date('2026-11-24T20:00:00.000Z'),
    });
  });
});

describe('SES feedback (COM-08, CRM-05)', () => {
  const bounce = (to: string, type: 'Permanent' | 'Transient', ses: string, messageId: string) =>
    sesNotificationMessage.parse(
      JSON.parse(
        sesEvent(
          'Bounce',
          { sesMessageId: ses, messageId, to },
          {
            bounce: {
              feedbackId: `fb-${ulid()}`,
              bounceType: type,
              bounceSubType: 'General',
              bouncedRecipients: [{ emailAddress: to, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
              timestamp: '2026-11-24T15:02:10.201Z',
            },
          },
        ),
      ),
    );
  const complaint = (to: string, ses: string, messageId: string) =>
    sesNotificationMessage.parse(
      JSON.parse(
        sesEvent(
          'Complaint',
          { sesMessageId: ses, messageId, to },
          {
            complaint: {
              feedbackId: `fb-${ulid()}`,
              complainedRecipients: [{ emailAddress: to }],
              complaintFeedbackType: 'abuse',
              timestamp: '2026-11-24T15:05:00.000Z',
            },
          },
        ),
      ),
    );

  async function sentOne(deps: SenderDeps, to: string, extra: Partial<EmailRequest> = {}) {
    const { messageIds } = await commitWithEmails(deps, { emails: [invitation(to, extra)] });
    const messageId = messageIds[0] ?? '';
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    return { messageId, sesMessageId: (await messageOf(deps, messageId))?.sesMessageId ?? '' };
  }

  it('COM-08 CRM-05 the effect write fails once: the redelivery applies it instead of taking it for a duplicate', async () => {
    const { deps, table } = await isolated('2026-11-24T15:00:00.000Z');
    const to = unique('bounce-retry');
    const { messageId, sesMessageId } = await sentOne(deps, to);
    const event = bounce(to, 'Permanent', sesMessageId, messageId);
    let failures = 0;
    const failingOnce = {
      ...deps,
      db: faultyDb(table, (command) => {
        if (failures > 0 || !names(command, 'PutCommand', `SUPPRESSION#${to}`)) return false;
        failures++;
        return true;
      }),
    };
    await expect(recordSesNotification(failingOnce, event)).rejects.toThrow(/capacity/);
    expect((await deps.db.comms.entities.suppression.get({ email: to }).go()).data).toBeNull();
    // SQS delivers it again: handled in full this time, then a replay changes nothing.
    expect(await recordSesNotification(failingOnce, event)).toMatchObject({
      suppressed: [to],
      duplicate: false,
    });
    expect(await recordSesNotification(failingOnce, event)).toMatchObject({ duplicate: true });
    expect((await deps.db.comms.entities.suppression.get({ email: to }).go()).data?.reason).toBe('bounce');
    expect(await logOf(deps, `email:${to}`)).toEqual(['sent', 'bounced']);
  });

  it('COM-08 a hard bounce stops every kind of mail; a complaint after it does not weaken it', async () => {
    const { deps } = await isolated('2026-11-24T15:00:00.000Z');
    const to = unique('hard-bounce');
    const first = await sentOne(deps, to);
    await recordSesNotification(deps, bounce(to, 'Permanent', first.sesMessageId, first.messageId));
    await recordSesNotification(deps, complaint(to, first.sesMessageId, first.messageId));
    expect((await deps.db.comms.entities.suppression.get({ email: to }).go()).data?.reason).toBe('bounce');
    const { messageIds } = await commitWithEmails(deps, {
      emails: [invitation(to), invitation(to, { kind: 'mass', account: `acct-${ulid()}` })],
    });
    for (const messageId of messageIds) {
      expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('suppressed');
    }
    expect(await mailsTo(to)).toHaveLength(1);

    // The other order: a bounce replaces an earlier complaint, but never a staff decision.
    const later = unique('complaint-then-bounce');
    const sentLater = await sentOne(deps, later);
    await recordSesNotification(deps, complaint(later, sentLater.sesMessageId, sentLater.messageId));
    await recordSesNotification(
      deps,
      bounce(later, 'Permanent', sentLater.sesMessageId, sentLater.messageId),
    );
    expect((await deps.db.comms.entities.suppression.get({ email: later }).go()).data?.reason).toBe('bounce');
    const staff = unique('manual');
    await deps.db.comms.entities.suppression
      .put({ email: staff, reason: 'manual', at: '2026-11-24T14:00:00.000Z' })
      .go();
    await recordSesNotification(deps, bounce(staff, 'Permanent', `ses-${ulid()}`, `msg-${ulid()}`));
    expect((await deps.db.comms.entities.suppression.get({ email: staff }).go()).data?.reason).toBe('manual');
  });

  it('COM-08 CRM-05 a complaint stops mass mail to the address; the service mail the person asked for still goes', async () => {
    const { deps } = await isolated('2026-11-24T15:00:00.000Z');
    const to = unique('complaint');
    const account = `acct-${ulid()}`;
    const first = await sentOne(deps, to, { kind: 'mass', account });
    await recordSesNotification(deps, complaint(to, first.sesMessageId, first.messageId));
    const [mass, reset] = (
      await commitWithEmails(deps, { emails: [invitation(to, { kind: 'mass', account }), invitation(to)] })
    ).messageIds;
    expect(await sendQueuedEmail(deps, { messageId: mass ?? '', pacers: noPacing })).toBe('suppressed');
    expect(await sendQueuedEmail(deps, { messageId: reset ?? '', pacers: noPacing })).toBe('sent');
    expect(await mailsTo(to)).toHaveLength(2);
    expect((await logOf(deps, `email:${to}`)).sort()).toEqual(['complained', 'sent', 'sent', 'suppressed']);
  });
});
