import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import type { Deps } from '../deps';
import { fixedClock, type MailSender } from '../kernel/ports';
import { reserveMassSend } from './mass-window';
import { commitWithEmails } from './queue-email';
import { sendQueuedEmail } from './send-queued-email';

/**
 * The sender's rules against DynamoDB Local, with a fixed clock and a recording mail port (the
 * real SES path is covered by email-pipeline.test.ts).
 */
const clock = fixedClock('2026-11-24T15:00:00.000Z');
const sent: { to: string; subject: string }[] = [];
const recordingMail: MailSender = {
  async send(mail) {
    sent.push({ to: mail.to, subject: mail.subject });
    return { providerMessageId: `ses-${ulid()}` };
  },
};
const noPacing = { service: async () => {}, mass: async () => {} };
let deps: Deps;

beforeAll(() => {
  const real = createDeps(useTwin(), { test: 'send-queued-email' });
  // The queues are not read here: publishing is a no-op so the runner never races these tests.
  deps = { ...real, clock, mail: recordingMail, queues: { publish: async () => {} } };
});

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

describe('sendQueuedEmail', () => {
  it('COM-04 sends once: a second delivery of the same message is a duplicate', async () => {
    const { to, messageId } = await queue();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('duplicate');
    expect(sent.filter((m) => m.to === to)).toHaveLength(1);
  });

  it('COM-04 a delivery that finds another sender holding the message retries later; an expired hold is taken over', async () => {
    const { messageId } = await queue();
    await deps.db.comms.entities.outboundMessage
      .patch({ messageId })
      .set({
        status: 'sending',
        leaseUntil: new Date(clock.now().getTime() + 60_000).toISOString(),
        notBefore: clock.now().toISOString(),
      })
      .go();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('in-flight');
    clock.advance(61_000);
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('sent');
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

  it('COM-08 never sends to a suppressed address', async () => {
    const { to, messageId } = await queue();
    await deps.db.comms.entities.suppression
      .put({ email: to, reason: 'complaint', at: clock.now().toISOString() })
      .go();
    expect(await sendQueuedEmail(deps, { messageId, pacers: noPacing })).toBe('suppressed');
    expect(sent.some((m) => m.to === to)).toBe(false);
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
});
