import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { env, queues } from '../../infra/wiring';
import { attachmentsOf } from '../../tests/mail-viewer';
import { fireSchedule, publishRaw, sentMail, useTwin, waitFor, waitIdle } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import { s3FileStore } from '../adapters/s3-files';
import type { Deps } from '../deps';
import { samplePdf, storeAttachment } from './attachments.test-support';
import { commitWithEmails } from './queue-email';

/**
 * The outbound e-mail pipeline end to end, through the real local engines and the local runner:
 * outbox write → SQS → send-email consumer → SES twin → send log; SES feedback → SNS envelope →
 * record-ses-notification consumer → suppression.
 */
let deps: Deps;
let sqs: SQSClient;
let vars: Record<string, string>;

beforeAll(() => {
  vars = useTwin();
  deps = createDeps(vars, { test: 'email-pipeline' });
  sqs = new SQSClient({ endpoint: vars[env.endpoint('sqs')], region: vars.AWS_REGION });
});

const unique = (name: string) => `${name}+${ulid().toLowerCase()}@example.org`;
const invitation = (to: string, extra: Record<string, unknown> = {}) => ({
  templateId: 'client.invitation' as const,
  locale: 'fr' as const,
  to,
  data: { firstName: 'Léa', salutation: 'f', activationUrl: 'https://parvis.example/fr' },
  ...extra,
});

async function mailsTo(address: string) {
  return (await sentMail()).filter((mail) => mail.to.includes(address));
}

async function logOf(address: string) {
  const entries = (
    await deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey: `email:${address}` }).go()
  ).data;
  return entries.map((entry) => entry.event);
}

