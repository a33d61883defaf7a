import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CrmBed, crmBed, uniqueEmail } from '../crm/crm.test-support';
import { createAccount } from './log-in';
import { TooManyRequestsError } from './login-throttle';
import { requestPasswordReset, resetThrottle } from './request-password-reset';

/**
 * "Mot de passe oublié" against DynamoDB Local, in a table of this file's own, with a fixed clock
 * and a publisher that records the e-mails queued.
 */
let t: CrmBed;
const start = '2026-11-24T15:00:00.000Z';
const limit = resetThrottle.perAddress;
const windowMs = resetThrottle.windowSeconds * 1000;

beforeAll(async () => {
  t = await crmBed('request-password-reset', start);
});
beforeEach(() => t.clock.set(start));

/** A client IP of this test's own, so no other test's requests count against it. */
const clientAddress = () => `203.0.113.${Math.floor(Math.random() * 255)}-${ulid()}`;

async function account() {
  const email = uniqueEmail('reset');
  const { userId } = await createAccount(t.deps, { email, password: 'correct horse battery staple' });
  return { email, userId };
}

/** Raised by every reset link issued (shared/identity/account-tokens.ts): counts the links. */
const tokenVersionOf = async (userId: string) =>
  (await t.deps.db.identity.entities.account.get({ userId }).go({ consistent: true })).data?.tokenVersion;

const resetMails = async (before: number) =>
  (await t.messagesSince(before)).filter((m) => m.templateId === 'account.passwordReset');

describe('requestPasswordReset per client address', () => {
  it(`ROLE-02 the ${limit + 1}th request from one client address within 15 minutes is refused, nothing written or sent; another address passes; the next window it passes again`, async () => {
    const { email, userId } = await account();
    const from = clientAddress();
    const before = t.published.length;
    for (let i = 0; i < limit; i++) {
      await requestPasswordReset(t.deps, { email, locale: 'fr', address: from });
    }
    expect(await resetMails(before)).toHaveLength(limit);
    expect(await tokenVersionOf(userId)).toBe(limit);
    t.clock.advance(windowMs - 30_000);

    const full = t.published.length;
    const attempt = requestPasswordReset(t.deps, { email, locale: 'en', address: from });
    await expect(attempt).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(attempt).rejects.toMatchObject({
      code: 'too_many_requests',
      status: 429,
      retryAt: new Date(Date.parse(start) + windowMs),
      userMessage: {
        fr: 'Trop de demandes ont été envoyées depuis votre connexion. Veuillez réessayer dans 1 minute.',
        en: 'Too many requests were sent from your connection. Please try again in 1 minute.',
      },
    });
    expect(t.published.length).toBe(full);
    expect(await tokenVersionOf(userId)).toBe(limit);

    await requestPasswordReset(t.deps, { email, locale: 'fr', address: clientAddress() });
    expect(await tokenVersionOf(userId)).toBe(limit + 1);
    t.clock.advance(30_000);
    await requestPasswordReset(t.deps, { email, locale: 'fr', address: from });
    expect(await tokenVersionOf(userId)).toBe(limit + 2);
    expect(await resetMails(full)).toHaveLength(2);
  });

  it('ROLE-02 addresses without an account count the same and meet the same refusal, so the limit says nothing about accounts', async () => {
    const { email, userId } = await account();
    const from = clientAddress();
    for (let i = 0; i < limit; i++) {
      await requestPasswordReset(t.deps, { email: uniqueEmail('nobody'), locale: 'fr', address: from });
    }
    for (const typed of [email, uniqueEmail('nobody')]) {
      await expect(
        requestPasswordReset(t.deps, { email: typed, locale: 'fr', address: from }),
      ).rejects.toMatchObject({ code: 'too_many_requests', status: 429 });
    }
    expect(await tokenVersionOf(userId)).toBe(0);
  });

  it('ROLE-02 a malformed e-mail address is refused without counting', async () => {
    const { email, userId } = await account();
    const from = clientAddress();
    for (let i = 0; i <= limit; i++) {
      await expect(
        requestPasswordReset(t.deps, { email: 'not-an-address', locale: 'fr', address: from }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await requestPasswordReset(t.deps, { email, locale: 'fr', address: from });
    expect(await tokenVersionOf(userId)).toBe(1);
  });

  it(`ROLE-02 ${limit + 5} requests at once from one client address: exactly ${limit} go through`, async () => {
    const { email, userId } = await account();
    const from = clientAddress();
    const before = t.published.length;
    const results = await Promise.allSettled(
      Array.from({ length: limit + 5 }, () =>
        requestPasswordReset(t.deps, { email, locale: 'fr', address: from }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(limit);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(TooManyRequestsError);
    expect(await resetMails(before)).toHaveLength(limit);
    expect(await tokenVersionOf(userId)).toBe(limit);
  });
});
