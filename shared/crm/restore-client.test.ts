import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activateAccount } from '../identity/account-tokens';
import { logIn } from '../identity/log-in';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { ClientEmailExistsError } from './create-client-by-staff';
import { tokenOf, uniqueEmail } from './crm.test-support';
import { requestClientErasure } from './erase-client';
import { auditOf, type ErasureBed, erasureBed, registrationItem, signUp } from './erasure.test-support';
import { getClientFileForClient } from './get-client-file';
import { NotDeactivatedError, restoreClient } from './restore-client';

/** « Restaurer ce client » (CRM-07) against DynamoDB Local, in a table of this file's own. */
let t: ErasureBed;
const start = '2026-11-24T15:00:00.000Z';
const staff = { userId: ulid(), kind: 'staff' as const };

beforeAll(async () => {
  t = await erasureBed('restore-client', start);
});

/** Writes an item as another entity (or an issue not built yet) would, below ElectroDB. */
const putRaw = async (item: Record<string, unknown>) => {
  await t.bed.raw.send(new PutCommand({ TableName: t.bed.tableName, Item: item }));
};

beforeEach(() => t.clock.set(start));

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;

/** A signed-up client who took a workshop, then asked to be removed: a deactivated file. */
async function deactivatedFile() {
  const file = await signUp(t);
  await putRaw(registrationItem(file.clientId, 'attended', '2026-05-02T13:00:00.000Z'));
  const result = await requestClientErasure(t.erase, {
    clientId: file.clientId,
    actor: { userId: file.userId, kind: 'client' },
  });
  expect(result.outcome).toBe('deactivated');
  return file;
}

const newAddress = {
  street: '55, avenue Cartier',
  city: 'Québec',
  region: 'QC',
  postalCode: 'G1R 2S7',
  country: 'CA',
};

