import { AwsV4Signer } from 'aws4fetch';
import { env } from '../../../infra/wiring';

/**
 * One signed call to an AWS JSON API (DynamoDB, SQS, SES v2), with the AWS SDK's standard retry
 * policy. Parvis calls these APIs directly instead of through the AWS SDK's clients, whose loading
 * alone tripled a function's cold start (decision 0005). On AWS the credentials are the function
 * role's, which Lambda puts in the environment; locally `PARVIS_ENDPOINT_*` points each service at
 * its engine and the twin sets fake credentials.
 */
export type AwsService = 'dynamodb' | 'sqs' | 'ses';

/** Signing name and endpoint host prefix of each service. */
const services: Record<AwsService, { signingName: string; host: string }> = {
  dynamodb: { signingName: 'dynamodb', host: 'dynamodb' },
  sqs: { signingName: 'sqs', host: 'sqs' },
  ses: { signingName: 'ses', host: 'email' },
};

export interface AwsCall {
  service: AwsService;
  /** AWS JSON 1.0 operation, sent as `X-Amz-Target` to `/` (DynamoDB, SQS). */
  target?: string;
  /** REST-JSON path (SES v2), e.g. `/v2/email/outbound-emails`. */
  path?: string;
  body: unknown;
  signal?: AbortSignal;
}

/** The policy of the AWS SDK's standard retry mode, which the SDK clients used before. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
}

export const standardRetry: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 20_000,
  attemptTimeoutMs: 10_000,
};

/** Error codes AWS uses for throttling; they are retried like 5xx answers. */
const throttlingCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
]);

/**
 * An error answered by an AWS service, shaped like the SDK's: `name` is the error code
 * (`ConditionalCheckFailedException` …) and the members of the error body (`CancellationReasons`
 * …) are copied onto it, so code written against the SDK's errors reads it unchanged.
 */
export class AwsError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };
  readonly retryable: boolean;
  [member: string]: unknown;

  constructor(code: string, message: string, status: number, requestId: string | undefined, members = {}) {
    super(message || code);
    Object.assign(this, members);
    this.name = code;
    this.$metadata = { httpStatusCode: status, requestId, attempts: 1 };
    this.retryable = status >= 500 || status === 429 || throttlingCodes.has(code);
  }
}

/** The service's regional endpoint on AWS; locally, its engine (`PARVIS_ENDPOINT_*`). */
export function serviceEndpoint(service: AwsService, vars: NodeJS.ProcessEnv): string {
  const region = vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION;
  return vars[env.endpoint(service)] ?? `https://${services[service].host}.${region}.amazonaws.com`;
}

export interface AwsClient {
  call<T>(request: AwsCall): Promise<T>;
}

/** A client for the environment `vars` (credentials, region, local endpoints). */
export function awsClient(vars: NodeJS.ProcessEnv, retry: RetryPolicy = standardRetry): AwsClient {
  const region = vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION;
  const accessKeyId = vars.AWS_ACCESS_KEY_ID;
  const secretAccessKey = vars.AWS_SECRET_ACCESS_KEY;
  const sessionToken = vars.AWS_SESSION_TOKEN;

  async function attempt<T>(request: AwsCall): Promise<T> {
    if (!region) throw new Error('AWS_REGION is not set: Lambda sets it, and so does the local twin');
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        'AWS credentials are missing: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them from the function role)',
      );
    }
    const endpoint = serviceEndpoint(request.service, vars);
    const headers: Record<string, string> = request.target
      ? { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': request.target }
      : { 'content-type': 'application/json' };
    const signed = await new AwsV4Signer({
      method: 'POST',
      url: new URL(request.path ?? '/', endpoint).href,
      headers,
      body: JSON.stringify(request.body),
      accessKeyId,
      secretAccessKey,
      sessionToken,
      service: services[request.service].signingName,
      region,
    }).sign();
    const timeout = AbortSignal.timeout(retry.attemptTimeoutMs);
    const response = await fetch(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body as string,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
    const text = await response.text();
    const body = parseJson(text);
    if (response.ok) return body as T;
    throw errorFrom(response, body, text);
  }

  return {
    async call<T>(request: AwsCall): Promise<T> {
      for (let attempts = 1; ; attempts++) {
        try {
          return await attempt<T>(request);
        } catch (error) {
          if (request.signal?.aborted || attempts >= retry.maxAttempts || !isRetryable(error)) {
            if (error instanceof AwsError) error.$metadata.attempts = attempts;
            throw error;
          }
          // Full jitter, as the SDK's standard mode: a random wait up to an exponential ceiling.
          const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempts - 1));
          await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
        }
      }
    },
  };
}

function parseJson(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Reads the error code the way the SDK does: `X-Amzn-ErrorType`, then `__type` or `code` in the body. */
function errorFrom(response: Response, body: unknown, text: string): AwsError {
  const members = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw =
    response.headers.get('x-amzn-errortype') ?? String(members.__type ?? members.code ?? members.Code ?? '');
  // `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`, `MessageRejected:http://…`
  const code = raw.split(':')[0]?.split('#').pop() || `Http${response.status}`;
  const message = String(members.message ?? members.Message ?? text.slice(0, 300));
  const { __type: _type, message: _m, Message: _M, ...rest } = members;
  return new AwsError(
    code,
    message,
    response.status,
    response.headers.get('x-amzn-requestid') ?? undefined,
    rest,
  );
}

/** Server faults, throttling, time-outs and network failures are retried; client errors are not. */
function isRetryable(error: unknown): boolean {
  if (error instanceof AwsError) return error.retryable;
  if (!(error instanceof Error)) return false;
  // fetch reports network failures as TypeError('fetch failed') and time-outs as TimeoutError.
  return error.name === 'TimeoutError' || (error.name === 'TypeError' && error.message === 'fetch failed');
}
