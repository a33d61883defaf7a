import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { privateTestBed, useTwin } from '../../tests/twin';
import { s3FileStore } from '../adapters/s3-files';
import type { Deps, MailDeps } from '../deps';
import { type FileStore, fixedClock, type Logger, type MailSender } from '../kernel/ports';
import { sesMaxMessageBytes } from './attachments';
import { samplePdf, storeAttachment } from './attachments.test-support';
import { releaseMassSend, reserveMassSend } from './mass-window';
import { commitWithEmails } from './queue-email';
import { gaveUpLogMessage, sendQueuedEmail } from './send-queued-email';
import { retryDelaySeconds, sendingPolicySchema } from './sending-policy';

/**
 * The sender's rules against DynamoDB Local, with a fixed clock and a recording mail port, in a
 * table of this file's own (release runs of other files never touch it). The real SES path and
 * the fault injections are in email-pipeline.test.ts and delivery-guarantees.test.ts.
 */
const clock = fixedClock('2026-11-24T15:00:00.000Z');
const sent: { to: string; subject: string; attachments?: { filename: string; content: Uint8Array }[] }[] = [];
const recordingMail: MailSender = {
  async send(mail) {
    sent.push({ to: mail.to, subject: mail.subject, attachments: mail.attachments });
    return { providerMessageId: `ses-${ulid()}` };
  },
};
const noPacing = { service: async () => {}, mass: async () => {} };
let deps: Deps & MailDeps & { files: FileStore };

beforeAll(async () => {
  const vars = useTwin();
  const { deps: own } = await privateTestBed('send-queued-email', clock);
  // The queues are not read here: publishing is a no-op so the runner never races these tests.
  deps = { ...own, mail: recordingMail, files: s3FileStore(vars), queues: { publish: async () => {} } };
});

beforeEach(() => clock.set('2026-11-24T15:00:00.000Z'));

async function queue(extra: Record<string, unknown> = {}) {
  const to = `client+${ulid().toLowerCase()}@example.org`;
  const { messageIds } = await commitWithEmails(deps, {
    emails: [
      {
        templateId: 'client.invitation',
        locale: 'en',
        to,
        data: { firstName: 'Sam', activationUrl: 'https://parvis.example/en' },
        ...extra,
      },
    ],
  });
  return { to, messageId: messageIds[0] ?? '' };
}

const messageOf = async (messageId: string) =>
  (await deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true })).data;

