import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { env } from '../../infra/wiring';
import type { PaymentSecrets } from '../payments/payment-accounts';
import { secretsManagerClient } from './secrets-manager';

/** Where the organizations' payment keys live on AWS, unless PARVIS_PAYMENT_SECRETS_PREFIX says otherwise. */
export const defaultPaymentSecretsPrefix = 'parvis/payments/';

/**
 * Reads of one secret version are kept for the container's life: the account item names the
 * version (`secretVersion`), so a key saved again is read afresh and an unchanged one costs no call.
 */
function cached(store: Omit<PaymentSecrets, 'get'> & { read(name: string): Promise<string | undefined> }) {
  const versions = new Map<string, Promise<string | undefined>>();
  return {
    put: store.put,
    get(name: string, version: string): Promise<string | undefined> {
      const key = `${name}@${version}`;
      let found = versions.get(key);
      if (!found) {
        found = store.read(name);
        versions.set(key, found);
        // A failed read is tried again next time.
        found.catch(() => versions.delete(key));
      }
      return found;
    },
  } satisfies PaymentSecrets;
}

const errorName = (error: unknown) => String((error as { name?: string } | null)?.name ?? '');

/**
 * AWS: one Secrets Manager secret per organization and provider, `<prefix><orgId>/<provider>`
 * (USD 0.40 a month each). Created at the first save, a new version at each later one. No local
 * engine exists: tested with aws-sdk-client-mock (DESIGN convention 10).
 */
export function secretsManagerPaymentSecrets(client: SecretsManagerClient, prefix: string): PaymentSecrets {
  const id = (name: string) => `${prefix}${name}`;
  return cached({
    async put(name, value) {
      try {
        await client.send(new PutSecretValueCommand({ SecretId: id(name), SecretString: value }));
      } catch (error) {
        if (errorName(error) !== 'ResourceNotFoundException') throw stripped(error);
        try {
          await client.send(
            new CreateSecretCommand({
              Name: id(name),
              SecretString: value,
              Description: 'Parvis: an organization’s payment provider keys (decision 0017)',
            }),
          );
        } catch (created) {
          // Two saves racing to create it: the other won, write this value as its next version.
          if (errorName(created) !== 'ResourceExistsException') throw stripped(created);
          await client.send(new PutSecretValueCommand({ SecretId: id(name), SecretString: value }));
        }
      }
    },
    async read(name) {
      try {
        const answer = await client.send(new GetSecretValueCommand({ SecretId: id(name) }));
        return answer.SecretString;
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return undefined;
        throw stripped(error);
      }
    },
  });
}

/** An SDK error without its request (whose body may hold the secret being written). */
function stripped(error: unknown): Error {
  const facts = new Error(String((error as { message?: unknown } | null)?.message ?? error));
  facts.name = errorName(error) || 'Error';
  return facts;
}

/**
 * Local twin and tests: one JSON file per secret in a directory only this user can read (0700,
 * files 0600), written to a temporary name then renamed, so a reader never sees half a file.
 */
export function filePaymentSecrets(directory: string): PaymentSecrets {
  const file = (name: string) => join(directory, `${encodeURIComponent(name)}.json`);
  return cached({
    async put(name, value) {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const temporary = `${file(name)}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, value, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, file(name));
    },
    async read(name) {
      try {
        return readFileSync(file(name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  });
}

/** The store the environment names: a local directory (twin) or Secrets Manager (AWS). */
export function paymentSecretsFromEnv(vars: NodeJS.ProcessEnv = process.env): PaymentSecrets {
  const directory = vars[env.paymentSecretsDir];
  if (directory) return filePaymentSecrets(directory);
  return secretsManagerPaymentSecrets(
    secretsManagerClient(vars),
    vars[env.paymentSecretsPrefix] ?? defaultPaymentSecretsPrefix,
  );
}
