import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { fixedClock } from '../kernel/ports';
import { createAccount, logIn } from './log-in';
import { logOut, logOutEverywhere, resolveSession } from './sessions';
import { tokenDigest } from './tokens';

/**
 * Session use, expiry and log-out against DynamoDB Local, in a table of this file's own, with a
 * fixed clock. Log-in itself (throttling, rotation, rehash) is proven in log-in.test.ts.
 */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
const password = 'correct horse battery staple';
let deps: Deps;
let bed: PrivateTestBed;

beforeAll(async () => {
  useTwin();
  bed = await privateTestBed('sessions', clock);
  deps = bed.deps;
});

beforeEach(() => clock.set(start));

const uniqueAddress = () => `198.51.100.7-${ulid()}`;

async function account() {
  const email = `person+${ulid().toLowerCase()}@example.org`;
  const { userId } = await createAccount(deps, { email, password });
  return { email, userId };
}

describe('sessions', () => {
  it('ROLE-02 idle expiry slides with use; the last-seen time is written at most once a minute', async () => {
    const { email } = await account();
    const { token } = await logIn(deps, { email, password, address: uniqueAddress(), idleSeconds: 30 * 60 });
    const key = [`SESSION#${tokenDigest(token)}`, 'SESSION'] as const;
    clock.advance(30_000);
    expect(await resolveSession(deps, { token })).toBeDefined();
    expect((await bed.item(...key))?.lastSeenAt).toBe(start);
    clock.advance(29 * 60_000);
    expect(await resolveSession(deps, { token })).toBeDefined();
    expect((await bed.item(...key))?.idleExpiresAt).toBe('2026-11-24T15:59:30.000Z');
    clock.advance(29 * 60_000);
    expect(await resolveSession(deps, { token })).toBeDefined();
    clock.advance(30 * 60_000);
    expect(await resolveSession(deps, { token })).toBeUndefined();
    expect(await bed.item(...key)).toBeUndefined();
  });

  it('ROLE-05 absolute expiry ends a session however active it is', async () => {
    const { email } = await account();
    const { token } = await logIn(deps, {
      email,
      password,
      address: uniqueAddress(),
      idleSeconds: 30 * 60,
      absoluteSeconds: 60 * 60,
    });
    for (let minutes = 20; minutes < 60; minutes += 20) {
      clock.set(new Date(Date.parse(start) + minutes * 60_000));
      expect(await resolveSession(deps, { token })).toBeDefined();
    }
    clock.set(new Date(Date.parse(start) + 60 * 60_000));
    expect(await resolveSession(deps, { token })).toBeUndefined();
  });

  it('ROLE-02 a cookie replayed after log-out resolves to nothing', async () => {
    const { email } = await account();
    const { token } = await logIn(deps, { email, password, address: uniqueAddress() });
    await logOut(deps, { token });
    expect(await resolveSession(deps, { token })).toBeUndefined();
    await logOut(deps, { token });
    expect(await resolveSession(deps, { token: 'junk' })).toBeUndefined();
  });

  it('ROLE-02 ROLE-05 log out everywhere ends every session of that user only', async () => {
    const a = await account();
    const b = await account();
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      tokens.push((await logIn(deps, { email: a.email, password, address: uniqueAddress() })).token);
    }
    const other = (await logIn(deps, { email: b.email, password, address: uniqueAddress() })).token;
    expect(await logOutEverywhere(deps, { userId: a.userId })).toEqual({ deleted: 3 });
    for (const token of tokens) {
      expect(await resolveSession(deps, { token })).toBeUndefined();
      expect(await bed.item(`SESSION#${tokenDigest(token)}`, 'SESSION')).toBeUndefined();
    }
    expect(await resolveSession(deps, { token: other })).toMatchObject({ session: { userId: b.userId } });
    // Sessions created afterwards work.
    const fresh = await logIn(deps, { email: a.email, password, address: uniqueAddress() });
    expect(await resolveSession(deps, { token: fresh.token })).toBeDefined();
  });

  it('ROLE-05 log out everywhere also ends a session the user index does not list yet', async () => {
    const a = await account();
    const { token, session } = await logIn(deps, { email: a.email, password, address: uniqueAddress() });
    // The index lags behind (gsi4 is eventually consistent): the same session, without its index keys.
    const item = await bed.item(`SESSION#${session.tokenDigest}`, 'SESSION');
    const { gsi4pk: _pk, gsi4sk: _sk, ...unindexed } = item ?? {};
    await bed.raw.send(new PutCommand({ TableName: bed.tableName, Item: unindexed }));
    expect(await logOutEverywhere(deps, { userId: a.userId })).toEqual({ deleted: 0 });
    expect(await resolveSession(deps, { token })).toBeUndefined();
  });
});
