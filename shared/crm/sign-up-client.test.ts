import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyEmail } from '../identity/account-tokens';
import { logIn } from '../identity/log-in';
import { TooManyRequestsError } from '../identity/login-throttle';
import { tokenDigest } from '../identity/tokens';
import { ValidationError } from '../kernel/errors';
import { createClientByStaff } from './create-client-by-staff';
import { type CrmBed, crmBed, signUpForm, tokenOf, uniqueEmail, uniqueLastName } from './crm.test-support';
import { nameKey, namePrefix } from './normalize';
import { signUpClient, signUpThrottle } from './sign-up-client';
import { closeStaffRequest, listOpenStaffRequests } from './staff-requests';
import { updateClientProfile } from './update-client-profile';

/** Self sign-up against DynamoDB Local, in a table of this file's own, with a fixed clock. */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';

beforeAll(async () => {
  t = await crmBed('sign-up-client', start);
});
beforeEach(() => t.clock.set(start));

async function filesNamed(lastName: string) {
  const lastNameKey = nameKey(lastName);
  const { data } = await t.deps.db.crm.entities.clientProfile.query
    .byName({ namePrefix: namePrefix(lastNameKey) })
    .begins({ lastNameKey })
    .go({ hydrate: true });
  return data.filter((p) => p?.lastNameKey === lastNameKey);
}

const guardOf = async (email: string) =>
  (await t.deps.db.identity.entities.emailGuard.get({ email }).go({ consistent: true })).data;

/** A client IP of this test's own, so no other test's sign-ups count against it. */
const clientAddress = () => `198.51.100.${Math.floor(Math.random() * 255)}-${ulid()}`;

const limit = signUpThrottle.perAddress;

