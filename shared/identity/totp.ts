/**
 * TOTP second factor (RFC 6238) for log-in: required for staff, offered to organization members and
 * trainers (ROLE-03..05). Pure functions: the caller stores the secret and the last accepted step,
 * and passes the time from its Clock port, so nothing here reads the wall clock or a database.
 *
 * The configuration is fixed to SHA-1, 6 digits, 30 s: the only one every authenticator app
 * (Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…) honours; several silently
 * ignore `algorithm`/`digits`/`period` in the URI and would show codes that never verify.
 *
 * A 6-digit code is guessable in ~10^6 / 3 tries (three steps are accepted): the caller must count
 * failed codes in the log-in throttle, as it does for passwords.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { type Locale, ValidationError } from '../kernel/errors';
import { qrCodeSvg } from '../kernel/qr-code';

export const totpConfig = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** Steps accepted on either side of the current one: ±30 s of clock drift between phone and server. */
const driftSteps = 1;

/** 160 bits: the HMAC-SHA1 block the RFC recommends (RFC 4226 §4 R6), 32 base32 characters. */
const secretBytes = 20;

/** A fresh random secret, base32 (RFC 4648, no padding), as stored and as put in the URI. */
export function newTotpSecret(): string {
  // Copied into its own ArrayBuffer: a Buffer's `.buffer` may be a larger shared slab.
  return new Secret({ buffer: new Uint8Array(randomBytes(secretBytes)).buffer }).base32;
}

/** The secret in blocks of 4 for people who type it instead of scanning: "ABCD EFGH …". */
export function groupSecretForDisplay(secret: string): string {
  return (
    secret
      .replace(/\s+/g, '')
      .toUpperCase()
      .match(/.{1,4}/g) ?? []
  ).join(' ');
}

const qrTitle: Record<Locale, (issuer: string, account: string) => string> = {
  fr: (issuer, account) =>
    `Code QR à balayer avec une application d’authentification pour ajouter le compte ${issuer} de ${account}`,
  en: (issuer, account) =>
    `QR code to scan with an authenticator app to add the ${issuer} account of ${account}`,
};

export interface TotpEnrollment {
  /** `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30` */
  uri: string;
  /** The URI as a QR code, an `<svg role="img">` with a `<title>` and an `aria-label`. */
  qrSvg: string;
  /** The secret in blocks of 4, for manual entry. */
  secretForDisplay: string;
}

/**
 * What the enrollment page shows: the key URI, its QR code and the secret written out. The label
 * is the account (usually the e-mail) and the issuer prefixes it, so the app lists "Parvis (…)".
 * Neither may contain a colon: the key URI format uses it to separate them.
 */
export function totpEnrollment(input: {
  secret: string;
  accountLabel: string;
  issuer: string;
  locale?: Locale;
}): TotpEnrollment {
  const accountLabel = input.accountLabel.trim();
  const issuer = input.issuer.trim();
  const issues: { path: string; message: string }[] = [];
  if (!accountLabel || accountLabel.includes(':')) {
    issues.push({ path: 'accountLabel', message: 'must be non-empty and contain no colon' });
  }
  if (!issuer || issuer.includes(':')) {
    issues.push({ path: 'issuer', message: 'must be non-empty and contain no colon' });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const totp = new TOTP({
    issuer,
    label: accountLabel,
    issuerInLabel: true,
    secret: Secret.fromBase32(input.secret),
    ...totpConfig,
  });
  const uri = totp.toString();
  const svg = qrCodeSvg(uri, { errorCorrectionLevel: 'M', margin: 4 });
  const title = escapeXml(qrTitle[input.locale ?? 'fr'](issuer, accountLabel));
  const qrSvg = svg
    .trim()
    .replace(/^<svg /, `<svg role="img" aria-label="${title}" `)
    .replace(/^(<svg[^>]*>)/, `$1<title>${title}</title>`);
  return { uri, qrSvg, secretForDisplay: groupSecretForDisplay(totp.secret.base32) };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Longest input worth normalizing: a code with generous spacing; anything longer is not a code. */
const maxInputLength = 32;

/**
 * The 6 ASCII digits of what was typed, or null. NFKC folds full-width digits (a phone keyboard in
 * Japanese or Chinese input mode) and no-break spaces to ASCII; spaces and dashes of any kind
 * between digits are dropped, as apps display "123 456" and people copy "123-456".
 */
export function normalizeTotpCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > maxInputLength) return null;
  const code = input.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  return /^[0-9]{6}$/.test(code) ? code : null;
}

export type TotpVerification =
  | { ok: true; step: number }
  | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

/**
 * Checks a code typed at `now` against the secret. Accepts the current 30 s step and one on either
 * side. A code is single-use: a step at or before `lastUsedStep` is refused, so a code seen over a
 * shoulder or in a proxy log cannot be replayed, even within its window; the caller stores the
 * returned `step` as the new `lastUsedStep` (conditionally, so two concurrent log-ins with the same
 * code cannot both pass).
 *
 * Reasons: `malformed` (not 6 digits after normalization), `invalid` (wrong code), `replayed`
 * (right code, already used: the page can say "wait for the next code").
 */
export function verifyTotp(input: {
  secret: string;
  code: unknown;
  now: Date;
  lastUsedStep?: number | null;
}): TotpVerification {
  const code = normalizeTotpCode(input.code);
  if (code === null) return { ok: false, reason: 'malformed' };
  const secret = Secret.fromBase32(input.secret);
  const current = TOTP.counter({ period: totpConfig.period, timestamp: input.now.getTime() });
  const lastUsed = input.lastUsedStep ?? Number.NEGATIVE_INFINITY;
  const typed = Buffer.from(code);

  // Every candidate is computed and compared, matched or not, so timing says nothing about which.
  let accepted: number | null = null;
  let replayed = false;
  for (let step = Math.max(0, current - driftSteps); step <= current + driftSteps; step++) {
    const expected = HOTP.generate({
      secret,
      algorithm: totpConfig.algorithm,
      digits: totpConfig.digits,
      counter: step,
    });
    if (!timingSafeEqual(typed, Buffer.from(expected))) continue;
    if (step <= lastUsed) replayed = true;
    else accepted ??= step;
  }
  if (accepted !== null) return { ok: true, step: accepted };
  return { ok: false, reason: replayed ? 'replayed' : 'invalid' };
}
