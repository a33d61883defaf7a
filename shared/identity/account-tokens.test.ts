import { createHash } from 'node:crypto';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import { accountTokenLifetimeSeconds } from './account-token';
import {
  consumeAccountToken,
  InvalidLinkError,
  issueAccountToken,
  resetPassword,
  verifyEmail,
} from './account-tokens';
import { createAccount, InvalidCredentialsError, logIn } from './log-in';
import { resolveSession } from './sessions';
import { tokenDigest } from './tokens';

/**
 * Verification, reset and invitation links against DynamoDB Local, in a table of this file's own,
 * with a fixed clock.
 */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
const password = 'correct horse battery staple';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('account-tokens', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

async function account() {
  const email = `person+${ulid().toLowerCase()}@example.org`;
  const { userId } = await createAccount(deps, { email, password });
  return { email, userId };
}

const invalidLink = { code: 'invalid_link' };

/** Sets the account's address as a change of address does (shared/crm/update-client-profile.ts). */
async function changeAddress(userId: string) {
  const email = `moved+${ulid().toLowerCase()}@example.org`;
  await deps.db.identity.entities.account.patch({ userId }).set({ email }).remove(['emailVerifiedAt']).go();
  return email;
}

const verifiedAt = async (userId: string) =>
  (await bed.item(`USER#${userId}`, 'PROFILE'))?.emailVerifiedAt as string | undefined;

/**
 * `base` whose account writes (`account.patch(…)…go()`) first run `before`: another request's
 * write landing between a use case's read and its own write.
 */
function interleavedBeforeAccountWrites(base: Deps, before: () => Promise<void>): Deps {
  const chain = (target: object): object =>
    new Proxy(target, {
      get(object, key) {
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        if (key === 'go') {
          return async (...args: unknown[]) => {
            await before();
            return value.apply(object, args);
          };
        }
        return (...args: unknown[]) => {
          const result: unknown = value.apply(object, args);
          return result !== null && typeof result === 'object' ? chain(result) : result;
        };
      },
    });
  const identity = base.db.identity;
  const account = new Proxy(identity.entities.account, {
    get: (object, key) =>
      key === 'patch'
        ? (...args: Parameters<typeof object.patch>) => chain(object.patch(...args))
        : Reflect.get(object, key),
  });
  const entities = new Proxy(identity.entities, {
    get: (object, key) => (key === 'account' ? account : Reflect.get(object, key)),
  });
  const proxied = new Proxy(identity, {
    get: (object, key) => (key === 'entities' ? entities : Reflect.get(object, key)),
  });
  const db = new Proxy(base.db, {
    get: (object, key) => (key === 'identity' ? proxied : Reflect.get(object, key)),
  });
  return { ...base, db };
}

describe('resetPassword', () => {
  it('CRM-01 ROLE-02 a reset link used twice: the second use is refused', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    await expect(resetPassword(deps, { token, newPassword: 'first new password' })).resolves.toEqual({
      userId,
    });
    const second = resetPassword(deps, { token, newPassword: 'second new password' });
    await expect(second).rejects.toBeInstanceOf(InvalidLinkError);
    await expect(second).rejects.toMatchObject({
      userMessage: {
        fr: "Ce lien n'est plus valide. Demandez-en un nouveau.",
        en: 'This link is no longer valid. Ask for a new one.',
      },
    });
  });

  it('CRM-01 ROLE-02 a reset link past its hour is refused, though TTL has not removed it', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    clock.advance(accountTokenLifetimeSeconds['reset-password'] * 1000);
    await expect(resetPassword(deps, { token, newPassword: 'a new password' })).rejects.toBeInstanceOf(
      InvalidLinkError,
    );
  });

  it('CRM-01 ROLE-02 a newer reset link makes the older one refused, and the newer one works', async () => {
    const { email, userId } = await account();
    const older = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    const newer = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    await expect(
      resetPassword(deps, { token: older.token, newPassword: 'older password' }),
    ).rejects.toMatchObject(invalidLink);
    await resetPassword(deps, { token: newer.token, newPassword: 'newer password' });
    await expect(
      logIn(deps, { email, password: 'newer password', address: `198.51.100.1-${ulid()}` }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('CRM-01 ROLE-02 a resent invitation makes the older invitation and reset links refused', async () => {
    const { userId } = await account();
    const invitation = await issueAccountToken(deps, { userId, purpose: 'invitation' });
    const reset = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    const resent = await issueAccountToken(deps, { userId, purpose: 'invitation' });
    await expect(
      consumeAccountToken(deps, { token: invitation.token, purpose: 'invitation' }),
    ).rejects.toMatchObject(invalidLink);
    await expect(
      consumeAccountToken(deps, { token: reset.token, purpose: 'reset-password' }),
    ).rejects.toMatchObject(invalidLink);
    await expect(consumeAccountToken(deps, { token: resent.token, purpose: 'invitation' })).resolves.toEqual({
      userId,
    });
  });

  it('CRM-01 two concurrent uses of one reset link: exactly one succeeds', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => consumeAccountToken(deps, { token, purpose: 'reset-password' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.filter((r) => r.status === 'rejected');
    expect(lost).toHaveLength(3);
    for (const r of lost) expect(r.reason).toBeInstanceOf(InvalidLinkError);
  });

  it('CRM-01 a link of another purpose is refused and left working for its own', async () => {
    const { userId } = await account();
    const verify = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    await expect(
      resetPassword(deps, { token: verify.token, newPassword: 'a new password' }),
    ).rejects.toMatchObject(invalidLink);
    const reset = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    await expect(verifyEmail(deps, { token: reset.token })).rejects.toMatchObject(invalidLink);
    await expect(verifyEmail(deps, { token: verify.token })).resolves.toMatchObject({ userId });
    await expect(resetPassword(deps, { token: reset.token, newPassword: 'a new password' })).resolves.toEqual(
      {
        userId,
      },
    );
  });

  it('ROLE-02 a new password under 8 characters is refused with its message and the link still works', async () => {
    const { email, userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    const short = resetPassword(deps, { token, newPassword: 'short' });
    await expect(short).rejects.toBeInstanceOf(ValidationError);
    await expect(short).rejects.toMatchObject({
      userMessage: {
        fr: 'Le mot de passe doit contenir au moins 8 caractères.',
        en: 'The password must be at least 8 characters long.',
      },
    });
    await resetPassword(deps, { token, newPassword: 'long enough now' });
    await expect(
      logIn(deps, { email, password: 'long enough now', address: `198.51.100.2-${ulid()}` }),
    ).resolves.toMatchObject({ ok: true });
    await expect(logIn(deps, { email, password, address: `198.51.100.3-${ulid()}` })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });

  it('ROLE-02 CRM-01 a reset ends every existing session of the account', async () => {
    const { email, userId } = await account();
    const sessions = await Promise.all(
      [1, 2].map((i) => logIn(deps, { email, password, address: `198.51.100.${i}-${ulid()}` })),
    );
    for (const { token } of sessions) expect(await resolveSession(deps, { token })).toBeDefined();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    await resetPassword(deps, { token, newPassword: 'after the reset' });
    for (const session of sessions) {
      expect(await resolveSession(deps, { token: session.token })).toBeUndefined();
    }
  });
});

describe('verifyEmail', () => {
  it('CRM-01 a verification link sets emailVerifiedAt, once', async () => {
    const { userId } = await account();
    expect((await bed.item(`USER#${userId}`, 'PROFILE'))?.emailVerifiedAt).toBeUndefined();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    clock.advance(3 * 24 * 3600 * 1000);
    const now = clock.now().toISOString();
    await expect(verifyEmail(deps, { token })).resolves.toEqual({ userId, emailVerifiedAt: now });
    expect((await bed.item(`USER#${userId}`, 'PROFILE'))?.emailVerifiedAt).toBe(now);
    await expect(verifyEmail(deps, { token })).rejects.toMatchObject(invalidLink);
  });

  it('CRM-01 a verification link past 7 days is refused', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    clock.advance(accountTokenLifetimeSeconds['verify-email'] * 1000);
    await expect(verifyEmail(deps, { token })).rejects.toMatchObject(invalidLink);
  });

  it('CRM-01 a reset request does not cut a pending verification link (separate versions)', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    await expect(verifyEmail(deps, { token })).resolves.toMatchObject({ userId });
  });

  it('CRM-01 CRM-02 a verification link sent before the address changed is refused; a link for the new address works', async () => {
    const { userId } = await account();
    const old = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    await changeAddress(userId);
    await expect(verifyEmail(deps, { token: old.token })).rejects.toMatchObject(invalidLink);
    expect(await verifiedAt(userId)).toBeUndefined();
    // Refused for good: deleted, like any link that can no longer work.
    expect(await bed.item(`TOKEN#${tokenDigest(old.token)}`, 'TOKEN')).toBeUndefined();
    const fresh = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    await expect(verifyEmail(deps, { token: fresh.token })).resolves.toMatchObject({ userId });
    expect(await verifiedAt(userId)).toBe(start);
  });

  it('CRM-01 an address changed between the link’s check and its write is not marked verified', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    let changed = false;
    const racing = interleavedBeforeAccountWrites(deps, async () => {
      if (changed) return;
      changed = true;
      await changeAddress(userId);
    });
    await expect(verifyEmail(racing, { token })).rejects.toMatchObject(invalidLink);
    expect(changed).toBe(true);
    expect(await verifiedAt(userId)).toBeUndefined();
  });

  it('CRM-01 a verification link bound to no address (issued before the binding) is refused', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    const key = { pk: `TOKEN#${tokenDigest(token)}`, sk: 'TOKEN' };
    expect((await bed.item(key.pk, key.sk))?.emailDigest).toMatch(/^[0-9a-f]{64}$/);
    await bed.raw.send(
      new UpdateCommand({ TableName: bed.tableName, Key: key, UpdateExpression: 'REMOVE emailDigest' }),
    );
    await expect(verifyEmail(deps, { token })).rejects.toMatchObject(invalidLink);
    expect(await verifiedAt(userId)).toBeUndefined();
  });
});

describe('storage and bad input', () => {
  it('CRM-01 the stored item holds the digest and never the token', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'invitation' });
    const item = await bed.item(`TOKEN#${tokenDigest(token)}`, 'TOKEN');
    expect(item).toMatchObject({
      purpose: 'invitation',
      userId,
      tokenVersion: 1,
      createdAt: start,
      expiresAt: Date.parse(start) / 1000 + 14 * 24 * 3600,
    });
    const everything = await bed.raw.send(
      new ScanCommand({ TableName: bed.tableName, ConsistentRead: true }),
    );
    expect(JSON.stringify(everything.Items)).not.toContain(token);
  });

  it('CRM-01 a verification item names its address by a digest keyed by the link: neither the address nor its plain SHA-256', async () => {
    const { email, userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'verify-email' });
    const item = await bed.item(`TOKEN#${tokenDigest(token)}`, 'TOKEN');
    expect(item?.emailDigest).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(item);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(createHash('sha256').update(email, 'utf8').digest('hex'));
  });

  it('CRM-01 ROLE-02 malformed tokens (empty, 10,000 characters, HTML, not text) get the same generic refusal', async () => {
    const { userId } = await account();
    const { token } = await issueAccountToken(deps, { userId, purpose: 'reset-password' });
    const malformed: unknown[] = [
      '',
      'a'.repeat(10_000),
      '<script>alert(1)</script>',
      `<b>${token.slice(0, 36)}</b>`,
      `${token} `,
      undefined,
      42,
      { token },
    ];
    for (const bad of malformed) {
      await expect(
        consumeAccountToken(deps, { token: bad, purpose: 'reset-password' }),
      ).rejects.toMatchObject(invalidLink);
      await expect(resetPassword(deps, { token: bad, newPassword: 'a new password' })).rejects.toMatchObject(
        invalidLink,
      );
      await expect(verifyEmail(deps, { token: bad })).rejects.toMatchObject(invalidLink);
    }
    // None of that touched the real link.
    await expect(resetPassword(deps, { token, newPassword: 'a new password' })).resolves.toEqual({ userId });
  });
});
