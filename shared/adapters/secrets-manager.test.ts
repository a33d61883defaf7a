import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { env } from '../../infra/wiring';
import { generateTicketKeyringText } from '../ticketing/ticket-signer';
import { verifyTicketToken } from '../ticketing/ticket-token';
import { secretsManagerClient, secretsManagerTicketSigner, ticketSignerFromEnv } from './secrets-manager';

// Secrets Manager has no local engine (DESIGN, convention 10): its client is stubbed.
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const payload = {
  ticketId: '01JF3Z8Q9V4K7N2M5P8R1T6W0X',
  orderId: '01JF3Z8Q9V4K7N2M5P8R1T6W0Y',
  eventId: '01JF3Z8Q9V4K7N2M5P8R1T6W0Z',
  occurrenceId: '01JF3Z8Q9V4K7N2M5P8R1T6W10',
  issuedAt: '2026-12-02T17:30:00.000Z',
};

describe('Secrets Manager ticket signer', () => {
  it('TIX-12 reads the keyring secret once per container and signs with it', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'parvis/ticket-signing' }).resolves({
      SecretString: generateTicketKeyringText(5),
    });
    const signer = secretsManagerTicketSigner(
      secretsManagerClient({ AWS_REGION: 'ca-central-1' }),
      'parvis/ticket-signing',
    );
    const tokens = await Promise.all([signer.sign(payload), signer.sign(payload)]);
    const keys = await signer.verifyingKeys();
    for (const token of tokens) expect(verifyTicketToken(token, keys)).toMatchObject({ ok: true, keyId: 5 });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('TIX-12 a failed read is retried on the next ticket, a binary secret is refused', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('ThrottlingException'))
      .resolvesOnce({ SecretBinary: new Uint8Array([1, 2, 3]) })
      .resolves({ SecretString: generateTicketKeyringText(6) });
    const signer = secretsManagerTicketSigner(
      secretsManagerClient({ AWS_REGION: 'ca-central-1' }),
      'parvis/key',
    );
    await expect(signer.sign(payload)).rejects.toThrow('ThrottlingException');
    await expect(signer.sign(payload)).rejects.toThrow('holds no text');
    expect(verifyTicketToken(await signer.sign(payload), await signer.verifyingKeys())).toMatchObject({
      ok: true,
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('TIX-12 the environment chooses: the twin passes the keyring itself, AWS names the secret', async () => {
    const local = ticketSignerFromEnv({ [env.ticketSigningKey]: generateTicketKeyringText(1) });
    expect((await local.verifyingKeys())[0]?.keyId).toBe(1);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);

    secrets.on(GetSecretValueCommand).resolves({ SecretString: generateTicketKeyringText(2) });
    const remote = ticketSignerFromEnv({
      AWS_REGION: 'ca-central-1',
      [env.ticketSigningSecret]: 'parvis/key',
    });
    expect((await remote.verifyingKeys())[0]?.keyId).toBe(2);
    expect(() => ticketSignerFromEnv({})).toThrow(env.ticketSigningSecret);
  });

  it('TIX-12 the local twin gives its functions a keyring of their own, no Secrets Manager needed', async () => {
    const twinEnv = inject('twin').env;
    expect(twinEnv[env.ticketSigningSecret]).toBeUndefined();
    const signer = ticketSignerFromEnv(twinEnv);
    expect(verifyTicketToken(await signer.sign(payload), await signer.verifyingKeys())).toMatchObject({
      ok: true,
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});
