import { argon2id, hash } from 'argon2';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import {
  createAccount,
  EmailInUseError,
  InvalidCredentialsError,
  logIn,
  loginThrottle,
  TooManyAttemptsError,
} from './log-in';
import { dummyVerify, hashPassword, verifyPassword } from './password';
import { resolveSession } from './sessions';
import { tokenDigest } from './tokens';

// Every argon2id computation goes through these wrappers, so a test can prove none happened.
vi.mock('./password', async (importOriginal) => {
  const real = await importOriginal<typeof import('./password')>();
  return {
    ...real,
    hashPassword: vi.fn(real.hashPassword),
    verifyPassword: vi.fn(real.verifyPassword),
    dummyVerify: vi.fn(real.dummyVerify),
  };
});
const hashings = () =>
  vi.mocked(hashPassword).mock.calls.length +
  vi.mocked(verifyPassword).mock.calls.length +
  vi.mocked(dummyVerify).mock.calls.length;

/**
 * Accounts, log-in and sessions against DynamoDB Local, in a table of this file's own, with a fixed
 * clock. Each test uses its own e-mail and client addresses, so throttle windows never mix.
 */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
const password = 'correct horse battery staple';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('identity', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

const uniqueEmail = () => `person+${ulid().toLowerCase()}@example.org`;
const uniqueAddress = () => `203.0.113.${Math.floor(Math.random() * 250)}-${ulid()}`;

async function account() {
  const email = uniqueEmail();
  const { userId } = await createAccount(deps, { email, password });
  return { email, userId };
}

describe('createAccount', () => {
  it('ROLE-02 ROLE-05 concurrent sign-ups with one e-mail: exactly one account is created', async () => {
    const email = uniqueEmail();
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        createAccount(deps, { email: i % 2 ? email.toUpperCase() : email, password }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(3);
    for (const r of lost) expect(r.reason).toBeInstanceOf(EmailInUseError);
    const guard = await bed.item(`EMAIL#${email}`, 'EMAIL');
    const winner = won[0]?.status === 'fulfilled' ? won[0].value.userId : '';
    expect(guard?.userId).toBe(winner);
    expect(await bed.item(`USER#${winner}`, 'PROFILE')).toMatchObject({ email, status: 'active' });
  });

  it('ROLE-02 a 10,000-character e-mail or password, or HTML in the e-mail, is refused before any hashing', async () => {
    const before = hashings();
    const long = 'a'.repeat(10_000);
    for (const input of [
      { email: `${long}@example.org`, password },
      { email: uniqueEmail(), password: long },
      { email: '<script>alert(1)</script>@example.org', password },
      { email: '<b>x</b>', password },
    ]) {
      await expect(createAccount(deps, input)).rejects.toBeInstanceOf(ValidationError);
      await expect(logIn(deps, { ...input, address: uniqueAddress() })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    expect(hashings()).toBe(before);
  });
});

describe('logIn', () => {
  it('ROLE-02 log-in returns a 43-character token and the table stores only its digest', async () => {
    const { email, userId } = await account();
    const { ok, token, session } = await logIn(deps, {
      email: ` ${email.toUpperCase()} `,
      password,
      address: uniqueAddress(),
    });
    expect(ok).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const item = await bed.item(`SESSION#${tokenDigest(token)}`, 'SESSION');
    expect(item).toMatchObject({ userId, tokenDigest: tokenDigest(token), gsi4pk: `USER#${userId}` });
    expect(JSON.stringify(item)).not.toContain(token);
    expect(session.expiresAt).toBe(Date.parse(start) / 1000 + 7 * 24 * 3600);
    expect(await resolveSession(deps, { token })).toMatchObject({ session: { userId }, account: { email } });
    expect((await resolveSession(deps, { token }))?.account).not.toHaveProperty('passwordHash');
  });

  it('ROLE-02 a wrong password and an unknown address get the same error, after the same hashing', async () => {
    const { email } = await account();
    const wrong = await logIn(deps, { email, password: 'not the password', address: uniqueAddress() }).catch(
      (e) => e,
    );
    const dummies = vi.mocked(dummyVerify).mock.calls.length;
    const unknown = await logIn(deps, { email: uniqueEmail(), password, address: uniqueAddress() }).catch(
      (e) => e,
    );
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect([unknown.code, unknown.status, unknown.userMessage]).toEqual([
      wrong.code,
      wrong.status,
      wrong.userMessage,
    ]);
    expect(wrong.userMessage).toEqual({
      fr: 'Courriel ou mot de passe incorrect.',
      en: 'Incorrect e-mail or password.',
    });
    expect(vi.mocked(dummyVerify).mock.calls.length).toBe(dummies + 1);
  });

  it('ROLE-02 a disabled account gets the same error even with the right password', async () => {
    const { email, userId } = await account();
    await deps.db.identity.entities.account.patch({ userId }).set({ status: 'disabled' }).go();
    await expect(logIn(deps, { email, password, address: uniqueAddress() })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });

  it('ROLE-02 five wrong passwords, then the right one is throttled without hashing; the next window allows it', async () => {
    const { email } = await account();
    clock.set('2026-11-24T15:03:00.000Z');
    for (let i = 0; i < loginThrottle.perAccount; i++) {
      await expect(
        logIn(deps, { email, password: `wrong-${i}`, address: uniqueAddress() }),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
    }
    const before = hashings();
    const throttled = await logIn(deps, { email, password, address: uniqueAddress() }).catch((e) => e);
    expect(throttled).toBeInstanceOf(TooManyAttemptsError);
    expect(throttled.status).toBe(429);
    expect(throttled.retryAt).toEqual(new Date('2026-11-24T15:15:00.000Z'));
    expect(throttled.userMessage.fr).toContain('Trop de tentatives');
    expect(throttled.userMessage.en).toContain('12 minutes');
    // 100 wrong passwords in a row: none reaches argon2id.
    for (let i = 0; i < 20; i++) {
      await expect(
        logIn(deps, { email, password: 'wrong', address: uniqueAddress() }),
      ).rejects.toBeInstanceOf(TooManyAttemptsError);
    }
    expect(hashings()).toBe(before);
    clock.set('2026-11-24T15:15:00.000Z');
    await expect(logIn(deps, { email, password, address: uniqueAddress() })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('ROLE-02 a successful log-in gives its place back: only failures count', async () => {
    const { email } = await account();
    const address = uniqueAddress();
    for (let i = 0; i < loginThrottle.perAccount + 2; i++) {
      await expect(logIn(deps, { email, password, address })).resolves.toMatchObject({ ok: true });
    }
  });

  it('ROLE-02 ROLE-05 one client address is throttled across accounts; another address is not', async () => {
    const address = uniqueAddress();
    const { email } = await account();
    for (let i = 0; i < loginThrottle.perAddress; i++) {
      await expect(logIn(deps, { email: uniqueEmail(), password, address })).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    const before = hashings();
    await expect(logIn(deps, { email, password, address })).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect(hashings()).toBe(before);
    await expect(logIn(deps, { email, password, address: uniqueAddress() })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('ROLE-02 log-in rotates: a session token presented with the form is revoked', async () => {
    const { email } = await account();
    const first = await logIn(deps, { email, password, address: uniqueAddress() });
    const second = await logIn(deps, {
      email,
      password,
      address: uniqueAddress(),
      presentedToken: first.token,
    });
    expect(second.token).not.toBe(first.token);
    expect(await resolveSession(deps, { token: first.token })).toBeUndefined();
    expect(await resolveSession(deps, { token: second.token })).toBeDefined();
  });

  it('ROLE-02 a hash below the current argon2id parameters is replaced at log-in', async () => {
    const { email, userId } = await account();
    // A hash stored under older, cheaper parameters (m=8 MiB, t=1), in the PHC layout password.ts reads.
    const salt = Buffer.from('older-parameters');
    const digest = await hash(password, {
      type: argon2id,
      raw: true,
      salt,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
    const weak = `$argon2id$v=19$m=8192,t=1,p=1$${b64(salt)}$${b64(digest)}`;
    expect(await verifyPassword(weak, password)).toEqual({ ok: true, needsRehash: true });
    await deps.db.identity.entities.account.patch({ userId }).set({ passwordHash: weak }).go();
    await logIn(deps, { email, password, address: uniqueAddress() });
    const stored = (await bed.item(`USER#${userId}`, 'PROFILE'))?.passwordHash as string;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(logIn(deps, { email, password, address: uniqueAddress() })).resolves.toMatchObject({
      ok: true,
    });
  });
});
