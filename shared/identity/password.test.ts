import { argon2Verify, argon2id as wasmArgon2id } from 'hash-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { dummyVerify, hashPassword, passwordMaxBytes, passwordParameters, verifyPassword } from './password';

/** The native library, observed: each call of its `hash` is one argon2id computation. */
const argon2 = vi.hoisted(() => ({
  calls: [] as { memoryCost?: number; timeCost?: number; parallelism?: number }[],
}));
vi.mock('argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('argon2')>();
  return {
    ...actual,
    hash: (password: Buffer, options: Parameters<typeof actual.hash>[1]) => {
      argon2.calls.push({
        memoryCost: options?.memoryCost,
        timeCost: options?.timeCost,
        parallelism: options?.parallelism,
      });
      return actual.hash(password, options);
    },
  };
});
beforeEach(() => {
  argon2.calls.length = 0;
});

const current = () => ({
  memoryCost: passwordParameters.m,
  timeCost: passwordParameters.t,
  parallelism: passwordParameters.p,
});

const password = 'Mot de passe de Gaston 2024!';

/** The PHC string of `bytes` at the given costs, computed by hash-wasm (an independent WASM build). */
async function phcOf(bytes: string, salt: Buffer, m: number, t: number, p: number): Promise<string> {
  return wasmArgon2id({
    password: bytes,
    salt,
    memorySize: m,
    iterations: t,
    parallelism: p,
    hashLength: 32,
    outputType: 'encoded',
  });
}

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('hashPassword / verifyPassword', () => {
  it('ROLE-02 round trip: a standard argon2id PHC string at the current costs, with a fresh salt', async () => {
    const phc = await hashPassword(password);
    const { m, t, p } = passwordParameters;
    expect(phc).toMatch(
      new RegExp(`^\\$argon2id\\$v=19\\$m=${m},t=${t},p=${p}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`),
    );
    expect(phc).not.toContain(password);
    expect(await verifyPassword(phc, password)).toEqual({ ok: true, needsRehash: false });
    // Same password, another salt: another string.
    expect(await hashPassword(password)).not.toBe(phc);
  });

  it('ROLE-02 the string is readable by another argon2id implementation (hash-wasm)', async () => {
    const phc = await hashPassword(password);
    expect(await argon2Verify({ hash: phc, password })).toBe(true);
    expect(await argon2Verify({ hash: phc, password: `${password}.` })).toBe(false);
  });

  it('ROLE-02 refuses a wrong password, one character off or in another case', async () => {
    const phc = await hashPassword(password);
    for (const wrong of [
      `${password} `,
      password.slice(0, -1),
      password.toUpperCase(),
      'autre chose entièrement',
    ]) {
      expect(await verifyPassword(phc, wrong)).toEqual({ ok: false, needsRehash: false });
    }
  });

  it('ROLE-02 verifies the reference test vector of the argon2 authors (phc-winner-argon2 test.c)', async () => {
    // argon2id, v=19, m=64 MiB, t=2, p=1, password "password", salt "somesalt".
    const reference =
      '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
    expect(await verifyPassword(reference, 'password')).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword(reference, 'passwore')).toEqual({ ok: false, needsRehash: false });
  });

  it('ROLE-02 verifies a vector at the current costs computed by the native library in the 0007 comparison', async () => {
    const vector =
      '$argon2id$v=19$m=19456,t=2,p=1$cGFydmlzLXZlY3Rvci0xNg$pESwQSYoLc+2P9bB+9fyE8xLLuRWvxqE9L7rlTOkX60';
    expect(await verifyPassword(vector, 'correct horse battery staple')).toEqual({
      ok: true,
      needsRehash: false,
    });
    // The same bytes from hash-wasm: both implementations agree.
    expect(await phcOf('correct horse battery staple', Buffer.from('parvis-vector-16'), 19_456, 2, 1)).toBe(
      vector,
    );
  });

  it('ROLE-02 refuses a tampered PHC string: any edited part, another algorithm, or garbage', async () => {
    const phc = await hashPassword(password);
    const [, , version, costs, salt = '', digest = ''] = phc.split('$');
    const flip = (text: string) => `${text.slice(0, 5)}${text[5] === 'A' ? 'B' : 'A'}${text.slice(6)}`;
    const tampered = [
      `$argon2id$${version}$${costs}$${flip(salt)}$${digest}`,
      `$argon2id$${version}$${costs}$${salt}$${flip(digest)}`,
      `$argon2id$${version}$${costs}$${salt}$${digest.slice(0, -4)}`,
      `$argon2id$${version}$m=19457,t=2,p=1$${salt}$${digest}`,
      `$argon2id$${version}$m=19456,t=3,p=1$${salt}$${digest}`,
      `$argon2i$${version}$${costs}$${salt}$${digest}`,
      `$argon2id$v=16$${costs}$${salt}$${digest}`,
      `$argon2id$${version}$m=999999999,t=2,p=1$${salt}$${digest}`,
      `${phc}$`,
      ` ${phc}`,
      '',
      'not a hash',
    ];
    for (const phcString of tampered) {
      expect(await verifyPassword(phcString, password), phcString).toEqual({ ok: false, needsRehash: false });
    }
    expect(await verifyPassword(phc, password)).toEqual({ ok: true, needsRehash: false });
  });

  it('ROLE-02 refuses a PHC string edited only in the unused bits of its last base64 character', async () => {
    const phc = await hashPassword(password);
    // 32 bytes are 43 base64 characters: the last one carries 4 bits and 2 unused ones, which a
    // lenient decoder ignores. Changing the lowest gives other text for the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(phc.slice(-1));
    const edited = `${phc.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(edited.split('$')[5] ?? '', 'base64')).toEqual(
      Buffer.from(phc.split('$')[5] ?? '', 'base64'),
    );
    expect(await verifyPassword(edited, password)).toEqual({ ok: false, needsRehash: false });
  });

  it('ROLE-02 a stored string asking for more than 256 MiB is not computed: only the current costs run', async () => {
    const phc = await hashPassword(password);
    const [, , version, , salt, digest] = phc.split('$');
    argon2.calls.length = 0;
    const huge = `$argon2id$${version}$m=1048576,t=2,p=1$${salt}$${digest}`;
    expect(await verifyPassword(huge, password)).toEqual({ ok: false, needsRehash: false });
    expect(argon2.calls).toEqual([current()]);
  });

  it('ROLE-02 asks for a rehash when the stored costs are below the current ones, only if the password is right', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const { m, t, p } = passwordParameters;
    for (const weaker of [
      await phcOf(password, salt, m / 2, t, p),
      await phcOf(password, salt, m, t - 1, p),
      await phcOf(password, salt, 4096, 3, 1),
    ]) {
      expect(await verifyPassword(weaker, password), weaker).toEqual({ ok: true, needsRehash: true });
      expect(await verifyPassword(weaker, 'wrong password')).toEqual({ ok: false, needsRehash: false });
    }
    const stronger = await phcOf(password, salt, m * 2, t + 1, p);
    expect(await verifyPassword(stronger, password)).toEqual({ ok: true, needsRehash: false });
  });

  it('ROLE-02 normalizes Unicode (NFKC): composed or decomposed accents and full-width forms match', async () => {
    const composed = 'Café-crème 2024';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const phc = await hashPassword(composed);
    expect(await verifyPassword(phc, decomposed)).toEqual({ ok: true, needsRehash: false });
    const fullWidth = await hashPassword('ｐａｓｓｗｏｒｄ１２');
    expect(await verifyPassword(fullWidth, 'password12')).toEqual({ ok: true, needsRehash: false });
    // Normalization does not fold case or accents away.
    expect((await verifyPassword(phc, 'Cafe-creme 2024')).ok).toBe(false);
  });

  it('ROLE-02 refuses a password under 8 characters at sign-up, in French and in English', async () => {
    const error = await refusal(hashPassword('court1!'));
    expect(error.issues).toEqual([{ path: 'password', message: 'too_short' }]);
    expect(error.status).toBe(400);
    expect(error.userMessage.fr).toBe('Le mot de passe doit contenir au moins 8 caractères.');
    expect(error.userMessage.en).toBe('The password must be at least 8 characters long.');
    // Characters as a person counts them: 8 emoji (16 UTF-16 units) are 8, 7 are not enough.
    await refusal(hashPassword('🔑'.repeat(7)));
    expect(await hashPassword('🔑'.repeat(8))).toMatch(/^\$argon2id\$/);
  });

  it('ROLE-02 refuses a password over 1024 UTF-8 bytes, at sign-up and at log-in, in French and in English', async () => {
    const phc = await hashPassword(password);
    for (const long of ['a'.repeat(10_000), 'é'.repeat(513), 'x'.repeat(5_000_000)]) {
      for (const attempt of [hashPassword(long), verifyPassword(phc, long), dummyVerify(long)]) {
        const error = await refusal(attempt);
        expect(error.issues).toEqual([{ path: 'password', message: 'too_long' }]);
        expect(error.userMessage.fr).toBe('Le mot de passe est trop long (1024 octets au plus).');
        expect(error.userMessage.en).toBe('The password is too long (1024 bytes at most).');
      }
    }
    // Refused before any hashing: only the hash of the setup above ran.
    expect(argon2.calls).toHaveLength(1);
    // The limit is on bytes: 512 two-byte characters are exactly 1024 and pass.
    const atLimit = 'é'.repeat(passwordMaxBytes / 2);
    expect(await verifyPassword(await hashPassword(atLimit), atLimit)).toEqual({
      ok: true,
      needsRehash: false,
    });
  });

  it('ROLE-02 accepts at log-in a password shorter than today’s minimum (set before it), if it is right', async () => {
    const legacy = await phcOf('abc12', Buffer.from('legacy-salt-0001'), 19_456, 2, 1);
    expect(await verifyPassword(legacy, 'abc12')).toEqual({ ok: true, needsRehash: false });
  });
});

describe('dummyVerify', () => {
  it('ROLE-02 an unknown address costs what a known one does: one argon2id at the current costs', async () => {
    const phc = await hashPassword(password);
    argon2.calls.length = 0;
    expect(await verifyPassword(phc, 'wrong password')).toEqual({ ok: false, needsRehash: false });
    expect(argon2.calls).toEqual([current()]);
    argon2.calls.length = 0;
    expect(await dummyVerify('wrong password')).toEqual({ ok: false, needsRehash: false });
    expect(argon2.calls).toEqual([current()]);
    argon2.calls.length = 0;
    // An unusable stored string (account without password, corrupted row) does the same work.
    expect(await verifyPassword('', password)).toEqual({ ok: false, needsRehash: false });
    expect(argon2.calls).toEqual([current()]);
  });
});
