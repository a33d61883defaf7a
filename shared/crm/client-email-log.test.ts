import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SesNotificationMessage, sesNotificationMessage } from '../../events/ses-notification';
import { commitWithEmails } from '../comms/queue-email';
import { recordSesNotification } from '../comms/record-ses-notification';
import { sendQueuedEmail } from '../comms/send-queued-email';
import { clientEmailLog } from './client-email-log';
import { createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, noPacing, signUpForm, uniqueEmail } from './crm.test-support';
import { recordEmailTrouble } from './email-status';
import { listMissedEmails, resendMissedEmails } from './resend-missed-emails';
import { updateClientProfile } from './update-client-profile';

/**
 * The bounce loop (COM-08, CRM-05) and the file's e-mail log (CRM-06): sender, SES feedback and
 * the file, against DynamoDB Local with a fixed clock and a recording mail port.
 */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';

beforeAll(async () => {
  t = await crmBed('client-email-log', start);
});
beforeEach(() => t.clock.set(start));

/** An SNS-wrapped SES event about one of our mails, as the consumer receives it. */
function sesEvent(
  type: 'Bounce' | 'Complaint',
  mail: { sesMessageId: string; messageId: string; to: string },
): SesNotificationMessage {
  const at = t.clock.now().toISOString();
  const detail =
    type === 'Bounce'
      ? {
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: mail.to, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
            timestamp: at,
            feedbackId: ulid(),
          },
        }
      : {
          complaint: { complainedRecipients: [{ emailAddress: mail.to }], timestamp: at, feedbackId: ulid() },
        };
  const message = {
    eventType: type,
    mail: {
      timestamp: at,
      source: 'Parvis <noreply@parvis.local>',
      messageId: mail.sesMessageId,
      destination: [mail.to],
      tags: { template: ['client.invitation'], kind: ['service'], messageId: [mail.messageId] },
    },
    ...detail,
  };
  return sesNotificationMessage.parse(
    JSON.parse(
      JSON.stringify({
        Type: 'Notification',
        MessageId: ulid(),
        TopicArn: 'arn:aws:sns:ca-central-1:000000000000:ses-events',
        Message: JSON.stringify(message),
        Timestamp: at,
      }),
    ),
  );
}

/** Sends a queued message with the real sender; its SES id. */
async function send(messageId: string) {
  expect(await sendQueuedEmail(t.deps, { messageId, pacers: noPacing })).toBe('sent');
  const message = (await t.deps.db.comms.entities.outboundMessage.get({ messageId }).go({ consistent: true }))
    .data;
  return { messageId, sesMessageId: message?.sesMessageId ?? '', to: message?.to ?? '' };
}

/** A staff-created file whose invitation was sent; the invitation's ids. */
async function invitedClient(email = uniqueEmail('bouncing')) {
  const { password: _password, ...form } = signUpForm({ email });
  const created = await createClientByStaff(t.deps, { ...form, actorUserId: 'staff-1' });
  if (created.outcome !== 'created' || !created.messageId) throw new Error('not created');
  t.clock.advance(1000);
  return { clientId: created.clientId, email, invitation: await send(created.messageId) };
}

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;

describe('bounce loop (COM-08, CRM-05)', () => {
  it('COM-08 CRM-05 a permanent bounce marks the file’s address, once, and the log shows it newest first (CRM-06)', async () => {
    const email = uniqueEmail('before-file');
    // A mail to the address before any file existed: kept under the address.
    const early = await commitWithEmails(t.deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to: email,
          data: { firstName: 'Marie', activationUrl: 'https://parvis.example/fr' },
        },
      ],
    });
    await send(early.messageIds[0] ?? '');
    t.clock.advance(1000);
    const { clientId, invitation } = await invitedClient(email);
    t.clock.advance(1000);
    const bounce = sesEvent('Bounce', invitation);
    await recordSesNotification(t.deps, bounce);
    await expect(recordSesNotification(t.deps, bounce)).resolves.toMatchObject({ duplicate: true });

    const profile = await profileOf(clientId);
    expect(profile).toMatchObject({ emailStatus: 'bounced', emailStatusAt: t.clock.now().toISOString() });
    expect(profile?.emailStatusDetail).toContain('550 5.1.1 user unknown');

    const log = await clientEmailLog(t.deps, { clientId });
    expect(log.entries.map((e) => [e.event, e.templateId, e.to])).toEqual([
      ['bounced', 'client.invitation', email],
      ['sent', 'client.invitation', email],
    ]);
    expect(log.entries[0]?.detail).toContain('Permanent');
    expect(log.beforeFile.map((e) => e.event)).toEqual(['sent']);
    expect(log.address).toMatchObject({ email, status: 'bounced' });
  });

  it('COM-08 a complaint marks the address, but never hides a bounce', async () => {
    const { clientId, invitation } = await invitedClient();
    await recordSesNotification(t.deps, sesEvent('Complaint', invitation));
    expect((await profileOf(clientId))?.emailStatus).toBe('complained');
    await recordSesNotification(t.deps, sesEvent('Bounce', invitation));
    await recordSesNotification(t.deps, sesEvent('Complaint', invitation));
    expect((await profileOf(clientId))?.emailStatus).toBe('bounced');
  });

  it('CRM-05 feedback about the old address, arriving after the correction, leaves the new address clean', async () => {
    const { clientId, invitation } = await invitedClient();
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: uniqueEmail('corrected') },
    });
    await recordSesNotification(t.deps, sesEvent('Bounce', invitation));
    expect((await profileOf(clientId))?.emailStatus).toBe('ok');
    expect(
      await recordEmailTrouble(t.deps, { clientId, email: invitation.to, status: 'bounced', at: start }),
    ).toBe(false);
  });
});