describe('signUpClient', () => {
  it('CRM-01 creates the file, its account, guard, phone lookup and a verification e-mail in one go', async () => {
    const form = signUpForm({ email: `  ${uniqueEmail('Marie').toUpperCase()} ` });
    const email = form.email.trim().toLowerCase();
    const before = t.published.length;
    await expect(signUpClient(t.deps, form)).resolves.toEqual({ outcome: 'checkInbox' });

    const guard = await guardOf(email);
    expect(guard?.clientId).toBeTruthy();
    expect(guard?.userId).toBeTruthy();
    const clientId = guard?.clientId ?? '';
    const profile = (await t.deps.db.crm.entities.clientProfile.get({ clientId }).go()).data;
    expect(profile).toMatchObject({
      firstName: 'Marie-Ève',
      lastName: form.lastName,
      email,
      phone: '+14185550142',
      postalCode: 'G1R 4P5',
      postalKey: 'G1R4P5',
      country: 'CA',
      userId: guard?.userId,
      status: 'active',
      createdBy: 'self',
      consentEmail: 'unknown',
      noEmail: false,
      emailStatus: 'ok',
    });
    expect(profile?.consentAskedAt).toBeUndefined();
    const stored = await t.bed.item(`CLIENT#${clientId}`, 'PROFILE');
    expect(stored?.gsi3pk).toBe(`CLIENTS#${nameKey(form.lastName).slice(0, 2)}`);
    expect(stored?.gsi3sk).toBe(`${nameKey(form.lastName)}#marieeve#G1R4P5#${clientId}`);
    expect(stored?.gsi2pk).toBe('POSTAL#CA#G1');
    expect(await t.bed.item('PHONE#+14185550142', `CLIENT#${clientId}`)).toBeDefined();
    const account = (await t.deps.db.identity.entities.account.get({ userId: guard?.userId ?? '' }).go())
      .data;
    expect(account).toMatchObject({ status: 'active', clientId, email, locale: 'fr' });

    const [message, ...others] = await t.messagesSince(before);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      templateId: 'client.signup',
      to: email,
      recipientKey: clientId,
      locale: 'fr',
    });
    const url = String((message?.data as { verificationUrl: string } | undefined)?.verificationUrl);
    expect(url.startsWith('https://parvis.example/fr/compte/verifier?jeton=')).toBe(true);
    const token = tokenOf(url);
    expect(await t.bed.item(`TOKEN#${tokenDigest(token)}`, 'TOKEN')).toMatchObject({
      purpose: 'verify-email',
    });
    // The link works, and the password typed at sign-up logs in.
    await expect(verifyEmail(t.deps, { token })).resolves.toMatchObject({ userId: guard?.userId });
    const session = await logIn(t.deps, { email, password: form.password, address: '127.0.0.1' });
    expect(session.session.clientId).toBe(clientId);
  });

  it('CRM-03 the same address again: no second file, the owner is told by e-mail, the screen says the same', async () => {
    const first = signUpForm();
    await signUpClient(t.deps, first);
    const before = t.published.length;
    const again = signUpForm({
      email: first.email.toUpperCase(),
      firstName: 'Intrus',
      lastName: 'Autre',
      password: 'another password here',
    });
    await expect(signUpClient(t.deps, again)).resolves.toEqual({ outcome: 'checkInbox' });
    expect(await filesNamed(first.lastName)).toHaveLength(1);
    expect(await filesNamed('Autre')).toHaveLength(0);
    const [notice, ...others] = await t.messagesSince(before);
    expect(others).toEqual([]);
    expect(notice).toMatchObject({ templateId: 'account.signupAttempt', to: first.email });
    // The owner's own name, never what the other person typed.
    expect(JSON.stringify(notice?.data)).not.toContain('Intrus');
    expect((notice?.data as { firstName?: string } | undefined)?.firstName).toBe('Marie-Ève');

    // A second try within the hour sends nothing more; an hour later the owner hears again.
    await signUpClient(t.deps, again);
    expect(t.published.length).toBe(before + 1);
    t.clock.advance(3600_000);
    await signUpClient(t.deps, again);
    expect(t.published.length).toBe(before + 2);
  });

  it('CRM-03 the address of a file staff created, never activated: its invitation is sent again', async () => {
    const email = uniqueEmail('invited');
    const created = await createClientByStaff(t.deps, {
      ...signUpForm(),
      email,
      actorUserId: 'staff-1',
    });
    expect(created.outcome).toBe('created');
    const before = t.published.length;
    await expect(signUpClient(t.deps, signUpForm({ email }))).resolves.toEqual({ outcome: 'checkInbox' });
    const [message] = await t.messagesSince(before);
    expect(message).toMatchObject({ templateId: 'client.invitation', to: email });
  });

  it('CRM-03 same last name, first name and postal code under another address: « Déjà client ? », a staff request, no file', async () => {
    const first = signUpForm();
    await signUpClient(t.deps, first);
    const [existing] = await filesNamed(first.lastName);
    const before = t.published.length;
    const other = signUpForm({
      email: uniqueEmail('other'),
      lastName: first.lastName.toUpperCase().replace('Ô', 'O').replace('É', 'E'),
      firstName: 'marie eve',
      address: { ...first.address, postalCode: 'G1R4P5', street: '9 autre rue' },
    });
    await expect(signUpClient(t.deps, other)).resolves.toEqual({ outcome: 'alreadyClient' });
    expect(await filesNamed(first.lastName)).toHaveLength(1);
    expect(await guardOf(other.email)).toBeNull();
    expect(t.published.length).toBe(before);

    const { staffRequest } = t.deps.db.crm.entities;
    const byClient = await staffRequest.query
      .byClient({ clientId: existing?.clientId ?? '' })
      .go({ hydrate: true });
    expect(byClient.data).toHaveLength(1);
    const request = byClient.data[0];
    expect(request).toMatchObject({ kind: 'possibleDuplicate', status: 'open' });
    expect(request?.submitted).toMatchObject({ email: other.email, postalCode: 'G1R 4P5' });
    const open = await listOpenStaffRequests(t.deps, { kind: 'possibleDuplicate' });
    expect(open.items.map((r) => r.requestId)).toContain(request?.requestId);

    // Staff handle it: it leaves the queue (its sparse entry goes) and stays on the file.
    const requestId = request?.requestId ?? '';
    await closeStaffRequest(t.deps, { requestId, status: 'done', actorUserId: 'staff-1' });
    const closed = await t.bed.item(`REQUEST#${requestId}`, 'REQUEST');
    expect(closed).toMatchObject({
      status: 'done',
      closedBy: 'staff-1',
      gsi4pk: `CLIENT#${existing?.clientId}`,
    });
    expect(closed?.gsi1pk).toBeUndefined();
    const after = await listOpenStaffRequests(t.deps, { kind: 'possibleDuplicate' });
    expect(after.items.map((r) => r.requestId)).not.toContain(requestId);
    await expect(
      closeStaffRequest(t.deps, { requestId, status: 'dismissed', actorUserId: 'staff-1' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('CRM-03 same names in another postal code is a different person: a new file', async () => {
    const first = signUpForm();
    await signUpClient(t.deps, first);
    const other = signUpForm({
      lastName: first.lastName,
      address: { ...first.address, postalCode: 'G1V 0A6' },
    });
    await expect(signUpClient(t.deps, other)).resolves.toEqual({ outcome: 'checkInbox' });
    expect(await filesNamed(first.lastName)).toHaveLength(2);
  });

  it('CRM-01 five identical sign-ups at once make one file, one account and one verification e-mail', async () => {
    const form = signUpForm();
    const before = t.published.length;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => signUpClient(t.deps, form)));
    expect(outcomes).toEqual(Array.from({ length: 5 }, () => ({ outcome: 'checkInbox' })));
    expect(await filesNamed(form.lastName)).toHaveLength(1);
    const messages = await t.messagesSince(before);
    expect(messages.filter((m) => m.templateId === 'client.signup')).toHaveLength(1);
    const guard = await guardOf(form.email);
    const account = (await t.deps.db.identity.entities.account.get({ userId: guard?.userId ?? '' }).go())
      .data;
    expect(account?.clientId).toBe(guard?.clientId);
  });

  it('CRM-01 refuses bad input with a message naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ firstName: '' }, 'Le prénom est obligatoire.'],
      [{ firstName: '   ' }, 'Le prénom est obligatoire.'],
      [{ lastName: 'x'.repeat(10_000) }, 'Le nom de famille est trop long (100 caractères au plus).'],
      [{ lastName: '---' }, 'Le nom de famille doit contenir au moins une lettre.'],
      [{ firstName: 'Ann\u0000e' }, 'Le prénom contient des caractères invisibles non permis.'],
      [{ email: 'not-an-address' }, 'L’adresse courriel n’est pas valide.'],
      [{ email: `${'a'.repeat(250)}@example.org` }, 'L’adresse courriel est trop longue'],
      [{ phone: '555' }, 'Le numéro de téléphone n’est pas valide.'],
      [{ address: { ...signUpForm().address, postalCode: '75011' } }, 'Le code postal n’est pas valide.'],
      [{ address: { ...signUpForm().address, country: 'ZZ' } }, 'Le pays n’est pas valide.'],
      [{ address: { ...signUpForm().address, street: undefined } }, 'L’adresse est obligatoire.'],
      [{ salutation: 'dr' }, 'La formule d’appel n’est pas valide.'],
      [{ password: 'short' }, 'Le mot de passe doit contenir au moins 8 caractères.'],
    ];
    for (const [change, message] of cases) {
      const form = signUpForm(change);
      const attempt = signUpClient(t.deps, form);
      await expect(attempt, JSON.stringify(change).slice(0, 80)).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ userMessage: { fr: expect.stringContaining(message) } });
      if (typeof form.email === 'string' && form.email.includes('@example.org')) {
        expect(await guardOf(form.email.trim().toLowerCase())).toBeNull();
      }
    }
  });

  it('CRM-01 markup in names is kept as text, never interpreted', async () => {
    const form = signUpForm({ firstName: '<script>alert(1)</script>', lastName: `<b>Roy</b>-${Date.now()}` });
    const before = t.published.length;
    await signUpClient(t.deps, form);
    const guard = await guardOf(form.email);
    const profile = (await t.deps.db.crm.entities.clientProfile.get({ clientId: guard?.clientId ?? '' }).go())
      .data;
    expect(profile?.firstName).toBe('<script>alert(1)</script>');
    const [message] = await t.messagesSince(before);
    expect((message?.data as { firstName: string } | undefined)?.firstName).toBe('<script>alert(1)</script>');
  });
});