describe('sendQueuedEmail', () => {
  it('COM-04 sends once: a second delivery of the same message is a duplicate', async () => {
    const { to, messageId } = await queue();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('duplicate');
    expect(sent.filter((m) => m.to === to)).toHaveLength(1);
    expect(await messageOf(messageId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('COM-04 a delivery that finds another sender holding the message retries later; an abandoned claim is taken over', async () => {
    const { to, messageId } = await queue();
    // Claimed by a sender that died before calling SES: no attempt marker.
    await deps.db.comms.entities.outboundMessage
      .patch({ messageId })
      .set({
        kind: 'service',
        status: 'sending',
        leaseId: 'someone-else',
        leaseUntil: new Date(clock.now().getTime() + 60_000).toISOString(),
        notBefore: clock.now().toISOString(),
      })
      .go();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('in-flight');
    clock.advance(61_000);
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    expect(sent.filter((m) => m.to === to)).toHaveLength(1);
  });

  it('COM-04 a message whose SES call may have gone through is never taken over, even once its lease has expired', async () => {
    const { to, messageId } = await queue();
    const lost: MailSender = {
      send: async () => {
        throw Object.assign(new Error('socket hang up'), { mailOutcome: 'unknown' });
      },
    };
    expect(await sendQueuedEmail({ ...deps, mail: lost }, { messageId, pacers: noPacing })).toBe(
      'unconfirmed',
    );
    const marked = await messageOf(messageId);
    expect(marked).toMatchObject({ status: 'sending', attempts: 1, attemptAt: clock.now().toISOString() });
    // The release schedule looks at it once the grace period is over, not before.
    expect(marked?.notBefore).toBe(
      new Date(clock.now().getTime() + deps.config.mailPolicy.reconcileAfterSeconds * 1000).toISOString(),
    );
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('in-flight');
    clock.advance(deps.config.mailPolicy.leaseSeconds * 1000 + 1000);
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('unconfirmed');
    expect(sent.some((m) => m.to === to)).toBe(false);
  });

  it('COM-04 a refusal by SES backs off exponentially through notBefore', async () => {
    const { messageId } = await queue();
    const refusing: MailSender = {
      send: async () => {
        throw Object.assign(new Error('Maximum sending rate exceeded'), {
          name: 'TooManyRequestsException',
          mailOutcome: 'refused',
        });
      },
    };
    const policy = deps.config.mailPolicy;
    for (const attempt of [1, 2, 3]) {
      expect(await sendQueuedEmail({ ...deps, mail: refusing }, { messageId, pacers: noPacing })).toBe(
        'backing-off',
      );
      const message = await messageOf(messageId);
      expect(message).toMatchObject({ status: 'deferred', attempts: attempt });
      expect(message?.attemptAt).toBeUndefined();
      expect(message?.lastError).toContain('TooManyRequestsException');
      const delay = retryDelaySeconds(policy, attempt) * 1000;
      expect(message?.notBefore).toBe(new Date(clock.now().getTime() + delay).toISOString());
      expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('not-due');
      clock.advance(delay);
    }
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
  });

  it('COM-04 backoff doubles from its base up to its cap', () => {
    const policy = sendingPolicySchema.parse({ retryBaseSeconds: 120, retryMaxSeconds: 3600 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelaySeconds(policy, n))).toEqual([
      120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });

  it('COM-03 rejects a request with bad data before anything is written', async () => {
    await expect(
      commitWithEmails(deps, {
        emails: [{ templateId: 'client.invitation', locale: 'fr', to: 'pas-un-courriel', data: {} }],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      commitWithEmails(deps, {
        emails: [
          { templateId: 'client.invitation', locale: 'fr', to: 'a@example.org', data: { firstName: '' } },
        ],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      commitWithEmails(deps, {
        emails: [
          {
            templateId: 'client.invitation',
            locale: 'fr',
            to: 'a@example.org',
            data: { firstName: 'Sam', activationUrl: 'https://parvis.example/fr', note: 'x'.repeat(100_000) },
          },
        ],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('COM-08 never sends to an address that bounced, whatever the kind of mail', async () => {
    const service = await queue();
    await deps.db.comms.entities.suppression
      .put({ email: service.to, reason: 'bounce', at: clock.now().toISOString() })
      .go();
    const mass = await queue({ to: service.to, kind: 'mass', account: `acct-${ulid()}` });
    expect(await sendQueuedEmail(deps, { messageId: service.messageId, pacers: noPacing })).toBe(
      'suppressed',
    );
    expect(await sendQueuedEmail(deps, { messageId: mass.messageId, pacers: noPacing })).toBe('suppressed');
    expect(sent.some((m) => m.to === service.to)).toBe(false);
  });

  it('COM-08 after a complaint, mass mail stops but the service mail the person needs still goes', async () => {
    const service = await queue();
    await deps.db.comms.entities.suppression
      .put({ email: service.to, reason: 'complaint', at: clock.now().toISOString() })
      .go();
    const mass = await queue({ to: service.to, kind: 'mass', account: `acct-${ulid()}` });
    expect(await sendQueuedEmail(deps, { messageId: mass.messageId, pacers: noPacing })).toBe('suppressed');
    expect(await sendQueuedEmail(deps, { messageId: service.messageId, pacers: noPacing })).toBe('sent');
    expect(sent.filter((m) => m.to === service.to)).toHaveLength(1);
  });

  it('COM-04 a deferred mass mail delivered early is dropped, not sent', async () => {
    const account = `acct-${ulid()}`;
    await deps.db.comms.entities.sendWindow
      .create({ account, sends: [clock.now().getTime()], version: 1 })
      .go();
    const policy = { ...deps.config.mailPolicy, accountCaps: { [account]: 1 } };
    const capped = { ...deps, config: { ...deps.config, mailPolicy: policy } };
    const { messageId } = await queue({ kind: 'mass', account });
    expect(await sendQueuedEmail(capped, { messageId, pacers: noPacing })).toBe('deferred');
    expect(await sendQueuedEmail(capped, { messageId, pacers: noPacing })).toBe('not-due');
  });
});

describe('reserveMassSend', () => {
  it('COM-04 never lets concurrent senders exceed the cap', async () => {
    const account = `race-${ulid()}`;
    const now = clock.now();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => reserveMassSend(deps, { account, cap: 10, now })),
    );
    expect(results.filter((r) => r.reserved)).toHaveLength(10);
    const window = (await deps.db.comms.entities.sendWindow.get({ account }).go()).data;
    expect(window?.sends).toHaveLength(10);
  });

  it('COM-04 counts a rolling 24 h window, not a calendar day', async () => {
    const account = `rolling-${ulid()}`;
    const start = new Date('2026-11-24T23:00:00.000Z');
    expect((await reserveMassSend(deps, { account, cap: 1, now: start })).reserved).toBe(true);
    const afterMidnight = new Date('2026-11-25T01:00:00.000Z');
    expect(await reserveMassSend(deps, { account, cap: 1, now: afterMidnight })).toEqual({
      reserved: false,
      freeAt: new Date('2026-11-25T23:00:00.000Z'),
    });
    const nextDay = new Date('2026-11-25T23:00:00.001Z');
    expect((await reserveMassSend(deps, { account, cap: 1, now: nextDay })).reserved).toBe(true);
  });

  it('COM-04 a place given back (the mail did not go out) can be taken again', async () => {
    const account = `give-back-${ulid()}`;
    const now = clock.now();
    expect((await reserveMassSend(deps, { account, cap: 1, now })).reserved).toBe(true);
    expect((await reserveMassSend(deps, { account, cap: 1, now })).reserved).toBe(false);
    expect(await releaseMassSend(deps, { account, at: now.getTime() })).toBe(true);
    expect(await releaseMassSend(deps, { account, at: now.getTime() })).toBe(false);
    expect((await reserveMassSend(deps, { account, cap: 1, now })).reserved).toBe(true);
  });
});

describe('sendQueuedEmail with attachments (TIX-10, decision 0018)', () => {
  const pdf = (name: string) => ({
    key: `orders/${ulid()}/${name}`,
    filename: name,
    contentType: 'application/pdf',
  });

  it('TIX-10 reads the PDFs from the documents bucket and hands their exact bytes to SES', async () => {
    const receipt = pdf('recu.pdf');
    const tickets = pdf('billets.pdf');
    const bytes = { receipt: samplePdf('Recu'), tickets: samplePdf('Billets', 50_000) };
    await storeAttachment(deps.files, receipt.key, bytes.receipt);
    await storeAttachment(deps.files, tickets.key, bytes.tickets);
    const { to, messageId } = await queue({ attachments: [receipt, tickets] });
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    const [mail] = sent.filter((m) => m.to === to);
    expect(mail?.attachments?.map((a) => a.filename)).toEqual(['recu.pdf', 'billets.pdf']);
    expect(Buffer.from(mail?.attachments?.[0]?.content ?? []).equals(Buffer.from(bytes.receipt))).toBe(true);
    expect(Buffer.from(mail?.attachments?.[1]?.content ?? []).equals(Buffer.from(bytes.tickets))).toBe(true);
  });

  it('TIX-10 a PDF not written yet: the mail backs off, nothing reaches SES, and it goes once the PDF is there', async () => {
    const receipt = pdf('recu.pdf');
    const { to, messageId } = await queue({ attachments: [receipt] });
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('backing-off');
    const waiting = await messageOf(messageId);
    expect(waiting).toMatchObject({ status: 'deferred', attempts: 1 });
    expect(waiting?.lastError).toBe(`attachment missing: ${receipt.key}`);
    expect(waiting?.notBefore).toBe(
      new Date(clock.now().getTime() + retryDelaySeconds(deps.config.mailPolicy, 1) * 1000).toISOString(),
    );
    expect(sent.some((m) => m.to === to)).toBe(false);
    await storeAttachment(deps.files, receipt.key, samplePdf('Recu'));
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('not-due');
    clock.advance(retryDelaySeconds(deps.config.mailPolicy, 1) * 1000);
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    expect(sent.filter((m) => m.to === to)).toHaveLength(1);
  });

  it('TIX-10 a PDF that never appears: retried, then failed for good, logged and alarmed', async () => {
    const errors: unknown[][] = [];
    const log: Logger = { info() {}, warn() {}, error: (...args) => errors.push(args) };
    const policy = { ...deps.config.mailPolicy, maxAttempts: 3 };
    const patient = { ...deps, log, config: { ...deps.config, mailPolicy: policy } };
    const receipt = pdf('recu.pdf');
    const { to, messageId } = await queue({ attachments: [receipt] });
    for (const attempt of [1, 2]) {
      expect(await sendQueuedEmail(patient, { messageId, pacers: noPacing })).toBe('backing-off');
      clock.advance(retryDelaySeconds(policy, attempt) * 1000);
    }
    expect(await sendQueuedEmail(patient, { messageId, pacers: noPacing })).toBe('failed');
    const failed = await messageOf(messageId);
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toBe(`gave up after 3 attempts: attachment missing: ${receipt.key}`);
    expect(errors.map(([message]) => message)).toContain(gaveUpLogMessage);
    expect(await sendQueuedEmail(patient, { messageId, pacers: noPacing })).toBe('duplicate');
    expect(sent.some((m) => m.to === to)).toBe(false);
    const log_ = (
      await deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey: `email:${to}` }).go()
    ).data;
    expect(log_.map((entry) => entry.event)).toEqual(['failed']);
  });

  it('TIX-10 attachments above SES’s 40 MB: failed at once, without downloading them, nothing retried', async () => {
    const errors: unknown[][] = [];
    const log: Logger = { info() {}, warn() {}, error: (...args) => errors.push(args) };
    // One object of 3.2 MB named ten times: 10 × 4.4 MB once base64-encoded is above 40 MB.
    const big = pdf('gros.pdf');
    await storeAttachment(deps.files, big.key, samplePdf('Gros', 3_200_000));
    const reads: string[] = [];
    const files = {
      ...deps.files,
      readStart: (request: Parameters<FileStore['readStart']>[0]) => {
        reads.push(request.key);
        return deps.files.readStart(request);
      },
    };
    const attachments = Array.from({ length: 10 }, (_, i) => ({ ...big, filename: `gros-${i}.pdf` }));
    const { to, messageId } = await queue({ attachments });
    expect(await sendQueuedEmail({ ...deps, files, log }, { messageId, pacers: noPacing })).toBe('failed');
    const failed = await messageOf(messageId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 0 });
    expect(failed?.lastError).toMatch(
      /^message too large for SES: 4\d\.\d MB encoded with its attachments, above the 40 MB limit$/,
    );
    expect(reads).toEqual([]);
    expect(errors.map(([message]) => message)).toContain('e-mail cannot be sent with its attachments');
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('duplicate');
    expect(sent.some((m) => m.to === to)).toBe(false);
    expect(sesMaxMessageBytes).toBe(40 * 1024 * 1024);
  });

  it('TIX-10 a reference that slipped past the request schema is refused by the sender too', async () => {
    const { to, messageId } = await queue();
    // Written below the schema, as a bug or a hand edit could: the sender checks again.
    const item = await messageOf(messageId);
    await deps.db.comms.entities.outboundMessage.delete({ messageId }).go();
    await deps.db.comms.entities.outboundMessage
      .create({
        ...(item as NonNullable<typeof item>),
        attachments: [
          { key: 'clients/01J/secret.pdf', filename: 'secret.pdf', contentType: 'application/pdf' },
        ],
      })
      .go();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('failed');
    expect((await messageOf(messageId))?.lastError).toBe(
      'attachments refused: attachment key must start with orders/',
    );
    expect(sent.some((m) => m.to === to)).toBe(false);
  });

  it('TIX-10 a sender without a file store fails a mail with attachments rather than sending it bare', async () => {
    const receipt = pdf('recu.pdf');
    await storeAttachment(deps.files, receipt.key, samplePdf('Recu'));
    const { to, messageId } = await queue({ attachments: [receipt] });
    const { files: _files, ...withoutFiles } = deps;
    expect(await sendQueuedEmail(withoutFiles, { messageId, pacers: noPacing })).toBe('failed');
    expect((await messageOf(messageId))?.lastError).toBe('attachments: this sender has no file store');
    expect(sent.some((m) => m.to === to)).toBe(false);
  });
});
