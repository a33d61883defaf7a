import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { qrCodeSvg } from '../kernel/qr-code';
import {
  rawPublicKey,
  signTicketToken,
  type TicketSigningKey,
  type TicketTokenPayload,
  verifyingKeyOf,
  verifyTicketToken,
} from './ticket-token';

function signingKey(keyId: number): TicketSigningKey {
  return { keyId, privateKey: generateKeyPairSync('ed25519').privateKey };
}

const payload: TicketTokenPayload = {
  ticketId: '01JF3Z8Q9V4K7N2M5P8R1T6W0X',
  orderId: '01JF3Z8Q9V4K7N2M5P8R1T6W0Y',
  eventId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
  occurrenceId: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
  issuedAt: '2026-12-02T17:30:00.000Z',
};

const key = signingKey(3);
const keys = [verifyingKeyOf(key)];

/** The token with byte `index` (of its decoded form) replaced by `transform(byte)`. */
function withByte(token: string, index: number, transform: (byte: number) => number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] = transform(bytes[index] as number) & 0xff;
  return bytes.toString('base64url');
}

describe('ticket tokens', () => {
  it('TIX-12 round trip: a signed token verifies offline with the public key and gives back its payload', () => {
    const token = signTicketToken(payload, key);
    expect(verifyTicketToken(token, keys)).toEqual({ ok: true, version: 1, keyId: 3, payload });
  });

  it('TIX-12 the token is compact: four ULIDs fit in 184 base64url characters, a version 10 QR code at level M', () => {
    const token = signTicketToken(payload, key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBe(184);
    // At most version 10 (57 modules, plus the 4-module quiet zone on each side).
    const width = Number(qrCodeSvg(token, { errorCorrectionLevel: 'M' }).match(/viewBox="0 0 (\d+)/)?.[1]);
    expect(width).toBeGreaterThan(0);
    expect(width).toBeLessThanOrEqual(57 + 8);
  });

  it('TIX-12 ids of any other shape round-trip too, and the time is kept to the second', () => {
    const odd = {
      ticketId: 'T-1',
      orderId: 'commande-éè',
      eventId: '01jf3z8q9v4k7n2m5p8r1t6w0x',
      occurrenceId: 'x'.repeat(64),
      issuedAt: '2026-12-02T17:30:00.999Z',
    };
    const check = verifyTicketToken(signTicketToken(odd, key), keys);
    expect(check).toEqual({
      ok: true,
      version: 1,
      keyId: 3,
      payload: { ...odd, issuedAt: '2026-12-02T17:30:00.000Z' },
    });
    expect(() => signTicketToken({ ...odd, ticketId: '' }, key)).toThrow(RangeError);
    expect(() => signTicketToken({ ...odd, ticketId: 'x'.repeat(65) }, key)).toThrow(RangeError);
  });

  it('TIX-12 nothing personal: the token holds the ids and the time, no name or e-mail', () => {
    const bytes = Buffer.from(signTicketToken({ ...payload, ticketId: 'Marie-Ève' }, key), 'base64url');
    // version, key id, tagged ticket id (1 + 10 bytes), three ULIDs (3 × 17), time, signature.
    expect(bytes.length).toBe(2 + 11 + 51 + 4 + 64);
  });

  it('TIX-12 refuses every tampered byte: header, ids, time, signature', () => {
    const token = signTicketToken(payload, key);
    const length = Buffer.from(token, 'base64url').length;
    const reasons = new Set<string>();
    for (let index = 0; index < length; index++) {
      for (const flip of [0x01, 0x80]) {
        const check = verifyTicketToken(
          withByte(token, index, (byte) => byte ^ flip),
          keys,
        );
        expect(check.ok, `byte ${index} xor ${flip}`).toBe(false);
        if (!check.ok) reasons.add(check.reason);
      }
    }
    // Byte 0 is the version, byte 1 the key id, id tags change the layout, the rest the signature.
    expect([...reasons].sort()).toEqual(['badSignature', 'malformed', 'unknownKey', 'unsupportedVersion']);
    expect(
      verifyTicketToken(
        withByte(token, 10, (byte) => byte ^ 1),
        keys,
      ),
    ).toEqual({
      ok: false,
      reason: 'badSignature',
    });
    expect(
      verifyTicketToken(
        withByte(token, 0, () => 2),
        keys,
      ),
    ).toEqual({
      ok: false,
      reason: 'unsupportedVersion',
    });
  });

  it('TIX-12 refuses malformed tokens: other alphabet, padding, non-canonical ends, truncated or extended', () => {
    const token = signTicketToken(payload, key);
    const bytes = Buffer.from(token, 'base64url');
    const malformed = [
      '',
      'not a token',
      `${token.slice(0, -1)}+`,
      `${token}=`,
      `${token}A`,
      token.slice(0, -1),
      token.slice(0, 100),
      Buffer.concat([bytes, Buffer.of(0)]).toString('base64url'),
      `https://example.org/?t=${token}`,
      'A'.repeat(5000),
    ];
    for (const candidate of malformed) {
      expect(verifyTicketToken(candidate, keys), candidate.slice(0, 40)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    // 125 bytes take 167 characters whose last one has 2 spare bits: another value there decodes to
    // the same bytes, and is refused all the same (one ticket, one token).
    const short = signTicketToken({ ...payload, ticketId: 'T-1' }, key);
    expect(short.length).toBe(167);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = short.slice(0, -1) + alphabet[alphabet.indexOf(short.at(-1) as string) ^ 1];
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(short, 'base64url'));
    expect(verifyTicketToken(short, keys).ok).toBe(true);
    expect(verifyTicketToken(twin, keys)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTicketToken(null as unknown as string, keys)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('TIX-12 refuses a token signed by another key, even under a key id the scanner knows', () => {
    const stranger = signingKey(3);
    const check = verifyTicketToken(signTicketToken(payload, stranger), keys);
    expect(check).toEqual({ ok: false, reason: 'badSignature' });
    expect(verifyTicketToken(signTicketToken(payload, signingKey(9)), keys)).toEqual({
      ok: false,
      reason: 'unknownKey',
    });
  });

  it('TIX-12 rotation: tickets of the retired key still scan while both keys are listed, and stop when it is dropped', () => {
    const oldKey = signingKey(1);
    const newKey = signingKey(2);
    const oldTicket = signTicketToken(payload, oldKey);
    const newTicket = signTicketToken(payload, newKey);
    const duringRotation = [verifyingKeyOf(newKey), verifyingKeyOf(oldKey)];
    expect(verifyTicketToken(oldTicket, duringRotation)).toMatchObject({ ok: true, keyId: 1 });
    expect(verifyTicketToken(newTicket, duringRotation)).toMatchObject({ ok: true, keyId: 2 });
    const afterwards = [verifyingKeyOf(newKey)];
    expect(verifyTicketToken(oldTicket, afterwards)).toEqual({ ok: false, reason: 'unknownKey' });
    expect(verifyTicketToken(newTicket, afterwards)).toMatchObject({ ok: true });
  });

  it('TIX-12 a browser verifies the same bytes with WebCrypto and the raw public key', async () => {
    const token = signTicketToken(payload, key);
    const bytes = Buffer.from(token, 'base64url');
    const publicKey = await crypto.subtle.importKey(
      'raw',
      Buffer.from(rawPublicKey(keys[0] as (typeof keys)[0]), 'base64url'),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const signed = bytes.subarray(0, bytes.length - 64);
    const signature = bytes.subarray(bytes.length - 64);
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, signed)).toBe(true);
    signed[5] = (signed[5] as number) ^ 1;
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, signed)).toBe(false);
  });

  it('TIX-12 refuses to sign with a key id out of range or a key that is not Ed25519', () => {
    expect(() => signTicketToken(payload, { ...key, keyId: 256 })).toThrow(RangeError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => signTicketToken(payload, { keyId: 1, privateKey: rsa })).toThrow(TypeError);
    expect(() => signTicketToken({ ...payload, issuedAt: 'yesterday' }, key)).toThrow(RangeError);
  });
});