describe('signUpClient per client address', () => {
  it('CRM-01 the sign-up past the limit from one client address within the hour is refused before anything is written or sent; another address passes; the next hour it passes again', async () => {
    const from = clientAddress();
    for (let i = 0; i < limit; i++) {
      await expect(signUpClient(t.deps, { ...signUpForm(), clientAddress: from })).resolves.toEqual({
        outcome: 'checkInbox',
      });
    }
    const known = signUpForm();
    await signUpClient(t.deps, known);
    const before = t.published.length;
    t.clock.advance(59 * 60_000);

    // A new address and a known one (whose owner would be told): the same refusal, nothing done.
    const refused = signUpForm();
    for (const form of [refused, { ...known, lastName: uniqueLastName() }]) {
      const attempt = signUpClient(t.deps, { ...form, clientAddress: from });
      await expect(attempt).rejects.toBeInstanceOf(TooManyRequestsError);
      await expect(attempt).rejects.toMatchObject({
        code: 'too_many_requests',
        status: 429,
        retryAt: new Date(Date.parse(start) + 3600_000),
        userMessage: {
          fr: 'Trop de demandes ont été envoyées depuis votre connexion. Veuillez réessayer dans 1 minute.',
          en: 'Too many requests were sent from your connection. Please try again in 1 minute.',
        },
      });
    }
    expect(t.published.length).toBe(before);
    expect(await guardOf(refused.email)).toBeNull();
    expect(await filesNamed(refused.lastName)).toHaveLength(0);

    await expect(signUpClient(t.deps, { ...signUpForm(), clientAddress: clientAddress() })).resolves.toEqual({
      outcome: 'checkInbox',
    });
    t.clock.advance(60_000);
    await expect(signUpClient(t.deps, { ...refused, clientAddress: from })).resolves.toEqual({
      outcome: 'checkInbox',
    });
    expect(await guardOf(refused.email)).toMatchObject({ clientId: expect.any(String) });
  });

  it('CRM-01 a form refused for its content does not count against the client address', async () => {
    const from = clientAddress();
    for (let i = 0; i <= limit; i++) {
      await expect(
        signUpClient(t.deps, { ...signUpForm({ password: 'short' }), clientAddress: from }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(
        signUpClient(t.deps, { ...signUpForm({ email: 'not-an-address' }), clientAddress: from }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(signUpClient(t.deps, { ...signUpForm(), clientAddress: from })).resolves.toEqual({
      outcome: 'checkInbox',
    });
  });

  it(`CRM-01 ${limit + 5} sign-ups at once from one client address: exactly ${limit} go through`, async () => {
    const from = clientAddress();
    const forms = Array.from({ length: limit + 5 }, () => signUpForm());
    const before = t.published.length;
    const results = await Promise.allSettled(
      forms.map((form) => signUpClient(t.deps, { ...form, clientAddress: from })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(limit);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(TooManyRequestsError);
    const messages = await t.messagesSince(before);
    expect(messages.filter((m) => m.templateId === 'client.signup')).toHaveLength(limit);
    const guards = await Promise.all(forms.map((form) => guardOf(form.email)));
    expect(guards.filter(Boolean)).toHaveLength(limit);
  });
});

describe('verification link after a change of address', () => {
  it('CRM-01 CRM-02 the sign-up link to the old address is refused once the client changed it; the link sent to the new address works', async () => {
    const form = signUpForm();
    const before = t.published.length;
    await signUpClient(t.deps, form);
    const [signUp] = await t.messagesSince(before);
    const oldToken = tokenOf((signUp?.data as { verificationUrl: string } | undefined)?.verificationUrl);
    const guard = await guardOf(form.email);
    const clientId = guard?.clientId ?? '';
    const userId = guard?.userId ?? '';

    const changed = uniqueEmail('moved');
    const afterSignUp = t.published.length;
    await updateClientProfile(t.deps, {
      clientId,
      actor: { userId, role: 'client' },
      changes: { email: changed },
    });
    const [verification] = await t.messagesSince(afterSignUp);
    expect(verification).toMatchObject({ templateId: 'account.emailVerification', to: changed });
    const newToken = tokenOf(
      (verification?.data as { verificationUrl: string } | undefined)?.verificationUrl,
    );

    await expect(verifyEmail(t.deps, { token: oldToken })).rejects.toMatchObject({ code: 'invalid_link' });
    const account = t.deps.db.identity.entities.account;
    expect((await account.get({ userId }).go({ consistent: true })).data?.emailVerifiedAt).toBeUndefined();
    await expect(verifyEmail(t.deps, { token: newToken })).resolves.toMatchObject({ userId });
    expect((await account.get({ userId }).go({ consistent: true })).data).toMatchObject({
      email: changed,
      emailVerifiedAt: start,
    });
  });
});
