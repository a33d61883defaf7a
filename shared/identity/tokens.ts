/**
 * Secret tokens: session cookies, e-mail verification and password reset links (ROLE-02..05,
 * DESIGN "256-bit random session tokens stored hashed"). The token goes to the browser or the
 * e-mail; the table keeps only its SHA-256 digest, so a copy of the table gives no usable token.
 *
 * A fast unsalted hash is enough, unlike passwords: 256 random bits cannot be guessed or looked up
 * in a precomputed table, so nothing is gained by slowing the hash down.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const tokenBytes = 32;
/** base64url of 32 bytes, without padding. */
export const tokenLength = 43;

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** A new 256-bit random token from the system CSPRNG, base64url (43 characters, URL- and cookie-safe). */
export function newToken(): string {
  return randomBytes(tokenBytes).toString('base64url');
}

/** Whether `value` has the shape of a token: lets a handler refuse junk before any lookup. */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && tokenPattern.test(value);
}

/** What the table stores and looks tokens up by: the SHA-256 of the token, lower-case hex (64). */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares a presented token with a stored digest in constant time. A lookup by digest already
 * compares digests, not tokens, so this is for records fetched by another key (an account's
 * pending reset, say), where a plain `===` would leak the length of the matching prefix.
 */
export function tokenMatchesDigest(token: string, digest: string): boolean {
  const presented = Buffer.from(tokenDigest(token), 'hex');
  const stored = Buffer.from(digest, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
