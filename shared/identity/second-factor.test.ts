import { HOTP, Secret, TOTP } from 'otpauth';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { fixedClock } from '../kernel/ports';
import { listAudit } from './audit';
import { endImpersonation, ImpersonationRefusedError, startImpersonation } from './impersonation';
import { createAccount, logIn, rolesOf, staffSessionDefaults } from './log-in';
import { platformOrgId } from './membership';
import { principalOf } from './principal';
import {
  beginTotpEnrollment,
  completeSecondFactor,
  confirmTotpEnrollment,
  disableTotp,
  InvalidCodeError,
  OwnSecondFactorError,
  resetSecondFactor,
  SecondFactorRequiredError,
  SessionStepError,
} from './second-factor';
import { resolveSession } from './sessions';

/** Two-factor log-in, roles in the session and "log in as", against DynamoDB Local with a fixed clock. */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
const password = 'correct horse battery staple';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('second-factor', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

const codeAt = (secret: string, at: Date) =>
  HOTP.generate({
    secret: Secret.fromBase32(secret),
    counter: TOTP.counter({ period: 30, timestamp: at.getTime() }),
  });

async function person(role?: 'staff' | 'trainer' | 'organisme', orgId = platformOrgId) {
  const email = `person+${ulid().toLowerCase()}@example.org`;
  const { userId } = await createAccount(deps, { email, password });
  if (role) {
    await deps.db.identity.entities.membership
      .create({ userId, orgId, role, grantedAt: start, grantedBy: 'test' })
      .go();
  }
  return { email, userId };
}

const address = () => `198.51.100.7-${ulid()}`;

async function enrolled(role?: 'staff' | 'organisme', orgId?: string) {
  const who = await person(role, orgId);
  const first = await logIn(deps, { email: who.email, password, address: address() });
  const enrollment = await beginTotpEnrollment(deps, { token: first.token, issuer: 'Parvis', locale: 'fr' });
  const secret = enrollment.secretForDisplay.replaceAll(' ', '');
  const confirmed = await confirmTotpEnrollment(deps, {
    token: first.token,
    code: codeAt(secret, clock.now()),
  });
  return { ...who, secret, recoveryCodes: confirmed.recoveryCodes, enrollToken: first.token, confirmed };
}

describe('ROLE-05 staff must enroll a second factor', () => {
  it('ROLE-05 a staff password log-in opens only enrollment; confirming a code gives a full staff session under a new token', async () => {
    const staff = await person('staff');
    const first = await logIn(deps, { email: staff.email, password, address: address() });
    expect(first.session.stage).toBe('enroll');
    // The enroll session resolves, but its principal is not full: the web layer sends it to enrollment.
    const resolved = await resolveSession(deps, { token: first.token });
    expect(resolved && principalOf(resolved.session, resolved.account).stage).toBe('enroll');

    const enrollment = await beginTotpEnrollment(deps, {
      token: first.token,
      issuer: 'Parvis',
      locale: 'fr',
    });
    expect(enrollment.uri).toContain('otpauth://totp/Parvis:');
    expect(enrollment.qrSvg).toContain('<title>');
    // A second visit of the page shows the same secret until it is confirmed.
    const again = await beginTotpEnrollment(deps, { token: first.token, issuer: 'Parvis', locale: 'fr' });
    expect(again.secretForDisplay).toBe(enrollment.secretForDisplay);

    const secret = enrollment.secretForDisplay.replaceAll(' ', '');
    await expect(confirmTotpEnrollment(deps, { token: first.token, code: '000000' })).rejects.toBeInstanceOf(
      InvalidCodeError,
    );
    const confirmed = await confirmTotpEnrollment(deps, {
      token: first.token,
      code: codeAt(secret, clock.now()),
    });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(confirmed.session?.session.stage).toBe('full');
    expect(confirmed.session?.token).not.toBe(first.token);
    // The enrollment token is dead; the new one is a full staff session with staff lifetimes.
    expect(await resolveSession(deps, { token: first.token })).toBeUndefined();
    const full = await resolveSession(deps, { token: confirmed.session?.token ?? '' });
    const principal = full && principalOf(full.session, full.account);
    expect(principal).toMatchObject({ stage: 'full', staff: true, hasSecondFactor: true, readOnly: false });
    expect(full?.session.idleSeconds).toBe(staffSessionDefaults.idleSeconds);
    // The secret is stored on the account; the recovery codes only as digests.
    const stored = await bed.item(`USER#${staff.userId}`, 'PROFILE');
    expect(stored?.totpSecret).toBe(secret);
    expect(JSON.stringify(stored)).not.toContain(confirmed.recoveryCodes[0]);
  });

  it('ROLE-05 staff cannot turn the second factor off', async () => {
    const staff = await enrolled('staff');
    const token = staff.confirmed.session?.token ?? '';
    await expect(disableTotp(deps, { token })).rejects.toBeInstanceOf(SecondFactorRequiredError);
  });
});

describe('ROLE-03 two-factor log-in for members who enrolled', () => {
  it('ROLE-03 after enrolling, a log-in needs the code; the pending token opens nothing and is replaced', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    clock.advance(60_000);
    const first = await logIn(deps, { email: member.email, password, address: address() });
    expect(first.session.stage).toBe('second-factor');
    const done = await completeSecondFactor(deps, {
      token: first.token,
      code: codeAt(member.secret, clock.now()),
    });
    expect(done.session.stage).toBe('full');
    expect(done.usedRecoveryCode).toBe(false);
    expect(await resolveSession(deps, { token: first.token })).toBeUndefined();
    const resolved = await resolveSession(deps, { token: done.token });
    expect(resolved && principalOf(resolved.session, resolved.account).organizations).toHaveLength(1);
  });

  it('ROLE-03 a TOTP code works once, even sent twice at the same instant (replay refused)', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    clock.advance(90_000);
    const a = await logIn(deps, { email: member.email, password, address: address() });
    const b = await logIn(deps, { email: member.email, password, address: address() });
    const code = codeAt(member.secret, clock.now());
    const results = await Promise.allSettled([
      completeSecondFactor(deps, { token: a.token, code }),
      completeSecondFactor(deps, { token: b.token, code }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(InvalidCodeError);
  });

  it('ROLE-03 a recovery code works once, case and dashes ignored; the others stay valid', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    const [code] = member.recoveryCodes;
    const first = await logIn(deps, { email: member.email, password, address: address() });
    const done = await completeSecondFactor(deps, { token: first.token, code: ` ${code?.toUpperCase()} ` });
    expect(done).toMatchObject({ usedRecoveryCode: true, recoveryCodesLeft: 9 });
    const second = await logIn(deps, { email: member.email, password, address: address() });
    await expect(
      completeSecondFactor(deps, { token: second.token, code: code ?? '' }),
    ).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('ROLE-03 wrong codes are throttled: after 5, even the right code is refused for the window', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    clock.advance(120_000);
    const first = await logIn(deps, { email: member.email, password, address: address() });
    for (let i = 0; i < 5; i++) {
      await expect(completeSecondFactor(deps, { token: first.token, code: '000000' })).rejects.toBeInstanceOf(
        InvalidCodeError,
      );
    }
    await expect(
      completeSecondFactor(deps, { token: first.token, code: codeAt(member.secret, clock.now()) }),
    ).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('ROLE-03 a pending session expires after 10 minutes; hostile input is refused cleanly', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    const first = await logIn(deps, { email: member.email, password, address: address() });
    await expect(
      completeSecondFactor(deps, { token: first.token, code: 'x'.repeat(10_000) }),
    ).rejects.toThrow();
    await expect(completeSecondFactor(deps, { token: '<script>', code: '123456' })).rejects.toBeInstanceOf(
      SessionStepError,
    );
    clock.advance(11 * 60_000);
    await expect(
      completeSecondFactor(deps, { token: first.token, code: codeAt(member.secret, clock.now()) }),
    ).rejects.toBeInstanceOf(SessionStepError);
  });

  it('ROLE-03 a member may turn the second factor off; the next log-in is a full session at once', async () => {
    const member = await enrolled('organisme', `org-${ulid()}`);
    const first = await logIn(deps, { email: member.email, password, address: address() });
    const done = await completeSecondFactor(deps, {
      token: first.token,
      code: member.recoveryCodes[1] ?? '',
    });
    await disableTotp(deps, { token: done.token });
    const next = await logIn(deps, { email: member.email, password, address: address() });
    expect(next.session.stage).toBe('full');
  });
});

describe('ROLE-06 roles come from the session', () => {
  it('ROLE-06 memberships are copied into the session at log-in; the session, not the request, carries the scope', async () => {
    const orgId = `org-${ulid()}`;
    const member = await person('organisme', orgId);
    const client = await person();
    const memberSession = await logIn(deps, { email: member.email, password, address: address() });
    expect(memberSession.session.roles).toEqual([{ orgId, role: 'organisme' }]);
    expect(await rolesOf(deps, client.userId)).toEqual([]);
    const resolved = await resolveSession(deps, { token: memberSession.token });
    expect(resolved && principalOf(resolved.session, resolved.account)).toMatchObject({
      staff: false,
      trainer: false,
      organizations: [{ orgId, role: 'organisme' }],
    });
  });
});

describe('CRM-09 log in as a client, read-only', () => {
  it('CRM-09 a full staff session shows a client read-only until ended; others are refused', async () => {
    const staff = await enrolled('staff');
    const token = staff.confirmed.session?.token ?? '';
    await startImpersonation(deps, { token, clientId: 'client-42' });
    const viewing = await resolveSession(deps, { token });
    expect(viewing && principalOf(viewing.session, viewing.account)).toMatchObject({
      actingAsClientId: 'client-42',
      readOnly: true,
      staff: true,
    });
    expect(await endImpersonation(deps, { token })).toEqual({ clientId: 'client-42' });
    const back = await resolveSession(deps, { token });
    expect(back && principalOf(back.session, back.account).readOnly).toBe(false);

    // Not staff, a pending staff session, or forged ids: refused.
    const member = await person('organisme', `org-${ulid()}`);
    const memberSession = await logIn(deps, { email: member.email, password, address: address() });
    await expect(
      startImpersonation(deps, { token: memberSession.token, clientId: 'client-42' }),
    ).rejects.toBeInstanceOf(ImpersonationRefusedError);
    const pending = await logIn(deps, { email: staff.email, password, address: address() });
    await expect(
      startImpersonation(deps, { token: pending.token, clientId: 'client-42' }),
    ).rejects.toBeInstanceOf(ImpersonationRefusedError);
    await expect(startImpersonation(deps, { token, clientId: '../CLIENT#x' })).rejects.toThrow();
  });
});

describe('ROLE-05 staff reset a lost second factor', () => {
  it('ROLE-05 PLAT-02 staff remove a person’s TOTP and recovery codes: every session ends, the next staff log-in enrolls again, audited once', async () => {
    const actor = await person('staff');
    const lost = await enrolled('staff');
    const session = lost.confirmed.session?.token ?? '';
    expect(await resolveSession(deps, { token: session })).toBeDefined();

    expect(await resetSecondFactor(deps, { userId: lost.userId, actorUserId: actor.userId })).toEqual({
      reset: true,
    });
    // The session held with the old factor is gone; the account has no factor left.
    expect(await resolveSession(deps, { token: session })).toBeUndefined();
    const stored = await bed.item(`USER#${lost.userId}`, 'PROFILE');
    expect(stored).not.toHaveProperty('totpSecret');
    expect(stored).not.toHaveProperty('recoveryCodeDigests');
    // A staff member must enroll again before anything else; a recovery code no longer exists.
    const next = await logIn(deps, { email: lost.email, password, address: address() });
    expect(next.session.stage).toBe('enroll');

    // Replayed (a double submit): nothing more is written.
    expect(await resetSecondFactor(deps, { userId: lost.userId, actorUserId: actor.userId })).toEqual({
      reset: false,
    });
    const audit = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: lost.userId });
    expect(
      audit.entries
        .filter((entry) => entry.action !== 'staff.login')
        .map((entry) => [entry.action, entry.actorUserId]),
    ).toEqual([['account.secondFactorReset', actor.userId]]);
  });

  it('ROLE-05 two staff resetting at once: one reset, one audit entry', async () => {
    const lost = await enrolled('organisme', ulid());
    const [a, b] = [await person('staff'), await person('staff')];
    const results = await Promise.all([
      resetSecondFactor(deps, { userId: lost.userId, actorUserId: a.userId }),
      resetSecondFactor(deps, { userId: lost.userId, actorUserId: b.userId }),
    ]);
    expect(results.filter((result) => result.reset)).toHaveLength(1);
    const audit = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: lost.userId });
    expect(audit.entries.filter((entry) => entry.action === 'account.secondFactorReset')).toHaveLength(1);
  });

  it('ROLE-05 one’s own second factor is not reset from the console', async () => {
    const self = await enrolled('staff');
    await expect(
      resetSecondFactor(deps, { userId: self.userId, actorUserId: self.userId }),
    ).rejects.toBeInstanceOf(OwnSecondFactorError);
    expect((await bed.item(`USER#${self.userId}`, 'PROFILE'))?.totpSecret).toBe(self.secret);
  });
});

describe('PLAT-02 staff log-ins are audited', () => {
  it('PLAT-02 ROLE-05 a staff session opening after its code is audited with it; the pending step and a client log-in are not', async () => {
    const staff = await enrolled('staff');
    const byEnrollment = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: staff.userId });
    expect(byEnrollment.entries.map((entry) => entry.action)).toEqual(['staff.login']);

    clock.set('2026-11-24T15:01:00.000Z');
    const pending = await logIn(deps, { email: staff.email, password, address: address() });
    expect(pending.session.stage).toBe('second-factor');
    expect(
      (await listAudit(deps, { by: 'target', targetType: 'USER', targetId: staff.userId })).entries,
    ).toHaveLength(1);
    await completeSecondFactor(deps, { token: pending.token, code: codeAt(staff.secret, clock.now()) });
    const after = await listAudit(deps, { by: 'target', targetType: 'USER', targetId: staff.userId });
    expect(after.entries.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ['staff.login', staff.userId],
      ['staff.login', staff.userId],
    ]);

    const client = await person();
    await logIn(deps, { email: client.email, password, address: address() });
    expect(
      (await listAudit(deps, { by: 'target', targetType: 'USER', targetId: client.userId })).entries,
    ).toEqual([]);
  });
});
