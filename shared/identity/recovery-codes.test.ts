import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  matchRecoveryCode,
  newRecoveryCodes,
  normalizeRecoveryCode,
  recoveryCodeAlphabet,
  recoveryCodeDigest,
} from './recovery-codes';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('newRecoveryCodes', () => {
  it('ROLE-05 gives 10 distinct codes formatted xxxxx-xxxxx from the unambiguous alphabet', () => {
    const { codes, digests } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(new Set(digests).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(code).not.toMatch(/[01oil]/);
      for (const char of code.replace('-', '')) expect(recoveryCodeAlphabet).toContain(char);
    }
    expect(recoveryCodeAlphabet).toHaveLength(31);
    expect(recoveryCodeAlphabet).not.toMatch(/[01oil]/);
    expect(new Set(recoveryCodeAlphabet).size).toBe(31);
  });

  it('ROLE-05 stores the SHA-256 of each code without its dash, index for index, never the code', () => {
    const { codes, digests } = newRecoveryCodes();
    expect(digests).toEqual(codes.map((code) => sha256(code.replace('-', ''))));
    for (const digest of digests) expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeDigest('abcdefghjk')).toBe(sha256('abcdefghjk'));
  });

  it('ROLE-05 gives a different set each time', () => {
    const a = newRecoveryCodes().codes;
    const b = newRecoveryCodes().codes;
    expect(a.filter((code) => b.includes(code))).toEqual([]);
  });
});

/**
 * Whether every character of the alphabet appears within `tolerance` of the mean frequency.
 * Tolerance 6 % with 500,000 characters (mean ≈ 16,129, σ ≈ 125, so 6 % ≈ 7.7 σ): a fair generator
 * fails it with a probability under 10^-12, while the classic modulo bias of `byte % 31` (8 characters
 * 9 % too frequent) fails it every time, as the second test shows.
 */
function frequenciesWithin(chars: string, tolerance: number): { ok: boolean; worst: number } {
  const counts = new Map<string, number>([...recoveryCodeAlphabet].map((c) => [c, 0]));
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  const mean = chars.length / recoveryCodeAlphabet.length;
  const worst = Math.max(...[...counts.values()].map((count) => Math.abs(count - mean) / mean));
  return { ok: counts.size === recoveryCodeAlphabet.length && worst <= tolerance, worst };
}

describe('recovery code randomness', () => {
  it('ROLE-05 every character is equally likely over 50,000 codes (no modulo bias)', () => {
    let chars = '';
    for (let i = 0; i < 5_000; i++) chars += newRecoveryCodes().codes.join('').replaceAll('-', '');
    expect(chars).toHaveLength(500_000);
    const { ok, worst } = frequenciesWithin(chars, 0.06);
    expect(ok, `worst deviation ${(worst * 100).toFixed(2)} %`).toBe(true);
  });

  it('ROLE-05 the frequency check catches a modulo-biased generator (the check has teeth)', () => {
    const bytes = randomBytes(500_000);
    let chars = '';
    for (const byte of bytes) chars += recoveryCodeAlphabet[byte % recoveryCodeAlphabet.length];
    expect(frequenciesWithin(chars, 0.06).ok).toBe(false);
  });
});

describe('matchRecoveryCode', () => {
  it('ROLE-03 ROLE-04 ROLE-05 finds the index of the code typed, whatever its case, spaces and dashes', () => {
    const { codes, digests } = newRecoveryCodes();
    const code = codes[3] ?? '';
    const bare = code.replace('-', '');
    const fullWidth = [...code.toUpperCase()]
      .map((c) => (c === '-' ? c : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
      .join('');
    for (const typed of [
      code,
      code.toUpperCase(),
      bare,
      ` ${bare.slice(0, 3)} ${bare.slice(3, 7)}-${bare.slice(7)} `,
      `${code.slice(0, 5)} - ${code.slice(6)}`,
      `${code.slice(0, 5)}\u2013${code.slice(6)}`,
      fullWidth,
    ]) {
      expect(matchRecoveryCode(typed, digests), JSON.stringify(typed)).toBe(3);
    }
  });

  it('ROLE-05 a used code, its digest removed, no longer matches; the others still do', () => {
    const { codes, digests } = newRecoveryCodes();
    const used = codes[0] ?? '';
    expect(matchRecoveryCode(used, digests)).toBe(0);
    const remaining = digests.filter((_, index) => index !== 0);
    expect(matchRecoveryCode(used, remaining)).toBe(-1);
    expect(matchRecoveryCode(codes[5], remaining)).toBe(4);
    expect(matchRecoveryCode(used, [])).toBe(-1);
  });

  it('ROLE-05 refuses wrong, malformed or foreign input without throwing', () => {
    const { codes, digests } = newRecoveryCodes();
    const code = codes[0] ?? '';
    const other = newRecoveryCodes().codes[0] ?? '';
    for (const typed of [
      other,
      code.slice(0, 10),
      `${code}a`,
      code.replace(/^./, '0'),
      '',
      'a'.repeat(10_000),
      null,
      undefined,
      42,
      { toString: () => code },
    ]) {
      expect(matchRecoveryCode(typed, digests), JSON.stringify(typed)).toBe(-1);
    }
    expect(normalizeRecoveryCode('ABCDE-FGHJK')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode('abcde-fghj0')).toBeNull();
    // A corrupted stored digest is skipped, not thrown on.
    expect(matchRecoveryCode(code, ['not hex', 'abc', ...digests])).toBe(2);
  });
});
