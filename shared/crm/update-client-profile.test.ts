import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logIn } from '../identity/log-in';
import { NotFoundError } from '../kernel/errors';
import { ClientEmailExistsError, createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, signUpForm, uniqueEmail } from './crm.test-support';
import { recordEmailTrouble } from './email-status';
import { searchClients } from './search-clients';
import { signUpClient } from './sign-up-client';
import {
  EmailRequiredError,
  EmailUnavailableError,
  StaleFileError,
  updateClientProfile,
} from './update-client-profile';

/** Profile changes against DynamoDB Local, in a table of this file's own, with a fixed clock. */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';
const password = 'correct horse battery staple';

beforeAll(async () => {
  t = await crmBed('update-client-profile', start);
});
beforeEach(() => t.clock.set(start));

/** A signed-up client: file, account and its user id. */
async function signedUp(overrides: Record<string, unknown> = {}) {
  const form = signUpForm(overrides);
  await signUpClient(t.deps, form);
  const guard = (await t.deps.db.identity.entities.emailGuard.get({ email: form.email }).go()).data;
  return { form, clientId: guard?.clientId ?? '', userId: guard?.userId ?? '' };
}

async function staffCreated(overrides: Record<string, unknown> = {}) {
  const { password: _password, ...form } = signUpForm(overrides);
  const created = await createClientByStaff(t.deps, {
    ...form,
    actorUserId: 'staff-1',
    sendInvitation: false,
  });
  if (created.outcome !== 'created') throw new Error(created.outcome);
  return { form, clientId: created.clientId };
}

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;
const guardOf = async (email: string) =>
  (await t.deps.db.identity.entities.emailGuard.get({ email }).go({ consistent: true })).data;

