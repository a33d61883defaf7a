import { HOTP, Secret, TOTP, URI } from 'otpauth';
import * as QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors';
import { fixedClock } from '../kernel/ports';
import {
  groupSecretForDisplay,
  newTotpSecret,
  normalizeTotpCode,
  totpConfig,
  totpEnrollment,
  verifyTotp,
} from './totp';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const rfcSeed = '12345678901234567890';
const rfcSecret = Secret.fromLatin1(rfcSeed).base32;
const rfcVectors: { seconds: number; code: string }[] = [
  { seconds: 59, code: '94287082' },
  { seconds: 1111111109, code: '07081804' },
  { seconds: 1111111111, code: '14050471' },
  { seconds: 1234567890, code: '89005924' },
  { seconds: 2000000000, code: '69279037' },
  { seconds: 20000000000, code: '65353130' },
];

const at = (seconds: number) => new Date(seconds * 1000);
const stepOf = (date: Date) => Math.floor(date.getTime() / 30_000);
const codeAt = (step: number, secret = rfcSecret) =>
  HOTP.generate({ secret: Secret.fromBase32(secret), counter: step });

describe('TOTP library wiring (RFC 6238 appendix B, SHA-1)', () => {
  it.each(rfcVectors)('ROLE-05 otpauth gives the 8-digit RFC vector at T=$seconds', ({ seconds, code }) => {
    expect(
      TOTP.generate({
        secret: Secret.fromLatin1(rfcSeed),
        algorithm: 'SHA1',
        digits: 8,
        period: 30,
        timestamp: seconds * 1000,
      }),
    ).toBe(code);
  });

  it.each(rfcVectors)(
    'ROLE-05 verifyTotp (6 digits) accepts the RFC vector truncated to 6 digits at T=$seconds',
    ({ seconds, code }) => {
      const now = at(seconds);
      expect(verifyTotp({ secret: rfcSecret, code: code.slice(2), now })).toEqual({
        ok: true,
        step: stepOf(now),
      });
    },
  );

  it('ROLE-05 the production configuration is SHA-1, 6 digits, 30 s', () => {
    expect(totpConfig).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
  });
});

