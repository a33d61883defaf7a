import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendQueuedEmail } from '../comms/send-queued-email';
import { activateAccount, InvalidLinkError } from '../identity/account-tokens';
import { createAccount, logIn } from '../identity/log-in';
import { ClientEmailExistsError, createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, noPacing, signUpForm, tokenOf, uniqueEmail } from './crm.test-support';
import { AccountAlreadyActiveError, inviteClient, NoEmailError } from './invite-client';
import { searchClients } from './search-clients';

/** Staff-created files against DynamoDB Local, in a table of this file's own, with a fixed clock. */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';

beforeAll(async () => {
  t = await crmBed('create-client-by-staff', start);
});
beforeEach(() => t.clock.set(start));

/** A staff form: the sign-up fields without a password. */
function staffForm(overrides: Record<string, unknown> = {}) {
  const { password: _password, ...form } = signUpForm();
  return { ...form, actorUserId: 'staff-1', ...overrides };
}

const profileOf = async (clientId: string) =>
  (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go({ consistent: true })).data;

describe('createClientByStaff', () => {
  it('CRM-01 with an e-mail: an invited account, the guard and the invitation whose link activates the file', async () => {
    const form = staffForm();
    const before = t.published.length;
    const created = await createClientByStaff(t.deps, form);
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const profile = await profileOf(created.clientId);
    expect(profile).toMatchObject({
      email: form.email,
      userId: created.userId,
      createdBy: 'staff-1',
      noEmail: false,
      consentEmail: 'unknown',
    });
    const account = (await t.deps.db.identity.entities.account.get({ userId: created.userId ?? '' }).go())
      .data;
    expect(account).toMatchObject({ status: 'invited', clientId: created.clientId, email: form.email });
    expect(account?.passwordHash).toBeUndefined();
    const guard = (await t.deps.db.identity.entities.emailGuard.get({ email: form.email }).go()).data;
    expect(guard).toMatchObject({ clientId: created.clientId, userId: created.userId });

    const [invitation, ...others] = await t.messagesSince(before);
    expect(others).toEqual([]);
    expect(invitation).toMatchObject({
      templateId: 'client.invitation',
      to: form.email,
      recipientKey: created.clientId,
    });
    const url = (invitation?.data as { activationUrl: string } | undefined)?.activationUrl ?? '';
    expect(url.startsWith('https://parvis.example/fr/compte/activer?jeton=')).toBe(true);

    // The sender renders it with the seed's wording, to the client, by name.
    expect(await sendQueuedEmail(t.deps, { messageId: invitation?.messageId ?? '', pacers: noPacing })).toBe(
      'sent',
    );
    const mail = t.sent.find((m) => m.to === form.email);
    expect(mail?.text).toContain('Chère Marie-Ève');
    expect(mail?.text).toContain(url);

    // Before activation the account cannot log in; the link activates it.
    await expect(
      logIn(t.deps, { email: form.email, password: 'a chosen password', address: '127.0.0.2' }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    await activateAccount(t.deps, { token: tokenOf(url), newPassword: 'a chosen password' });
    const session = await logIn(t.deps, {
      email: form.email,
      password: 'a chosen password',
      address: '127.0.0.2',
    });
    expect(session.session.clientId).toBe(created.clientId);
  });

  it('CRM-04 without an e-mail: flagged for calls, no account, no mail, found by phone', async () => {
    const form = staffForm({ email: undefined, phone: '(819) 555-0199' });
    const before = t.published.length;
    const created = await createClientByStaff(t.deps, form);
    if (created.outcome !== 'created') throw new Error(created.outcome);
    expect(created.userId).toBeUndefined();
    expect(await profileOf(created.clientId)).toMatchObject({ noEmail: true, phone: '+18195550199' });
    expect(t.published.length).toBe(before);
    const found = await searchClients(t.deps, { by: 'phone', phone: '819-555-0199' });
    expect(found.items.map((c) => c.clientId)).toContain(created.clientId);
    await expect(inviteClient(t.deps, { clientId: created.clientId })).rejects.toBeInstanceOf(NoEmailError);
  });

  it('CRM-04 a phone-only file may have no address at all', async () => {
    const created = await createClientByStaff(
      t.deps,
      staffForm({ email: undefined, address: { country: 'CA' }, confirmDuplicate: true }),
    );
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const stored = await t.bed.item(`CLIENT#${created.clientId}`, 'PROFILE');
    expect(stored?.postalKey).toBe('');
    expect(stored?.gsi2pk).toBeUndefined();
    expect(stored?.gsi3sk).toMatch(/#marieeve##/);
  });

  it('CRM-01 an address that already has a file: refused with that file’s id, nothing written', async () => {
    const first = await createClientByStaff(t.deps, staffForm());
    if (first.outcome !== 'created') throw new Error(first.outcome);
    const email = (await profileOf(first.clientId))?.email ?? '';
    const again = staffForm({ email: `  ${email.toUpperCase()}` });
    const attempt = createClientByStaff(t.deps, again);
    await expect(attempt).rejects.toBeInstanceOf(ClientEmailExistsError);
    await expect(attempt).rejects.toMatchObject({ existingClientId: first.clientId, status: 409 });
    const byName = await searchClients(t.deps, { by: 'name', lastName: again.lastName });
    expect(byName.items).toEqual([]);
  });

  it('CRM-01 two staff creating files for one address at once: one file, the other is told which', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      createClientByStaff(t.deps, staffForm({ email })),
      createClientByStaff(t.deps, staffForm({ email })),
    ]);
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const winner = (created[0] as PromiseFulfilledResult<{ clientId: string }>).value.clientId;
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ existingClientId: winner });
  });

  it('CRM-03 same names and postal code: a warning listing the files, then created once staff confirm', async () => {
    const first = staffForm();
    const created = await createClientByStaff(t.deps, first);
    if (created.outcome !== 'created') throw new Error(created.outcome);
    const second = staffForm({ lastName: first.lastName, email: uniqueEmail('twin') });
    const warned = await createClientByStaff(t.deps, second);
    expect(warned).toMatchObject({
      outcome: 'possibleDuplicate',
      matches: [{ clientId: created.clientId, firstName: 'Marie-Ève' }],
    });
    expect((await t.deps.db.identity.entities.emailGuard.get({ email: second.email }).go()).data).toBeNull();
    const confirmed = await createClientByStaff(t.deps, { ...second, confirmDuplicate: true });
    expect(confirmed.outcome).toBe('created');
  });

  it('CRM-01 the address of an account without a file (an organizer) is linked, not invited', async () => {
    const email = uniqueEmail('organizer');
    const { userId } = await createAccount(t.deps, { email, password: 'organizer password' });
    const before = t.published.length;
    const created = await createClientByStaff(t.deps, staffForm({ email }));
    if (created.outcome !== 'created') throw new Error(created.outcome);
    expect(created.userId).toBe(userId);
    expect(t.published.length).toBe(before);
    expect((await t.deps.db.identity.entities.emailGuard.get({ email }).go()).data).toMatchObject({
      userId,
      clientId: created.clientId,
    });
    expect((await t.deps.db.identity.entities.account.get({ userId }).go()).data?.clientId).toBe(
      created.clientId,
    );
  });

  it('CRM-01 invitation later: the account is made then, a new invitation cancels the older link, none once active', async () => {
    const form = staffForm({ sendInvitation: false });
    const before = t.published.length;
    const created = await createClientByStaff(t.deps, form);
    if (created.outcome !== 'created') throw new Error(created.outcome);
    expect(created.userId).toBeUndefined();
    expect(t.published.length).toBe(before);

    const first = await inviteClient(t.deps, { clientId: created.clientId });
    expect((await profileOf(created.clientId))?.userId).toBe(first.userId);
    const second = await inviteClient(t.deps, { clientId: created.clientId });
    expect(second.userId).toBe(first.userId);
    const [older, newer] = await t.messagesSince(before);
    const link = (m: typeof older) =>
      tokenOf((m?.data as { activationUrl: string } | undefined)?.activationUrl);
    await expect(
      activateAccount(t.deps, { token: link(older), newPassword: 'a first password' }),
    ).rejects.toBeInstanceOf(InvalidLinkError);
    await activateAccount(t.deps, { token: link(newer), newPassword: 'a second password' });
    await expect(inviteClient(t.deps, { clientId: created.clientId })).rejects.toBeInstanceOf(
      AccountAlreadyActiveError,
    );
  });

  it('CRM-01 refuses bad input with a message naming the field', async () => {
    await expect(createClientByStaff(t.deps, staffForm({ lastName: '' }))).rejects.toMatchObject({
      code: 'validation_failed',
      userMessage: { en: 'The last name is required.' },
    });
    await expect(createClientByStaff(t.deps, staffForm({ actorUserId: '' }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      createClientByStaff(t.deps, staffForm({ address: { street: 'x'.repeat(201), country: 'CA' } })),
    ).rejects.toMatchObject({
      userMessage: { en: 'The street address is too long (200 characters at most).' },
    });
  });
});