describe('resendMissedEmails (CRM-05)', () => {
  it('CRM-05 after the correction, the bounced invitation goes to the new address as a new message, once', async () => {
    const { clientId, invitation } = await invitedClient();
    await recordSesNotification(t.deps, sesEvent('Bounce', invitation));
    // Nothing to resend while the address is still the bounced one.
    expect(await listMissedEmails(t.deps, { clientId })).toEqual([]);
    const corrected = uniqueEmail('corrected');
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: corrected },
    });
    expect((await listMissedEmails(t.deps, { clientId })).map((m) => m.messageId)).toEqual([
      invitation.messageId,
    ]);

    const first = await resendMissedEmails(t.deps, { clientId });
    expect(first.resent).toHaveLength(1);
    expect(first.resent[0]?.missedMessageId).toBe(invitation.messageId);
    const newId = first.resent[0]?.messageId ?? '';
    expect(newId).not.toBe(invitation.messageId);
    const original = (
      await t.deps.db.comms.entities.outboundMessage.get({ messageId: invitation.messageId }).go()
    ).data;
    const copy = (await t.deps.db.comms.entities.outboundMessage.get({ messageId: newId }).go()).data;
    expect(copy).toMatchObject({
      to: corrected,
      recipientKey: clientId,
      templateId: 'client.invitation',
      kind: 'service',
    });
    expect(copy?.data).toEqual(original?.data);

    // The list now says it was resent (the console no longer offers it), and a replay sends nothing.
    expect(await listMissedEmails(t.deps, { clientId })).toMatchObject([
      { messageId: invitation.messageId, resent: true },
    ]);
    const again = await resendMissedEmails(t.deps, { clientId });
    expect(again).toEqual({ resent: [], alreadyResent: [invitation.messageId], unavailable: [] });
    await send(newId);
    expect(t.sent.filter((m) => m.to === corrected)).toHaveLength(1);
  });

  it('CRM-05 two staff clicking "resend" at once resend each missed e-mail once', async () => {
    const { clientId, invitation } = await invitedClient();
    await recordSesNotification(t.deps, sesEvent('Bounce', invitation));
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: uniqueEmail('fixed') },
    });
    const before = t.published.length;
    const results = await Promise.all([
      resendMissedEmails(t.deps, { clientId }),
      resendMissedEmails(t.deps, { clientId }),
      resendMissedEmails(t.deps, { clientId }),
    ]);
    expect(results.flatMap((r) => r.resent)).toHaveLength(1);
    expect(results.flatMap((r) => r.alreadyResent)).toHaveLength(2);
    expect(t.published.length - before).toBe(1);
  });

  it('CRM-05 only this file’s missed service mail: forged ids, mass mail and expired messages are not resent', async () => {
    const { clientId, email, invitation } = await invitedClient();
    const mass = await commitWithEmails(t.deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to: email,
          recipientId: clientId,
          kind: 'mass',
          account: `org-${clientId}`,
          data: { firstName: 'Marie', activationUrl: 'https://parvis.example/fr' },
        },
      ],
    });
    // No consent: the mass mail is suppressed, a "missed" event that is still not resent.
    expect(await sendQueuedEmail(t.deps, { messageId: mass.messageIds[0] ?? '', pacers: noPacing })).toBe(
      'suppressed',
    );
    await recordSesNotification(t.deps, sesEvent('Bounce', invitation));
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: uniqueEmail('other') },
    });
    expect((await listMissedEmails(t.deps, { clientId })).map((m) => m.messageId)).toEqual([
      invitation.messageId,
    ]);
    const forged = await resendMissedEmails(t.deps, {
      clientId,
      messageIds: ['01FORGED0000000000000000000'],
    });
    expect(forged).toEqual({ resent: [], alreadyResent: [], unavailable: [] });
    // The message itself is gone (kept 30 days): it cannot be rebuilt.
    await t.deps.db.comms.entities.outboundMessage.delete({ messageId: invitation.messageId }).go();
    expect(await resendMissedEmails(t.deps, { clientId })).toEqual({
      resent: [],
      alreadyResent: [],
      unavailable: [invitation.messageId],
    });
  });

  it('CRM-06 a forged page cursor or file id is refused, not an internal error', async () => {
    const { clientId } = await invitedClient();
    await expect(clientEmailLog(t.deps, { clientId, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(clientEmailLog(t.deps, { clientId: '01FORGED0000000000000000000' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
