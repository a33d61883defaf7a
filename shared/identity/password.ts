/**
 * Password hashing (ROLE-02..05, DESIGN "argon2id password hashes"): argon2id through the native
 * `argon2` package, whose npm tarball carries the linux-arm64 binary itself, so a bundle built on x64
 * runs on Lambda arm64. Why native and why these parameters: docs/decisions/0007-password-hashing.md.
 *
 * The library only computes raw argon2id bytes; the PHC string, its parsing, the constant-time
 * comparison and the rehash decision are here, so the stored format does not depend on the library
 * (hash-wasm and the reference implementation read and write the same strings).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type LocalizedMessage, ValidationError } from '../kernel/errors';

/** argon2id cost: memory in KiB (`m`), passes (`t`), lanes (`p`), as in the PHC string. */
export interface Argon2Parameters {
  m: number;
  t: number;
  p: number;
}

/**
 * OWASP's first argon2id configuration (19 MiB, 2 passes, 1 lane). Decision 0007 measures it against
 * the log-in budget (p95 ≤ 250 ms at 5 concurrent users on 2 cores); raise it there, never lower it:
 * a stored hash below these values is rehashed at the next successful log-in.
 */
export const passwordParameters: Readonly<Argon2Parameters> = Object.freeze({ m: 19_456, t: 2, p: 1 });

/** NIST SP 800-63B §5.1.1.2: at least 8 characters, and at least 64 allowed. */
export const passwordMinCharacters = 8;
/**
 * Longer input is refused before any hashing: argon2 pre-hashes the password with BLAKE2b, so the
 * cost of a long one is small, but the request still carries and normalizes it; 1024 bytes is far
 * beyond any passphrase.
 */
export const passwordMaxBytes = 1024;

const saltBytes = 16;
const hashBytes = 32;
/** The argon2 version the PHC strings carry (0x13, the only one the library computes). */
const argon2Version = 19;

const tooShort: LocalizedMessage = {
  fr: `Le mot de passe doit contenir au moins ${passwordMinCharacters} caractères.`,
  en: `The password must be at least ${passwordMinCharacters} characters long.`,
};
const tooLong: LocalizedMessage = {
  fr: `Le mot de passe est trop long (${passwordMaxBytes} octets au plus).`,
  en: `The password is too long (${passwordMaxBytes} bytes at most).`,
};

/**
 * The bytes that are hashed: the password in Unicode NFKC, so the same password typed on another
 * keyboard or system (composed or decomposed accents, full-width forms) matches; refused with a
 * `ValidationError` (fr + en) when shorter than 8 characters or longer than 1024 UTF-8 bytes.
 */
export function passwordBytes(password: string): Buffer {
  // Every UTF-16 unit is at least one UTF-8 byte, and NFKC at most shrinks a combining sequence to
  // one character: refuse huge input before normalizing it.
  if (password.length > passwordMaxBytes * 4) throw tooLongError();
  const normalized = password.normalize('NFKC');
  const bytes = Buffer.from(normalized, 'utf8');
  if (bytes.length > passwordMaxBytes) throw tooLongError();
  // Characters, not UTF-16 units: an emoji counts once, as a person counts it.
  if ([...normalized].length < passwordMinCharacters) {
    throw new ValidationError([{ path: 'password', message: 'too_short' }], tooShort);
  }
  return bytes;
}

function tooLongError(): ValidationError {
  return new ValidationError([{ path: 'password', message: 'too_long' }], tooLong);
}

/**
 * The native addon, loaded on the first hash rather than with this module: a page that only shows
 * a password field (the log-in form's GET) does not pay the addon's load at a cold start.
 */
let argon2: Promise<typeof import('argon2')> | undefined;

async function argon2idBytes(
  password: Buffer,
  salt: Buffer,
  parameters: Argon2Parameters,
  length = hashBytes,
): Promise<Buffer> {
  argon2 ??= import('argon2');
  const { argon2id, hash } = await argon2;
  return hash(password, {
    type: argon2id,
    raw: true,
    salt,
    memoryCost: parameters.m,
    timeCost: parameters.t,
    parallelism: parameters.p,
    hashLength: length,
  });
}

