import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '../../infra/wiring';
import {
  keyringTicketSigner,
  lazyTicketSigner,
  parseTicketKeyring,
  type TicketSigner,
} from '../ticketing/ticket-signer';

/**
 * Secrets Manager, for the ticket signing key (decision 0016). There is no local engine for it: on
 * AWS the functions that sign read the secret once per container; the local twin generates a
 * keyring and passes it in the environment instead, so no test or `npm start` calls this client
 * (tests stub it with aws-sdk-client-mock).
 */
export function secretsManagerClient(vars: NodeJS.ProcessEnv): SecretsManagerClient {
  const region = vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION;
  if (!region) throw new Error('Missing environment variable AWS_REGION (Lambda sets it)');
  const agent = { keepAlive: true, maxSockets: 10 };
  return new SecretsManagerClient({
    region,
    // One small read per cold start; answer within 5 s or fail the invocation (SQS retries it).
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
      httpAgent: agent,
      httpsAgent: agent,
    },
  });
}

/** The text of a secret; throws when it has none (a binary secret is not a keyring). */
export async function readSecretString(client: SecretsManagerClient, secretId: string): Promise<string> {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (typeof answer.SecretString !== 'string') throw new Error(`Secret ${secretId} holds no text`);
  return answer.SecretString;
}

/** Signs with the keyring kept in `secretId`, read on first use and cached for the container's life. */
export function secretsManagerTicketSigner(client: SecretsManagerClient, secretId: string): TicketSigner {
  return lazyTicketSigner(async () => parseTicketKeyring(await readSecretString(client, secretId)));
}

/**
 * The ticket signer the environment asks for: the keyring itself (local twin) or the name of the
 * secret holding it (AWS). The client is only built when a secret is named.
 */
export function ticketSignerFromEnv(vars: NodeJS.ProcessEnv = process.env): TicketSigner {
  const inline = vars[env.ticketSigningKey];
  if (inline) return keyringTicketSigner(parseTicketKeyring(inline));
  const secretId = vars[env.ticketSigningSecret];
  if (secretId) return secretsManagerTicketSigner(secretsManagerClient(vars), secretId);
  throw new Error(
    `Missing environment variable ${env.ticketSigningSecret} (AWS) or ${env.ticketSigningKey} (local twin)`,
  );
}