describe('updateClientProfile', () => {
  it('CRM-02 a new address moves the file in the postal and name indexes and raises its version', async () => {
    const { clientId, userId } = await signedUp();
    const result = await updateClientProfile(t.deps, {
      clientId,
      actor: { userId, role: 'client' },
      expectedVersion: 0,
      changes: {
        lastName: 'Lévesque-Nouveau',
        address: { street: '8 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'fr' },
      },
    });
    expect(result).toEqual({ version: 1, emailChanged: false });
    const stored = await t.bed.item(`CLIENT#${clientId}`, 'PROFILE');
    expect(stored).toMatchObject({
      country: 'FR',
      postalCode: '75002',
      gsi2pk: 'POSTAL#FR#75',
      gsi2sk: `75002#${clientId}`,
      gsi3pk: 'CLIENTS#le',
      gsi3sk: `levesquenouveau#marieeve#75002#${clientId}`,
      version: 1,
      updatedAt: start,
    });
    expect(stored?.region).toBeUndefined();
    const byPostal = await searchClients(t.deps, { by: 'postal', postalCode: '75002', country: 'FR' });
    expect(byPostal.items.map((c) => c.clientId)).toContain(clientId);
  });

  it('CRM-02 a phone change replaces its lookup; removing it removes the lookup', async () => {
    const { clientId } = await staffCreated({ phone: '418 555-0101' });
    const actor = { userId: 'staff-1', role: 'staff' as const };
    await updateClientProfile(t.deps, { clientId, actor, changes: { phone: '+33 6 39 98 01 02' } });
    expect(await t.bed.item('PHONE#+14185550101', `CLIENT#${clientId}`)).toBeUndefined();
    expect(await t.bed.item('PHONE#+33639980102', `CLIENT#${clientId}`)).toBeDefined();
    await updateClientProfile(t.deps, { clientId, actor, changes: { phone: null } });
    expect(await t.bed.item('PHONE#+33639980102', `CLIENT#${clientId}`)).toBeUndefined();
    expect((await profileOf(clientId))?.phone).toBeUndefined();
  });

  it('CRM-05 staff correct a bounced address: guard and account move, the bounce is cleared, the new address logs in', async () => {
    const { form, clientId } = await signedUp();
    await recordEmailTrouble(t.deps, {
      clientId,
      email: form.email,
      status: 'bounced',
      at: start,
      detail: 'Permanent / General',
    });
    expect((await profileOf(clientId))?.emailStatus).toBe('bounced');
    const corrected = uniqueEmail('corrected');
    const before = t.published.length;
    const result = await updateClientProfile(t.deps, {
      clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: corrected.toUpperCase() },
    });
    expect(result.emailChanged).toBe(true);
    const profile = await profileOf(clientId);
    expect(profile).toMatchObject({ email: corrected, emailStatus: 'ok', noEmail: false });
    expect(profile?.emailStatusAt).toBeUndefined();
    expect(await guardOf(form.email)).toBeNull();
    expect(await guardOf(corrected)).toMatchObject({ clientId, userId: profile?.userId });
    // Staff corrections send nothing by themselves (resend-missed-emails does, on request).
    expect(t.published.length).toBe(before);
    await expect(logIn(t.deps, { email: corrected, password, address: '127.0.0.3' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(logIn(t.deps, { email: form.email, password, address: '127.0.0.3' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('CRM-02 a client changing their own address gets a verification link there, and the old proof is dropped', async () => {
    const { clientId, userId } = await signedUp();
    await t.deps.db.identity.entities.account.patch({ userId }).set({ emailVerifiedAt: start }).go();
    const changed = uniqueEmail('mine');
    const before = t.published.length;
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId, role: 'client' },
      changes: { email: changed },
    });
    const account = (await t.deps.db.identity.entities.account.get({ userId }).go()).data;
    expect(account?.email).toBe(changed);
    expect(account?.emailVerifiedAt).toBeUndefined();
    const [verification] = await t.messagesSince(before);
    expect(verification).toMatchObject({
      templateId: 'account.emailVerification',
      to: changed,
      recipientKey: clientId,
    });
  });

  it('CRM-05 an address that is another file’s: staff are told which file, the client is not; nothing moves', async () => {
    const other = await signedUp();
    const { form, clientId, userId } = await signedUp();
    await expect(
      updateClientProfile(t.deps, {
        clientId,
        actor: { userId: 'staff-1', role: 'staff' },
        changes: { email: other.form.email },
      }),
    ).rejects.toMatchObject({ code: 'client_email_exists', existingClientId: other.clientId });
    const client = updateClientProfile(t.deps, {
      clientId,
      actor: { userId, role: 'client' },
      changes: { email: other.form.email },
    });
    await expect(client).rejects.toBeInstanceOf(EmailUnavailableError);
    await expect(client).rejects.not.toHaveProperty('existingClientId');
    expect(await guardOf(form.email)).toMatchObject({ clientId });
    expect((await profileOf(clientId))?.email).toBe(form.email);
  });

  it('CRM-05 two files taking one free address at once: one gets it, the other is refused', async () => {
    const a = await staffCreated();
    const b = await staffCreated();
    const address = uniqueEmail('contested');
    const staff = { userId: 'staff-1', role: 'staff' as const };
    const results = await Promise.allSettled(
      [a, b].map(({ clientId }) =>
        updateClientProfile(t.deps, { clientId, actor: staff, changes: { email: address } }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ClientEmailExistsError);
    const owner = (await guardOf(address))?.clientId;
    const emails = [(await profileOf(a.clientId))?.email, (await profileOf(b.clientId))?.email];
    expect(emails.filter((e) => e === address)).toHaveLength(1);
    expect([a.clientId, b.clientId]).toContain(owner);
  });

  it('CRM-02 two staff editing the same file: the change made on a stale copy is refused', async () => {
    const { clientId } = await staffCreated();
    const staff = { userId: 'staff-1', role: 'staff' as const };
    const results = await Promise.allSettled([
      updateClientProfile(t.deps, {
        clientId,
        actor: staff,
        expectedVersion: 0,
        changes: { firstName: 'Anne' },
      }),
      updateClientProfile(t.deps, {
        clientId,
        actor: staff,
        expectedVersion: 0,
        changes: { firstName: 'Annie' },
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      StaleFileError,
    );
    expect((await profileOf(clientId))?.version).toBe(1);
    await expect(
      updateClientProfile(t.deps, {
        clientId,
        actor: staff,
        expectedVersion: 0,
        changes: { firstName: 'Anna' },
      }),
    ).rejects.toBeInstanceOf(StaleFileError);
  });

  it('ROLE-06 a client cannot change another file, nor a forged one', async () => {
    const mine = await signedUp();
    const theirs = await signedUp();
    await expect(
      updateClientProfile(t.deps, {
        clientId: theirs.clientId,
        actor: { userId: mine.userId, role: 'client' },
        changes: { firstName: 'Pirate' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateClientProfile(t.deps, {
        clientId: '01FORGED0000000000000000000',
        actor: { userId: 'staff-1', role: 'staff' },
        changes: { firstName: 'Pirate' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await profileOf(theirs.clientId))?.firstName).toBe('Marie-Ève');
  });

  it('CRM-04 an address can be removed from a file without an account, never from one with an account', async () => {
    const withAccount = await signedUp();
    await expect(
      updateClientProfile(t.deps, {
        clientId: withAccount.clientId,
        actor: { userId: 'staff-1', role: 'staff' },
        changes: { email: null },
      }),
    ).rejects.toBeInstanceOf(EmailRequiredError);
    const phoneOnly = await staffCreated();
    await updateClientProfile(t.deps, {
      clientId: phoneOnly.clientId,
      actor: { userId: 'staff-1', role: 'staff' },
      changes: { email: null },
    });
    expect(await profileOf(phoneOnly.clientId)).toMatchObject({ noEmail: true });
    expect((await profileOf(phoneOnly.clientId))?.email).toBeUndefined();
    expect(await guardOf(phoneOnly.form.email)).toBeNull();
  });

  it('CRM-02 refuses bad input with a message naming the field; markup is kept as text', async () => {
    const { clientId } = await staffCreated();
    const staff = { userId: 'staff-1', role: 'staff' as const };
    await expect(
      updateClientProfile(t.deps, { clientId, actor: staff, changes: { firstName: 'x'.repeat(101) } }),
    ).rejects.toMatchObject({ userMessage: { fr: 'Le prénom est trop long (100 caractères au plus).' } });
    await expect(
      updateClientProfile(t.deps, {
        clientId,
        actor: staff,
        changes: { address: { city: 'y'.repeat(10_000), country: 'CA' } },
      }),
    ).rejects.toMatchObject({ userMessage: { fr: 'La ville est trop longue (100 caractères au plus).' } });
    await expect(
      updateClientProfile(t.deps, {
        clientId,
        actor: staff,
        changes: { address: { postalCode: 'H0H', country: 'CA' } },
      }),
    ).rejects.toMatchObject({ userMessage: { en: 'The postal code is not valid.' } });
    await updateClientProfile(t.deps, {
      clientId,
      actor: staff,
      changes: { firstName: '"><img src=x onerror=alert(1)>' },
    });
    expect((await profileOf(clientId))?.firstName).toBe('"><img src=x onerror=alert(1)>');
  });
});
