import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { env } from '../../infra/wiring';
import { filePaymentSecrets, paymentSecretsFromEnv, secretsManagerPaymentSecrets } from './payment-secrets';
import { secretsManagerClient } from './secrets-manager';

// Secrets Manager has no local engine (DESIGN, convention 10): its client is stubbed.
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

const client = () => secretsManagerClient({ AWS_REGION: 'ca-central-1' });
const notFound = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

describe('payment secret stores', () => {
  it('TIX-01 Secrets Manager: created at the first save, a new version after; each version read once per container', async () => {
    secrets
      .on(PutSecretValueCommand)
      .rejectsOnce(notFound())
      .resolves({})
      .on(CreateSecretCommand)
      .resolves({})
      .on(GetSecretValueCommand, { SecretId: 'parvis/payments/ORG-A/stripe' })
      .resolves({ SecretString: '{"provider":"stripe"}' });
    const store = secretsManagerPaymentSecrets(client(), 'parvis/payments/');
    await store.put('ORG-A/stripe', '{"provider":"stripe"}');
    await store.put('ORG-A/stripe', '{"provider":"stripe"}');
    expect(secrets.commandCalls(CreateSecretCommand)).toHaveLength(1);
    expect(secrets.commandCalls(CreateSecretCommand)[0]?.args[0].input.Name).toBe(
      'parvis/payments/ORG-A/stripe',
    );
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(2);
    expect(await store.get('ORG-A/stripe', 'v1')).toBe('{"provider":"stripe"}');
    expect(await store.get('ORG-A/stripe', 'v1')).toBe('{"provider":"stripe"}');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    await store.get('ORG-A/stripe', 'v2');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('TIX-01 Secrets Manager: a missing secret reads as absent, two first saves racing both land, errors carry no secret', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejects(notFound())
      .on(PutSecretValueCommand)
      .rejectsOnce(notFound())
      .rejectsOnce(Object.assign(new Error('boom sk_live_DoNotLeak'), { name: 'InternalServiceError' }))
      .resolves({})
      .on(CreateSecretCommand)
      .rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    const store = secretsManagerPaymentSecrets(client(), 'p/');
    expect(await store.get('ORG-X/paypal', 'v1')).toBeUndefined();
    const failed = await store.put('ORG-X/paypal', 'secret-value').catch((error: unknown) => error);
    expect((failed as Error).name).toBe('InternalServiceError');
    expect(JSON.stringify(failed)).not.toContain('secret-value');
    await store.put('ORG-X/paypal', 'secret-value');
  });

  it('TIX-01 the local store: one 0600 file per secret in a 0700 directory, atomically replaced', async () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'parvis-secrets-test-')), 'store');
    const store = filePaymentSecrets(directory);
    expect(await store.get('ORG-A/stripe', 'v1')).toBeUndefined();
    await store.put('ORG-A/stripe', 'first');
    await store.put('ORG-A/stripe', 'second');
    expect(await filePaymentSecrets(directory).get('ORG-A/stripe', 'v2')).toBe('second');
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    const files = readdirSync(directory);
    expect(files).toEqual(['ORG-A%2Fstripe.json']);
    expect(statSync(join(directory, files[0] ?? '')).mode & 0o777).toBe(0o600);
  });

  it('TIX-01 the environment chooses: the twin names a directory, AWS a prefix in Secrets Manager', async () => {
    const twinEnv = inject('twin').env;
    expect(twinEnv[env.paymentSecretsDir]).toBeTruthy();
    const local = paymentSecretsFromEnv(twinEnv);
    expect(await local.get('ORG-NONE/stripe', 'v')).toBeUndefined();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    secrets.on(GetSecretValueCommand, { SecretId: 'custom/ORG-A/stripe' }).resolves({ SecretString: 'x' });
    const remote = paymentSecretsFromEnv({
      AWS_REGION: 'ca-central-1',
      [env.paymentSecretsPrefix]: 'custom/',
    });
    expect(await remote.get('ORG-A/stripe', 'v')).toBe('x');
  });
});