/** PHC strings use standard base64 without padding. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` for `password`, with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const bytes = passwordBytes(password);
  const salt = randomBytes(saltBytes);
  const digest = await argon2idBytes(bytes, salt, passwordParameters);
  const { m, t, p } = passwordParameters;
  return `$argon2id$v=${argon2Version}$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(digest)}`;
}

interface ParsedPhc {
  parameters: Argon2Parameters;
  salt: Buffer;
  digest: Buffer;
}

/** 256 MiB, a quarter of the web function's memory. */
const maxStoredMemoryKib = 262_144;

const phcPattern =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{22,86})$/;

/**
 * Reads a stored PHC string; `undefined` for anything else (another algorithm or version, a
 * truncated or edited string, costs out of argon2's range), which then never verifies.
 */
function parsePhc(phc: string): ParsedPhc | undefined {
  const match = phcPattern.exec(phc);
  if (!match) return undefined;
  const [, m, t, p, salt, digest] = match;
  const parameters = { m: Number(m), t: Number(t), p: Number(p) };
  // argon2's own lower bounds, and an upper one on memory: an edited row must not make the 1024 MB
  // function allocate gigabytes.
  if (parameters.t < 1 || parameters.p < 1 || parameters.m < 8 * parameters.p) return undefined;
  if (parameters.m > maxStoredMemoryKib) return undefined;
  const saltBuffer = Buffer.from(salt ?? '', 'base64');
  const digestBuffer = Buffer.from(digest ?? '', 'base64');
  // Re-encoding must give back the same text: rejects non-canonical base64 (edited padding bits).
  if (b64(saltBuffer) !== salt || b64(digestBuffer) !== digest) return undefined;
  if (saltBuffer.length < 8 || digestBuffer.length < 16) return undefined;
  return { parameters, salt: saltBuffer, digest: digestBuffer };
}

function weaker(stored: Argon2Parameters, current: Readonly<Argon2Parameters>): boolean {
  return stored.m < current.m || stored.t < current.t || stored.p < current.p;
}

export interface PasswordCheck {
  ok: boolean;
  /** The password was right but the stored hash is below `passwordParameters`: store a new one. */
  needsRehash: boolean;
}

/**
 * Whether `password` matches the stored `phc`, comparing digests in constant time. An unusable
 * stored string verifies nothing (and takes the time of a dummy verification, see `dummyVerify`);
 * an out-of-limits password is refused with the same `ValidationError` as at sign-up, before any
 * hashing, whether or not the account exists.
 */
export async function verifyPassword(phc: string, password: string): Promise<PasswordCheck> {
  const bytes = passwordBytesForLogIn(password);
  const parsed = parsePhc(phc);
  if (!parsed) {
    await argon2idBytes(bytes, dummySalt, passwordParameters);
    return { ok: false, needsRehash: false };
  }
  // Recomputed at the stored costs and length, so the comparison runs over equal lengths.
  const digest = await argon2idBytes(bytes, parsed.salt, parsed.parameters, parsed.digest.length);
  const ok = timingSafeEqual(digest, parsed.digest);
  return { ok, needsRehash: ok && weaker(parsed.parameters, passwordParameters) };
}

/**
 * At log-in only the upper limit applies: a password set before a stricter minimum must still be
 * accepted, and the refusal of a too-long one says nothing about the account.
 */
function passwordBytesForLogIn(password: string): Buffer {
  if (password.length > passwordMaxBytes * 4) throw tooLongError();
  const bytes = Buffer.from(password.normalize('NFKC'), 'utf8');
  if (bytes.length > passwordMaxBytes) throw tooLongError();
  return bytes;
}

const dummySalt = randomBytes(saltBytes);

/**
 * The work of one verification at the current parameters, for a log-in whose address has no
 * account (or no password yet): that answer then takes as long as a wrong password for an existing
 * account, so timing does not tell which addresses have an account. Always `{ ok: false }`.
 */
export async function dummyVerify(password: string): Promise<PasswordCheck> {
  const bytes = passwordBytesForLogIn(password);
  await argon2idBytes(bytes, dummySalt, passwordParameters);
  return { ok: false, needsRehash: false };
}
