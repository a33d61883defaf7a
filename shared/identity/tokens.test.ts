import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isTokenShaped, newToken, tokenDigest, tokenLength, tokenMatchesDigest } from './tokens';

describe('newToken', () => {
  it('ROLE-02 gives 43 base64url characters that decode to 32 random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const token = newToken();
      expect(token).toHaveLength(tokenLength);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isTokenShaped(token)).toBe(true);
    }
  });

  it('ROLE-02 never repeats over 10,000 tokens, and every character position varies', () => {
    const tokens = Array.from({ length: 10_000 }, newToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    // A constant or counter-like part would show as a position that takes few values.
    for (let position = 0; position < tokenLength - 1; position++) {
      expect(new Set(tokens.map((token) => token[position])).size).toBe(64);
    }
  });
});

describe('isTokenShaped', () => {
  it('ROLE-02 refuses anything that is not 43 base64url characters', () => {
    const token = newToken();
    for (const bad of [
      token.slice(1),
      `${token}A`,
      `${token.slice(1)}+`,
      `${token.slice(1)}=`,
      '',
      42,
      null,
    ]) {
      expect(isTokenShaped(bad)).toBe(false);
    }
  });
});

describe('tokenDigest', () => {
  it('ROLE-02 stores the SHA-256 hex of the token: stable, 64 hex characters, never the token', () => {
    const token = newToken();
    const digest = tokenDigest(token);
    expect(digest).toBe(createHash('sha256').update(token).digest('hex'));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(token)).toBe(digest);
    expect(digest).not.toContain(token);
    expect(digest).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    expect(tokenDigest(newToken())).not.toBe(digest);
  });

  it('ROLE-02 matches a presented token against a stored digest, and nothing else', () => {
    const token = newToken();
    const digest = tokenDigest(token);
    expect(tokenMatchesDigest(token, digest)).toBe(true);
    expect(tokenMatchesDigest(newToken(), digest)).toBe(false);
    // The digest itself presented as a token must not match: a leaked table is no key.
    expect(tokenMatchesDigest(digest, digest)).toBe(false);
    expect(tokenMatchesDigest(token, digest.slice(0, 62))).toBe(false);
    expect(tokenMatchesDigest(token, 'not hex')).toBe(false);
  });
});
