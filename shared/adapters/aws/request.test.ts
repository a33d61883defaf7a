import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsError, awsClient, type RetryPolicy, serviceEndpoint } from './request';

/** A scripted AWS endpoint on loopback: each request gets the next answer and is recorded. */
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Drop the connection without answering. */
  hangUp?: boolean;
}

let server: Server;
let endpoint: string;
let answers: Answer[] = [];
const received: { headers: IncomingMessage['headers']; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, url: request.url ?? '', body });
      const answer = answers.shift() ?? { status: 200, body: {} };
      if (answer.hangUp) {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  answers = [];
  received.length = 0;
});

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SDK signer expects. */
class NodeSha256 {
  private hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const fast: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, attemptTimeoutMs: 2_000 };

function client(vars: Record<string, string> = {}, retry = fast) {
  return awsClient(
    {
      AWS_REGION: 'ca-central-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'session-token',
      PARVIS_ENDPOINT_DYNAMODB: endpoint,
      PARVIS_ENDPOINT_SES: endpoint,
      ...vars,
    },
    retry,
  );
}

describe('signed AWS calls (PLAT-03)', () => {
  it('signs exactly as the AWS SDK signer does (SigV4, session token, JSON 1.0 target)', async () => {
    answers = [{ status: 200, body: { Item: { pk: { S: 'a' } } } }];
    const result = await client().call({
      service: 'dynamodb',
      target: 'DynamoDB_20120810.GetItem',
      body: { TableName: 't' },
    });
    expect(result).toEqual({ Item: { pk: { S: 'a' } } });

    const [request] = received;
    if (!request) throw new Error('no request received');
    expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request.headers['x-amz-security-token']).toBe('session-token');

    const amzDate = String(request.headers['x-amz-date']);
    const signer = new SignatureV4({
      service: 'dynamodb',
      region: 'ca-central-1',
      sha256: NodeSha256 as never,
      // Signing the body hash header and content-type is optional outside S3; Parvis signs neither.
      applyChecksum: false,
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        sessionToken: 'session-token',
      },
    });
    const url = new URL(endpoint);
    const expected = await signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.GetItem',
        },
        body: request.body,
      },
      {
        unsignableHeaders: new Set(['content-type']),
        signingDate: new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        ),
      },
    );
    const signature = (header: unknown) => String(header).match(/Signature=([0-9a-f]{64})/)?.[1];
    expect(signature(request.headers.authorization)).toBeDefined();
    expect(signature(request.headers.authorization)).toBe(signature(expected.headers.authorization));
    expect(String(request.headers.authorization)).toContain(
      'SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target',
    );
    expect(String(request.headers.authorization)).toContain(
      `Credential=AKIDEXAMPLE/${amzDate.slice(0, 8)}/ca-central-1/dynamodb/aws4_request`,
    );
  });

  it('posts REST-JSON calls to their path (SES v2)', async () => {
    answers = [{ status: 200, body: { MessageId: 'm-1' } }];
    const result = await client().call<{ MessageId: string }>({
      service: 'ses',
      path: '/v2/email/outbound-emails',
      body: { FromEmailAddress: 'a@example.org' },
    });
    expect(result.MessageId).toBe('m-1');
    expect(received[0]?.url).toBe('/v2/email/outbound-emails');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.headers.authorization).toContain('/ca-central-1/ses/aws4_request');
  });

  it('names errors as the SDK does and copies their members (conditional check, cancelled transaction)', async () => {
    answers = [
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: 'Transaction cancelled',
          CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'failed' }],
        },
        headers: { 'x-amzn-requestid': 'req-1' },
      },
    ];
    const error = await client()
      .call({ service: 'dynamodb', target: 'DynamoDB_20120810.TransactWriteItems', body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      message: 'Transaction cancelled',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'failed' }],
      $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1 },
    });
    expect(received).toHaveLength(1);
  });

  it('reads the error code from X-Amzn-ErrorType (REST-JSON) and never retries a client error', async () => {
    answers = [
      {
        status: 400,
        body: { message: 'Email address is not verified.' },
        headers: {
          'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
        },
      },
    ];
    await expect(
      client().call({ service: 'ses', path: '/v2/email/outbound-emails', body: {} }),
    ).rejects.toMatchObject({ name: 'MessageRejected', message: 'Email address is not verified.' });
    expect(received).toHaveLength(1);
  });

  it('retries server faults and throttling, then succeeds', async () => {
    answers = [
      { status: 500, body: { __type: 'InternalServerError', message: 'boom' } },
      {
        status: 400,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
      },
      { status: 200, body: { ok: true } },
    ];
    await expect(
      client().call({ service: 'dynamodb', target: 'DynamoDB_20120810.PutItem', body: {} }),
    ).resolves.toEqual({
      ok: true,
    });
    expect(received).toHaveLength(3);
    // Each attempt is signed again (fresh date), with the same body.
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
  });

  it('gives up after the last attempt and says how many were made', async () => {
    answers = [
      { status: 503, body: { __type: 'ServiceUnavailable' } },
      { status: 503, body: { __type: 'ServiceUnavailable' } },
      { status: 503, body: { __type: 'ServiceUnavailable' } },
    ];
    await expect(
      client().call({ service: 'dynamodb', target: 'DynamoDB_20120810.PutItem', body: {} }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503, attempts: 3 } });
    expect(received).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    answers = [
      { status: 0, hangUp: true },
      { status: 200, body: { ok: 1 } },
    ];
    await expect(
      client().call({ service: 'dynamodb', target: 'DynamoDB_20120810.GetItem', body: {} }),
    ).resolves.toEqual({
      ok: 1,
    });
    expect(received).toHaveLength(2);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      client().call({
        service: 'dynamodb',
        target: 'DynamoDB_20120810.GetItem',
        body: {},
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(received).toHaveLength(0);
  });

  it('refuses to call without credentials or region, saying which variable is missing', async () => {
    await expect(
      client({ AWS_ACCESS_KEY_ID: '' }).call({
        service: 'dynamodb',
        target: 'DynamoDB_20120810.GetItem',
        body: {},
      }),
    ).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
    await expect(
      awsClient({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }).call({
        service: 'sqs',
        target: 'x',
        body: {},
      }),
    ).rejects.toThrow(/AWS_REGION/);
  });

  it('uses the regional AWS endpoint unless a local one is set', () => {
    const aws = { AWS_REGION: 'ca-central-1' };
    expect(serviceEndpoint('dynamodb', aws)).toBe('https://dynamodb.ca-central-1.amazonaws.com');
    expect(serviceEndpoint('sqs', aws)).toBe('https://sqs.ca-central-1.amazonaws.com');
    expect(serviceEndpoint('ses', aws)).toBe('https://email.ca-central-1.amazonaws.com');
    expect(serviceEndpoint('ses', { ...aws, PARVIS_ENDPOINT_SES: 'http://127.0.0.1:8005' })).toBe(
      'http://127.0.0.1:8005',
    );
  });
});
