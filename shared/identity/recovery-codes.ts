/**
 * Recovery codes: the way back in when the phone with the authenticator app is lost (ROLE-03..05).
 * Ten single-use codes are shown once at enrollment; only their SHA-256 digests are stored, and the
 * caller removes a digest when its code is used.
 *
 * A plain (unsalted) SHA-256 is enough here, unlike passwords: each code is 10 random characters
 * from 31 (~49.5 bits), so there is no dictionary to precompute and no slow hash is needed.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Lower-case letters and digits without the ones people confuse when reading or typing a printed
 * code: 0/o, 1/i/l. 23 letters + 8 digits = 31 characters.
 */
export const recoveryCodeAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

export const recoveryCodeCount = 10;
export const recoveryCodeLength = 10;

/** One random code of 10 characters, unformatted. */
function randomCode(): string {
  let code = '';
  for (let i = 0; i < recoveryCodeLength; i++) {
    // randomInt draws by rejection sampling: every character is equally likely (no modulo bias).
    code += recoveryCodeAlphabet[randomInt(recoveryCodeAlphabet.length)];
  }
  return code;
}

/** `abcde-fghjk`: two blocks of five, easier to read aloud and to copy by hand. */
function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The stored form of a code: hex SHA-256 of its normalized characters. */
export function recoveryCodeDigest(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/**
 * Ten distinct fresh codes to show once (`xxxxx-xxxxx`) and their digests to store, index for index.
 */
export function newRecoveryCodes(): { codes: string[]; digests: string[] } {
  const raw = new Set<string>();
  while (raw.size < recoveryCodeCount) raw.add(randomCode());
  const codes = [...raw];
  return { codes: codes.map(formatCode), digests: codes.map(recoveryCodeDigest) };
}

/** Longest input worth normalizing; anything longer is not a code. */
const maxInputLength = 64;

const codePattern = new RegExp(`^[${recoveryCodeAlphabet}]{${recoveryCodeLength}}$`);

/**
 * The 10 characters of what was typed, or null: case, spaces and dashes do not matter, and
 * full-width characters from a phone keyboard are folded to ASCII (NFKC).
 */
export function normalizeRecoveryCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > maxInputLength) return null;
  const code = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  return codePattern.test(code) ? code : null;
}

/**
 * The index in `digests` (the unused codes) of the code typed, or -1. Every digest is compared in
 * constant time and the loop never stops early, so timing tells nothing about which one matched.
 * The caller then removes that digest (conditionally, so the code cannot be used twice at once).
 */
export function matchRecoveryCode(input: unknown, digests: readonly string[]): number {
  const code = normalizeRecoveryCode(input);
  if (code === null) return -1;
  const typed = Buffer.from(recoveryCodeDigest(code), 'hex');
  let found = -1;
  digests.forEach((digest, index) => {
    const stored = Buffer.from(digest, 'hex');
    if (stored.length === typed.length && timingSafeEqual(stored, typed) && found === -1) found = index;
  });
  return found;
}
