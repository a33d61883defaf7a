/**
 * The fake AWS identity of the local twin. The engines accept any credentials, but the SDK refuses to
 * sign without some, and fauxqs builds ARNs from the region found in the signature, so every client
 * (the twin's, the handlers', the web server's) must use the same region to see the same queues.
 */
export const localRegion = 'ca-central-1';

/** fauxqs's fixed account id: it is the one in the queue and topic ARNs it hands out. */
export const localAccountId = '000000000000';

/** Letters and digits only: DynamoDB Local (since 2.0) rejects any other access key id. */
export const localCredentials = { accessKeyId: 'parvislocal', secretAccessKey: 'parvislocal' } as const;

/** Options for an SDK client pointed at one local engine. */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: localRegion, credentials: localCredentials };
}

/** The variables that let SDK clients built from the environment work offline. */
export function localAwsEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
  };
}
