import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  lazyTicketSigner,
  parseTicketKeyring,
} from './ticket-signer';
import { verifyTicketToken } from './ticket-token';

const payload = {
  ticketId: '01JF3Z8Q9V4K7N2M5P8R1T6W0X',
  orderId: '01JF3Z8Q9V4K7N2M5P8R1T6W0Y',
  eventId: '01JF3Z8Q9V4K7N2M5P8R1T6W0Z',
  occurrenceId: '01JF3Z8Q9V4K7N2M5P8R1T6W10',
  issuedAt: '2026-12-02T17:30:00.000Z',
};

describe('ticket signer', () => {
  it('TIX-12 a generated keyring signs tokens its own public keys verify', async () => {
    const signer = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(7)));
    const token = await signer.sign(payload);
    expect(verifyTicketToken(token, await signer.verifyingKeys())).toMatchObject({
      ok: true,
      keyId: 7,
      payload,
    });
  });

  it('TIX-12 rotation: the keyring lists the retired public keys after the current one', async () => {
    const old = parseTicketKeyring(generateTicketKeyringText(1));
    const oldPublicPem = (
      old.verifying[0]?.publicKey.export({ format: 'pem', type: 'spki' }) ?? ''
    ).toString();
    const rotated = JSON.parse(generateTicketKeyringText(2));
    rotated.retired = [{ keyId: 1, publicKeyPem: oldPublicPem }];
    const signer = keyringTicketSigner(parseTicketKeyring(JSON.stringify(rotated)));
    const keys = await signer.verifyingKeys();
    expect(keys.map((key) => key.keyId)).toEqual([2, 1]);
    const oldToken = await keyringTicketSigner(old).sign(payload);
    expect(verifyTicketToken(oldToken, keys)).toMatchObject({ ok: true, keyId: 1 });
    expect(verifyTicketToken(await signer.sign(payload), keys)).toMatchObject({ ok: true, keyId: 2 });
  });

  it('TIX-12 refuses keyrings that are not one, without echoing the secret', () => {
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => parseTicketKeyring('-----BEGIN PRIVATE KEY----- secret')).toThrow(
      /^The ticket signing keyring is not JSON$/,
    );
    expect(() => parseTicketKeyring(JSON.stringify({ keyId: 300, privateKeyPem: 'x' }))).toThrow(/keyId/);
    expect(() => parseTicketKeyring(JSON.stringify({ keyId: 1, privateKeyPem: rsaPem }))).toThrow(
      /not Ed25519/,
    );
    const current = JSON.parse(generateTicketKeyringText(1));
    expect(() =>
      parseTicketKeyring(JSON.stringify({ ...current, retired: [{ keyId: 1, publicKeyPem: '' }] })),
    ).toThrow(/own keyId/);
  });

  it('TIX-12 a seed keyring (the form CloudFormation generates on AWS) derives one Ed25519 key per seed', async () => {
    const seed = 'k3S9dPq2LmZx7VbN4rTw8YhJc6GfE1aUo5iQ0nWs';
    const signer = keyringTicketSigner(parseTicketKeyring(JSON.stringify({ keyId: 1, seed })));
    const again = keyringTicketSigner(parseTicketKeyring(JSON.stringify({ keyId: 1, seed })));
    const other = keyringTicketSigner(parseTicketKeyring(JSON.stringify({ keyId: 1, seed: `${seed}x` })));
    const keys = await signer.verifyingKeys();
    expect(keys[0]?.publicKey.asymmetricKeyType).toBe('ed25519');
    const token = await signer.sign(payload);
    // The same seed signs what its twin verifies, after a restart or in another container.
    expect(verifyTicketToken(token, await again.verifyingKeys())).toMatchObject({
      ok: true,
      keyId: 1,
      payload,
    });
    expect(verifyTicketToken(token, await other.verifyingKeys())).toMatchObject({
      ok: false,
      reason: 'badSignature',
    });
    expect(() => parseTicketKeyring(JSON.stringify({ keyId: 1, seed: 'short' }))).toThrow(/at least 32/);
    const pem = JSON.parse(generateTicketKeyringText(1)).privateKeyPem;
    expect(() => parseTicketKeyring(JSON.stringify({ keyId: 1, seed, privateKeyPem: pem }))).toThrow(
      /one of privateKeyPem or seed/,
    );
    expect(() => parseTicketKeyring(JSON.stringify({ keyId: 1 }))).toThrow(/one of privateKeyPem or seed/);
  });

  it('TIX-12 a lazy signer loads its keyring once, and again only after a failed load', async () => {
    let loads = 0;
    const text = generateTicketKeyringText(4);
    const signer = lazyTicketSigner(async () => {
      loads++;
      if (loads === 1) throw new Error('Secrets Manager unreachable');
      return parseTicketKeyring(text);
    });
    await expect(signer.sign(payload)).rejects.toThrow('unreachable');
    const tokens = await Promise.all([signer.sign(payload), signer.sign(payload), signer.verifyingKeys()]);
    expect(loads).toBe(2);
    expect(verifyTicketToken(tokens[0] as string, await signer.verifyingKeys())).toMatchObject({
      ok: true,
      keyId: 4,
    });
    expect(loads).toBe(2);
  });
});