describe('e-mail pipeline', () => {
  it('COM-04 sends a queued service e-mail once and logs it on the recipient file (CRM-06)', async () => {
    const to = unique('lea');
    await commitWithEmails(deps, { emails: [invitation(to)] });
    await waitFor(async () => (await logOf(to)).includes('sent'), 20_000);
    const [mail] = await mailsTo(to);
    expect(mail?.subject).toBe('Votre dossier est prêt');
    expect(mail?.text).toContain('Chère Léa,');
  });

  it('TIX-10 an e-mail with two PDFs arrives with both attachments intact, read from the documents bucket', async () => {
    const to = unique('pdf');
    const order = ulid();
    const receipt = samplePdf(`Recu ${order}`);
    const tickets = samplePdf(`Billets ${order}`, 200_000);
    const files = s3FileStore(vars);
    await storeAttachment(files, `orders/${order}/receipt.pdf`, receipt);
    await storeAttachment(files, `orders/${order}/tickets.pdf`, tickets);
    await commitWithEmails(deps, {
      emails: [
        invitation(to, {
          attachments: [
            { key: `orders/${order}/receipt.pdf`, filename: 'Reçu 1042.pdf', contentType: 'application/pdf' },
            {
              key: `orders/${order}/tickets.pdf`,
              filename: 'Billets 1042.pdf',
              contentType: 'application/pdf',
            },
          ],
        }),
      ],
    });
    await waitFor(async () => (await logOf(to)).includes('sent'), 20_000);
    const [mail] = await mailsTo(to);
    const arrived = attachmentsOf(mail ?? { attachments: [] });
    expect(arrived.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
      { filename: 'Reçu 1042.pdf', contentType: 'application/pdf', size: receipt.length },
      { filename: 'Billets 1042.pdf', contentType: 'application/pdf', size: tickets.length },
    ]);
    expect(Buffer.from(arrived[0]?.bytes ?? []).equals(Buffer.from(receipt))).toBe(true);
    expect(Buffer.from(arrived[1]?.bytes ?? []).equals(Buffer.from(tickets))).toBe(true);
    expect(mail?.text).toContain('Chère Léa,');
  });

  it('PLAT-03 a poison message lands in the dead-letter queue after its retries', async () => {
    const marker = `poison-${ulid()}`;
    await publishRaw('outboundEmail', `{"not":"a contract","marker":"${marker}"}`);
    const dlq = await sqs.send(new GetQueueUrlCommand({ QueueName: `${queues.outboundEmail.name}-dlq` }));
    const found = await waitFor(async () => {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlq.QueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      return received.Messages?.find((m) => m.Body?.includes(marker));
    }, 60_000);
    expect(found).toBeDefined();
  });

  it('COM-04 the 501st mass mail in 24 hours waits while a service mail still goes out', async () => {
    const account = unique('organizer');
    const now = Date.now();
    // 499 mass mails already went out in this account's window, the oldest almost 24 h ago.
    const earlier = Array.from({ length: 499 }, (_, i) => now - 86_400_000 + 60_000 + i);
    await deps.db.comms.entities.sendWindow.create({ account, sends: earlier, version: 1 }).go();

    const massA = unique('mass-a');
    const massB = unique('mass-b');
    const service = unique('reset');
    await commitWithEmails(deps, {
      emails: [invitation(massA, { kind: 'mass', account }), invitation(massB, { kind: 'mass', account })],
    });
    await commitWithEmails(deps, { emails: [invitation(service, { account })] });
    await waitFor(async () => (await logOf(service)).includes('sent'), 20_000);
    await waitIdle();

    const sentMass = [...(await mailsTo(massA)), ...(await mailsTo(massB))];
    expect(sentMass).toHaveLength(1);
    const waiting = (
      await deps.db.comms.entities.outboundMessage.query
        .waitingByStatus({ status: 'deferred', kind: 'mass' })
        .go({ pages: 'all' })
    ).data.filter((m) => m.account === account);
    expect(waiting).toHaveLength(1);
    const deferred = waiting[0];
    // It waits until the oldest send of the window is 24 h old, not a fixed delay.
    expect(deferred?.notBefore).toBe(new Date((earlier[0] ?? 0) + 86_400_000).toISOString());

    // A day later the window has room again and the release schedule sends it.
    const window = (await deps.db.comms.entities.sendWindow.get({ account }).go()).data;
    await deps.db.comms.entities.sendWindow
      .patch({ account })
      .set({ sends: (window?.sends ?? []).map((at) => at - 86_400_000), version: (window?.version ?? 0) + 1 })
      .go();
    // Scheduled events carry whole seconds: the first run after the place frees up (a minute from
    // now, so that this run cannot release other tests' messages before their time).
    const nextRun = new Date(Date.parse(deferred?.notBefore ?? '') + 1000);
    const run = (await fireSchedule('release-deferred-email', nextRun)) as { released: number };
    expect(run.released).toBeGreaterThanOrEqual(1);
    // Mass mail is paced (1 per second per container) and batched for 5 s: allow for a loaded machine.
    await waitFor(async () => (await mailsTo(massA)).length + (await mailsTo(massB)).length === 2, 60_000);
  }, 180_000);

  it('COM-08 a bounced address receives nothing more, and the log says why (CRM-05)', async () => {
    const to = unique('bounce');
    const { messageIds } = await commitWithEmails(deps, { emails: [invitation(to)] });
    await waitFor(async () => (await logOf(to)).includes('sent'), 20_000);
    const sent = (await deps.db.comms.entities.outboundMessage.get({ messageId: messageIds[0] ?? '' }).go())
      .data;

    const sample = JSON.parse(
      readFileSync(join('events/samples/ses-notifications.bounce-permanent.json'), 'utf8'),
    );
    const ses = JSON.parse(sample.Message);
    ses.mail.messageId = sent?.sesMessageId;
    ses.mail.destination = [to];
    ses.bounce.bouncedRecipients[0].emailAddress = to;
    ses.bounce.timestamp = new Date().toISOString();
    await publishRaw(
      'sesNotifications',
      JSON.stringify({ ...sample, MessageId: ulid(), Message: JSON.stringify(ses) }),
    );
    await waitFor(
      async () => (await deps.db.comms.entities.suppression.get({ email: to }).go()).data,
      20_000,
    );

    await commitWithEmails(deps, { emails: [invitation(to)] });
    await waitFor(async () => (await logOf(to)).includes('suppressed'), 20_000);
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await logOf(to)).toEqual(['sent', 'bounced', 'suppressed']);
  });
});
