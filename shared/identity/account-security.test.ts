import { HOTP, Secret, TOTP } from 'otpauth';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import {
  changePassword,
  getSecurityOverview,
  PasswordChangedMeanwhileError,
  WrongCurrentPasswordError,
} from './account-security';
import { createAccount, InvalidCredentialsError, logIn, TooManyAttemptsError } from './log-in';
import { platformOrgId } from './membership';
import { beginTotpEnrollment, confirmTotpEnrollment, SessionStepError } from './second-factor';
import { resolveSession } from './sessions';

/** The security page's use cases against DynamoDB Local, with a fixed clock. */
const start = '2026-11-25T14:00:00.000Z';
const clock = fixedClock(start);
const password = 'correct horse battery staple';
const newPassword = 'a brand new passphrase';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('account-security', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

const address = () => `203.0.113.9-${ulid()}`;

async function loggedIn(role?: 'staff') {
  const email = `security+${ulid().toLowerCase()}@example.org`;
  const { userId } = await createAccount(deps, { email, password });
  if (role) {
    await deps.db.identity.entities.membership
      .create({ userId, orgId: platformOrgId, role, grantedAt: start, grantedBy: 'test' })
      .go();
  }
  const session = await logIn(deps, { email, password, address: address() });
  return { email, userId, token: session.token };
}

async function queuedTo(to: string) {
  const messages = await deps.db.comms.entities.outboundMessage.scan
    .where(({ to: recipient }, { eq }) => eq(recipient, to))
    .go({ pages: 'all' });
  return messages.data;
}

describe('ROLE-02 change the password while logged in', () => {
  it('ROLE-02 the new password works, the old does not; other sessions end, the changer stays logged in under a new token; a notice is queued', async () => {
    const who = await loggedIn();
    const other = await logIn(deps, { email: who.email, password, address: address() });
    const changed = await changePassword(deps, {
      token: who.token,
      currentPassword: password,
      newPassword,
      locale: 'fr',
    });
    expect(changed.token).not.toBe(who.token);
    expect(await resolveSession(deps, { token: who.token })).toBeUndefined();
    expect(await resolveSession(deps, { token: other.token })).toBeUndefined();
    expect((await resolveSession(deps, { token: changed.token }))?.account.userId).toBe(who.userId);
    await expect(logIn(deps, { email: who.email, password, address: address() })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    await expect(
      logIn(deps, { email: who.email, password: newPassword, address: address() }),
    ).resolves.toMatchObject({ ok: true });
    const notices = await queuedTo(who.email);
    expect(notices.map((message) => message.templateId)).toEqual(['account.passwordChanged']);
    expect(notices[0]?.data).toMatchObject({
      changedAt: start,
      forgotPasswordUrl: expect.stringMatching(/\/fr\/mot-de-passe-oublie$/),
    });
  });

  it('ROLE-02 a wrong current password changes nothing and is throttled after 5 tries, even for the right one', async () => {
    const who = await loggedIn();
    for (let i = 0; i < 5; i++) {
      await expect(
        changePassword(deps, { token: who.token, currentPassword: `wrong ${i}`, newPassword, locale: 'en' }),
      ).rejects.toBeInstanceOf(WrongCurrentPasswordError);
    }
    await expect(
      changePassword(deps, { token: who.token, currentPassword: password, newPassword, locale: 'en' }),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect(await resolveSession(deps, { token: who.token })).toBeDefined();
    expect(await queuedTo(who.email)).toEqual([]);
    // The window passes: the right password works again.
    clock.advance(15 * 60_000);
    await expect(
      changePassword(deps, { token: who.token, currentPassword: password, newPassword, locale: 'en' }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('ROLE-02 a new password that is too short or 10,000 characters long is refused; the old one still works', async () => {
    const who = await loggedIn();
    for (const bad of ['short', '', 'x'.repeat(10_000)]) {
      await expect(
        changePassword(deps, { token: who.token, currentPassword: password, newPassword: bad, locale: 'fr' }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      changePassword(deps, {
        token: who.token,
        currentPassword: 'y'.repeat(10_000),
        newPassword,
        locale: 'fr',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(logIn(deps, { email: who.email, password, address: address() })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('ROLE-02 two concurrent changes from two sessions: exactly one wins, one notice is queued', async () => {
    const who = await loggedIn();
    const other = await logIn(deps, { email: who.email, password, address: address() });
    const results = await Promise.allSettled([
      changePassword(deps, { token: who.token, currentPassword: password, newPassword, locale: 'fr' }),
      changePassword(deps, {
        token: other.token,
        currentPassword: password,
        newPassword: 'another new passphrase',
        locale: 'fr',
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    // The loser either lost the conditional write or found its session already ended.
    expect(refused?.status === 'rejected' && refused.reason.constructor).toBeOneOf([
      PasswordChangedMeanwhileError,
      SessionStepError,
    ]);
    expect(await queuedTo(who.email)).toHaveLength(1);
  });

  it('ROLE-02 forged, missing or pending sessions are refused before any check', async () => {
    const who = await loggedIn();
    for (const token of [undefined, '', '<script>alert(1)</script>', 'x'.repeat(10_000), 42]) {
      await expect(
        changePassword(deps, { token, currentPassword: password, newPassword, locale: 'fr' }),
      ).rejects.toBeInstanceOf(SessionStepError);
    }
    // A staff log-in before its second factor is enrolled opens nothing here either.
    const staff = await loggedIn('staff');
    await expect(
      changePassword(deps, { token: staff.token, currentPassword: password, newPassword, locale: 'fr' }),
    ).rejects.toBeInstanceOf(SessionStepError);
    await expect(getSecurityOverview(deps, { token: staff.token })).rejects.toBeInstanceOf(SessionStepError);
    expect(await resolveSession(deps, { token: who.token })).toBeDefined();
  });
});

describe('ROLE-05 the security overview', () => {
  it('ROLE-05 shows the second factor state, the recovery codes left and that staff cannot turn it off', async () => {
    const who = await loggedIn();
    expect(await getSecurityOverview(deps, { token: who.token })).toEqual({
      email: who.email,
      recoveryCodesLeft: 0,
      secondFactorRequired: false,
    });
    const enrollment = await beginTotpEnrollment(deps, { token: who.token, issuer: 'Parvis', locale: 'fr' });
    const code = HOTP.generate({
      secret: Secret.fromBase32(enrollment.secretForDisplay.replaceAll(' ', '')),
      counter: TOTP.counter({ period: 30, timestamp: clock.now().getTime() }),
    });
    await confirmTotpEnrollment(deps, { token: who.token, code });
    expect(await getSecurityOverview(deps, { token: who.token })).toMatchObject({
      totpEnabledAt: start,
      recoveryCodesLeft: 10,
    });

    const staff = await loggedIn('staff');
    const staffEnrollment = await beginTotpEnrollment(deps, {
      token: staff.token,
      issuer: 'Parvis',
      locale: 'fr',
    });
    const confirmed = await confirmTotpEnrollment(deps, {
      token: staff.token,
      code: HOTP.generate({
        secret: Secret.fromBase32(staffEnrollment.secretForDisplay.replaceAll(' ', '')),
        counter: TOTP.counter({ period: 30, timestamp: clock.now().getTime() }),
      }),
    });
    expect(await getSecurityOverview(deps, { token: confirmed.session?.token })).toMatchObject({
      secondFactorRequired: true,
      recoveryCodesLeft: 10,
    });
  });
});