describe('verifyTotp', () => {
  const clock = fixedClock('2025-03-14T15:09:26.000Z');
  const now = clock.now();
  const current = stepOf(now);

  it('ROLE-05 accepts the steps just before and after the current one (±30 s of clock drift)', () => {
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp({ secret: rfcSecret, code: codeAt(current + delta), now })).toEqual({
        ok: true,
        step: current + delta,
      });
    }
  });

  it('ROLE-05 refuses codes two steps away or more', () => {
    for (const delta of [-2, 2, -10, 10]) {
      expect(verifyTotp({ secret: rfcSecret, code: codeAt(current + delta), now })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('ROLE-05 refuses a wrong code, and a right code for another secret', () => {
    const wrong = String((Number(codeAt(current)) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp({ secret: rfcSecret, code: wrong, now })).toEqual({ ok: false, reason: 'invalid' });
    const other = Secret.fromLatin1('another staff secret').base32;
    expect(verifyTotp({ secret: rfcSecret, code: codeAt(current, other), now })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('ROLE-05 a code is single-use: the same step is refused once stored as lastUsedStep', () => {
    const code = codeAt(current);
    const first = verifyTotp({ secret: rfcSecret, code, now });
    expect(first).toEqual({ ok: true, step: current });
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp({ secret: rfcSecret, code, now, lastUsedStep })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    // Still refused 20 s later, while the code is inside the drift window.
    clock.advance(20_000);
    expect(verifyTotp({ secret: rfcSecret, code, now: clock.now(), lastUsedStep })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    clock.set(now);
  });

  it('ROLE-05 refuses older steps than the last used one, accepts the next', () => {
    expect(verifyTotp({ secret: rfcSecret, code: codeAt(current - 1), now, lastUsedStep: current })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ secret: rfcSecret, code: codeAt(current + 1), now, lastUsedStep: current })).toEqual({
      ok: true,
      step: current + 1,
    });
    // After a code from the phone's fast clock (step +1), the current step's code is spent too.
    expect(verifyTotp({ secret: rfcSecret, code: codeAt(current), now, lastUsedStep: current + 1 })).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('ROLE-03 ROLE-04 ROLE-05 accepts codes typed with spaces, a dash or full-width digits', () => {
    const code = codeAt(current);
    const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    for (const typed of [
      `${code.slice(0, 3)} ${code.slice(3)}`,
      `${code.slice(0, 3)}-${code.slice(3)}`,
      `${code.slice(0, 3)}\u2013${code.slice(3)}`,
      ` ${code}\n`,
      `${code.slice(0, 3)}\u00a0${code.slice(3)}`,
      fullWidth,
      `${fullWidth.slice(0, 3)}\u3000${fullWidth.slice(3)}`,
    ]) {
      expect(verifyTotp({ secret: rfcSecret, code: typed, now }), JSON.stringify(typed)).toEqual({
        ok: true,
        step: current,
      });
    }
  });

  it('ROLE-05 refuses anything but 6 digits as malformed, without throwing', () => {
    const code = codeAt(current);
    for (const typed of [
      '',
      code.slice(0, 5),
      `${code}1`,
      `${code.slice(0, 5)}a`,
      '12345６7',
      '١٢٣٤٥٦',
      '-1e5',
      '1'.repeat(10_000),
      Number(code),
      null,
      undefined,
      { toString: () => code },
    ]) {
      expect(verifyTotp({ secret: rfcSecret, code: typed, now })).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(normalizeTotpCode(`${code.slice(0, 3)} - ${code.slice(3)}`)).toBe(code);
  });
});

describe('newTotpSecret and totpEnrollment', () => {
  it('ROLE-05 draws a fresh 160-bit base32 secret each time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    }
  });

  it('ROLE-05 the key URI parses back with issuer, label, secret and the fixed parameters', async () => {
    const secret = newTotpSecret();
    const { uri } = totpEnrollment({ secret, accountLabel: 'ana.roy@example.org', issuer: 'Parvis' });
    expect(uri.startsWith('otpauth://totp/Parvis:ana.roy%40example.org?')).toBe(true);
    const parsed = URI.parse(uri);
    expect(parsed).toBeInstanceOf(TOTP);
    const totp = parsed as TOTP;
    expect(totp.issuer).toBe('Parvis');
    expect(totp.label).toBe('ana.roy@example.org');
    expect(totp.secret.base32).toBe(secret);
    expect([totp.algorithm, totp.digits, totp.period]).toEqual(['SHA1', 6, 30]);
    // A code the enrolled app would show verifies.
    const now = new Date('2025-06-01T12:00:00Z');
    expect(verifyTotp({ secret, code: totp.generate({ timestamp: now.getTime() }), now }).ok).toBe(true);
  });

  it('ROLE-05 the QR code is an SVG of the URI with an accessible title and label', async () => {
    const enrollment = totpEnrollment({
      secret: rfcSecret,
      accountLabel: 'ana@example.org',
      issuer: 'Parvis',
      locale: 'en',
    });
    const { qrSvg, uri } = enrollment;
    expect(qrSvg.startsWith('<svg role="img" aria-label="QR code to scan')).toBe(true);
    expect(qrSvg).toMatch(/<title>QR code to scan [^<]*Parvis account of ana@example\.org<\/title>/);
    expect(qrSvg.endsWith('</svg>')).toBe(true);
    // Stripped of the accessibility additions, it is exactly qrcode's rendering of the URI.
    const bare = qrSvg.replace(/ role="img" aria-label="[^"]*"/, '').replace(/<title>[^<]*<\/title>/, '');
    expect(bare).toBe((await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M' })).trim());
    const fr = totpEnrollment({ secret: rfcSecret, accountLabel: 'ana@example.org', issuer: 'Parvis' });
    expect(fr.qrSvg).toContain('<title>Code QR à balayer');
  });

  it('ROLE-05 escapes the account label inside the SVG', async () => {
    const { qrSvg } = totpEnrollment({
      secret: rfcSecret,
      accountLabel: '"><script>alert(1)</script>&',
      issuer: 'Parvis',
    });
    expect(qrSvg).not.toContain('<script>');
    expect(qrSvg).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
  });

  it('ROLE-05 writes the secret out in blocks of 4 for people who cannot scan', async () => {
    const { secretForDisplay } = totpEnrollment({
      secret: rfcSecret,
      accountLabel: 'ana@example.org',
      issuer: 'Parvis',
    });
    expect(rfcSecret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(secretForDisplay).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(groupSecretForDisplay('abcdefghij')).toBe('ABCD EFGH IJ');
  });

  it('ROLE-05 refuses an empty label or one with a colon (the URI label separator)', async () => {
    for (const accountLabel of ['', '  ', 'evil:ana@example.org']) {
      expect(() => totpEnrollment({ secret: rfcSecret, accountLabel, issuer: 'Parvis' })).toThrow(
        ValidationError,
      );
    }
    expect(() =>
      totpEnrollment({ secret: rfcSecret, accountLabel: 'ana@example.org', issuer: 'Par:vis' }),
    ).toThrow(ValidationError);
  });
});
