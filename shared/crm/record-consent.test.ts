import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitWithEmails } from '../comms/queue-email';
import { sendQueuedEmail } from '../comms/send-queued-email';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import { consentHistory } from './consent-history';
import { createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, noPacing, signUpForm, uniqueEmail } from './crm.test-support';
import { recordConsent } from './record-consent';

/** Consent (CRM-11) against DynamoDB Local, in a table of this file's own, with a fixed clock. */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';

beforeAll(async () => {
  t = await crmBed('record-consent', start);
});
beforeEach(() => t.clock.set(start));

async function newClient(email = uniqueEmail('consent')) {
  const { password: _password, ...form } = signUpForm({ email });
  const created = await createClientByStaff(t.deps, {
    ...form,
    actorUserId: 'staff-1',
    sendInvitation: false,
  });
  if (created.outcome !== 'created') throw new Error(created.outcome);
  return { clientId: created.clientId, email };
}

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;

describe('recordConsent', () => {
  it('CRM-11 writes the ledger entry and the current value together, and the file stops asking', async () => {
    const { clientId } = await newClient();
    expect((await profileOf(clientId))?.consentAskedAt).toBeUndefined();
    await recordConsent(t.deps, {
      clientId,
      channel: 'email',
      value: 'granted',
      method: 'portal',
      actorUserId: 'user-1',
    });
    t.clock.advance(60_000);
    await recordConsent(t.deps, {
      clientId,
      channel: 'mail',
      value: 'withdrawn',
      method: 'phone',
      source: 'Appel de la cliente, <b>le 24</b>',
      actorUserId: 'staff-1',
    });
    const profile = await profileOf(clientId);
    expect(profile).toMatchObject({
      consentEmail: 'granted',
      consentEmailAt: start,
      consentMail: 'withdrawn',
      consentPhone: 'unknown',
      consentAskedAt: '2026-11-24T15:01:00.000Z',
    });
    const history = await consentHistory(t.deps, { clientId });
    expect(history.items).toEqual([
      {
        at: '2026-11-24T15:01:00.000Z',
        channel: 'mail',
        value: 'withdrawn',
        method: 'phone',
        source: 'Appel de la cliente, <b>le 24</b>',
        actorUserId: 'staff-1',
      },
      { at: start, channel: 'email', value: 'granted', method: 'portal', actorUserId: 'user-1' },
    ]);
  });

  it('CRM-11 the ledger never overwrites: two decisions in the same instant, one is kept and it is the current value', async () => {
    const { clientId } = await newClient();
    const results = await Promise.allSettled(
      (['granted', 'withdrawn'] as const).map((value) =>
        recordConsent(t.deps, { clientId, channel: 'email', value, method: 'staff', actorUserId: 'staff-1' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    const history = await consentHistory(t.deps, { clientId });
    expect(history.items).toHaveLength(1);
    expect((await profileOf(clientId))?.consentEmail).toBe(history.items[0]?.value);
  });

  it('CRM-11 an unknown or forged file id records nothing', async () => {
    const forged = '01FORGED0000000000000000000';
    await expect(
      recordConsent(t.deps, {
        clientId: forged,
        channel: 'email',
        value: 'granted',
        method: 'portal',
        actorUserId: 'u',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await consentHistory(t.deps, { clientId: forged })).items).toEqual([]);
    expect(await t.bed.item(`CLIENT#${forged}`, 'PROFILE')).toBeUndefined();
  });

  it('CRM-11 refuses bad input with a message naming the field', async () => {
    const { clientId } = await newClient();
    const base = {
      clientId,
      channel: 'email',
      value: 'granted',
      method: 'portal',
      actorUserId: 'u',
    } as const;
    await expect(recordConsent(t.deps, { ...base, source: 'x'.repeat(10_000) })).rejects.toMatchObject({
      userMessage: { fr: 'La source est trop longue (500 caractères au plus).' },
    });
    await expect(recordConsent(t.deps, { ...base, method: 'fax' as 'portal' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(recordConsent(t.deps, { ...base, value: 'unknown' as 'granted' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await consentHistory(t.deps, { clientId })).items).toEqual([]);
  });

  it('CRM-11 a forged page cursor is refused as bad input', async () => {
    const { clientId } = await newClient();
    await expect(consentHistory(t.deps, { clientId, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('consent at send time (CRM-11, COM-03)', () => {
  async function queueMass(client: { clientId: string; email: string }) {
    const { messageIds } = await commitWithEmails(t.deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to: client.email,
          recipientId: client.clientId,
          kind: 'mass',
          account: `organizer-${client.clientId}`,
          data: { firstName: 'Marie', salutation: 'f', activationUrl: 'https://parvis.example/fr' },
        },
      ],
    });
    return messageIds[0] ?? '';
  }

  const logOf = async (clientId: string) =>
    (await t.deps.db.comms.entities.sendLog.query.byRecipient({ recipientKey: clientId }).go()).data;

  it('CRM-11 a mass e-mail queued while consent was granted is not sent once it is withdrawn', async () => {
    const client = await newClient();
    const grant = {
      clientId: client.clientId,
      channel: 'email',
      method: 'portal',
      actorUserId: 'u',
    } as const;
    await recordConsent(t.deps, { ...grant, value: 'granted' });
    const messageId = await queueMass(client);
    t.clock.advance(1000);
    await recordConsent(t.deps, { ...grant, value: 'withdrawn' });
    expect(await sendQueuedEmail(t.deps, { messageId, pacers: noPacing })).toBe('suppressed');
    expect(t.sent.some((m) => m.to === client.email)).toBe(false);
    expect((await logOf(client.clientId)).map((e) => [e.event, e.detail])).toEqual([
      ['suppressed', 'no e-mail consent'],
    ]);
  });

  it('CRM-11 with consent granted it goes out; without any answer it does not', async () => {
    const granted = await newClient();
    await recordConsent(t.deps, {
      clientId: granted.clientId,
      channel: 'email',
      value: 'granted',
      method: 'portal',
      actorUserId: 'u',
    });
    expect(await sendQueuedEmail(t.deps, { messageId: await queueMass(granted), pacers: noPacing })).toBe(
      'sent',
    );
    const unknown = await newClient();
    expect(await sendQueuedEmail(t.deps, { messageId: await queueMass(unknown), pacers: noPacing })).toBe(
      'suppressed',
    );
  });

  it('CRM-11 service mail does not depend on marketing consent', async () => {
    const client = await newClient();
    const { messageIds } = await commitWithEmails(t.deps, {
      emails: [
        {
          templateId: 'client.invitation',
          locale: 'fr',
          to: client.email,
          recipientId: client.clientId,
          data: { firstName: 'Marie', salutation: 'f', activationUrl: 'https://parvis.example/fr' },
        },
      ],
    });
    expect(await sendQueuedEmail(t.deps, { messageId: messageIds[0] ?? '', pacers: noPacing })).toBe('sent');
  });
});