describe('restoreClient', () => {
  it('CRM-07 CRM-11 restores a deactivated file; the restoration e-mail’s link lets the client in again, consent to ask', async () => {
    const file = await deactivatedFile();
    const email = uniqueEmail('retour');
    const before = t.published.length;
    const restored = await restoreClient(t.deps, {
      clientId: file.clientId,
      actorUserId: staff.userId,
      email: `  ${email.toUpperCase()} `,
      phone: '418 555-0177',
      address: newAddress,
      locale: 'fr',
      salutation: 'f',
    });
    expect(restored.clientId).toBe(file.clientId);
    expect(restored.userId).toBeTruthy();

    const profile = await profileOf(file.clientId);
    expect(profile).toMatchObject({
      status: 'active',
      email,
      phone: '+14185550177',
      street: '55, avenue Cartier',
      postalCode: 'G1R 2S7',
      firstName: file.form.firstName,
      lastName: file.form.lastName,
      salutation: 'f',
      userId: restored.userId,
      noEmail: false,
      consentEmail: 'unknown',
      consentPhone: 'unknown',
      consentMail: 'unknown',
    });
    expect(profile?.consentAskedAt).toBeUndefined();
    expect(await t.bed.item(`EMAIL#${email}`, 'EMAIL')).toMatchObject({
      clientId: file.clientId,
      userId: restored.userId,
    });
    expect(await t.bed.item('PHONE#+14185550177', `CLIENT#${file.clientId}`)).toBeDefined();
    expect(await auditOf(t, file.clientId)).toMatchObject([
      { action: 'client.deactivate' },
      { action: 'client.restore', actorUserId: staff.userId },
    ]);

    const [message, ...others] = await t.messagesSince(before);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      templateId: 'client.restoration',
      to: email,
      recipientKey: file.clientId,
      locale: 'fr',
    });
    const fileUrl = String((message?.data as { fileUrl?: string } | undefined)?.fileUrl);
    expect(fileUrl.startsWith('https://parvis.example/fr/compte/activer?jeton=')).toBe(true);

    // The old password died with the old account; the link sets a new one, then log-in works.
    await expect(
      logIn(t.deps, { email, password: file.form.password, address: '127.0.0.1' }),
    ).rejects.toThrow();
    await activateAccount(t.deps, { token: tokenOf(fileUrl), newPassword: 'a new horse battery staple' });
    const session = await logIn(t.deps, {
      email,
      password: 'a new horse battery staple',
      address: '127.0.0.2',
    });
    expect(session.session.clientId).toBe(file.clientId);
    const portal = await getClientFileForClient(t.deps, { clientId: file.clientId });
    expect(portal.profile.mustAskConsent).toBe(true);
    expect(portal.consent).toEqual([]);
  });

  it('CRM-07 without an address: the file is active again, flagged without e-mail, no account, no e-mail sent', async () => {
    const file = await deactivatedFile();
    const before = t.published.length;
    const restored = await restoreClient(t.deps, {
      clientId: file.clientId,
      actorUserId: staff.userId,
      address: { country: 'CA', postalCode: 'G1R 4P5' },
      locale: 'en',
    });
    expect(restored).toEqual({ clientId: file.clientId });
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'active', noEmail: true, locale: 'en' });
    expect(await profileOf(file.clientId)).not.toHaveProperty('userId');
    expect(await t.messagesSince(before)).toEqual([]);
  });

  it('CRM-07 only a deactivated file: an active one, a deleted one, a forged id are refused', async () => {
    const active = await signUp(t);
    const input = { actorUserId: staff.userId, address: newAddress, locale: 'fr' as const };
    await expect(restoreClient(t.deps, { ...input, clientId: active.clientId })).rejects.toBeInstanceOf(
      NotDeactivatedError,
    );
    const gone = await signUp(t);
    await requestClientErasure(t.erase, { clientId: gone.clientId, actor: staff });
    await expect(restoreClient(t.deps, { ...input, clientId: gone.clientId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const clientId of ['', `${active.clientId}#PROFILE`, 'x'.repeat(10_000)]) {
      await expect(restoreClient(t.deps, { ...input, clientId })).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('CRM-07 an address that now belongs to another file is refused clearly, and nothing changes', async () => {
    const file = await deactivatedFile();
    const other = await signUp(t);
    const attempt = restoreClient(t.deps, {
      clientId: file.clientId,
      actorUserId: staff.userId,
      email: other.email,
      address: newAddress,
      locale: 'fr',
    });
    await expect(attempt).rejects.toBeInstanceOf(ClientEmailExistsError);
    await expect(attempt).rejects.toMatchObject({ existingClientId: other.clientId });
    expect(await profileOf(file.clientId)).toMatchObject({ status: 'deactivated' });
    expect(await t.bed.item(`EMAIL#${other.email}`, 'EMAIL')).toMatchObject({ clientId: other.clientId });
    // The same person's own former address, free again since the deactivation, is fine.
    await expect(
      restoreClient(t.deps, {
        clientId: file.clientId,
        actorUserId: staff.userId,
        email: file.email,
        address: newAddress,
        locale: 'fr',
      }),
    ).resolves.toMatchObject({ clientId: file.clientId });
  });

  it('CRM-07 bad input is refused with the field named: 10,000-character street, unreadable phone, bad postal code', async () => {
    const file = await deactivatedFile();
    const base = { clientId: file.clientId, actorUserId: staff.userId, locale: 'fr' as const };
    const cases = [
      { address: { ...newAddress, street: 'x'.repeat(10_000) } },
      { address: newAddress, phone: 'call me maybe' },
      { address: { ...newAddress, postalCode: '12345' } },
      { address: newAddress, email: 'not-an-address' },
    ];
    for (const input of cases) {
      await expect(restoreClient(t.deps, { ...base, ...input })).rejects.toBeInstanceOf(ValidationError);
    }
    // Markup is only text: stored as typed, shown escaped.
    await restoreClient(t.deps, { ...base, address: { ...newAddress, street: '<script>alert(1)</script>' } });
    expect((await profileOf(file.clientId))?.street).toBe('<script>alert(1)</script>');
  });

  it('CRM-07 two staff restoring at once: one restores, the other is told it is no longer deactivated', async () => {
    const file = await deactivatedFile();
    const input = (email: string) => ({
      clientId: file.clientId,
      actorUserId: staff.userId,
      email,
      address: newAddress,
      locale: 'fr' as const,
    });
    const results = await Promise.allSettled([
      restoreClient(t.deps, input(uniqueEmail('a'))),
      restoreClient(t.deps, input(uniqueEmail('b'))),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(NotDeactivatedError);
    const restores = (await auditOf(t, file.clientId)).filter((entry) => entry.action === 'client.restore');
    expect(restores).toHaveLength(1);
  });
});
