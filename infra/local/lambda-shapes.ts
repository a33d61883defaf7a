import { randomUUID } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  Context,
  ScheduledEvent,
  SQSMessageAttribute,
  SQSRecord,
} from 'aws-lambda';
import { localAccountId, localRegion } from './local-aws';

/**
 * The objects Lambda hands a handler, built the way AWS builds them, so a handler cannot tell the
 * local runner from the real event source mapping or scheduler.
 */

/** What the runner knows of a function: enough to build its Context. */
export interface FunctionIdentity {
  name: string;
  memoryMb: number;
  timeoutSeconds: number;
}

/**
 * The log stream a container writes to, named as Lambda names it: the day the container started,
 * the version, and an id of its own. Every invocation a container serves carries the same name.
 */
export function containerLogStream(startedAt: Date, containerId: string): string {
  return `${startedAt.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${containerId}`;
}

/**
 * The variables the Lambda runtime adds to a function's own environment (the subset Parvis or its
 * libraries may read). Not AWS_EXECUTION_ENV or LAMBDA_TASK_ROOT: libraries that see those believe
 * they run on AWS (X-Ray, credential providers) and would reach for endpoints that are not there.
 */
export function lambdaEnvironment(fn: FunctionIdentity, logStreamName: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
  };
}

/** The Context of one invocation, served by the container writing to `logStreamName`. */
export function lambdaContext(
  fn: FunctionIdentity,
  invocation: { deadline: number; requestId: string; logStreamName: string },
): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: invocation.requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: invocation.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An SQS event record from a ReceiveMessage result, as the event source mapping shapes it. */
export function sqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? localAccountId,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, messageAttribute(value)]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? localRegion,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function messageAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? 'String',
  };
}

/** The event EventBridge Scheduler sends for a schedule firing at `at` (whole seconds, like AWS). */
export function scheduledEvent(scheduleName: string, at: Date): ScheduledEvent<Record<string, never>> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: localAccountId,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: localRegion,
    resources: [`arn:aws:scheduler:${localRegion}:${localAccountId}:schedule/default/${scheduleName}`],
    detail: {},
  };
}

/** Content types whose bodies a Function URL passes as text (`isBase64Encoded: false`). */
const textual =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|image\/svg\+xml)|\+(json|xml)\b/i;

/**
 * The event a Function URL hands its function (payload format 2.0) for one HTTP request: headers
 * lower-cased and joined, cookies apart, a textual body as text and any other base64-encoded.
 */
export function functionUrlEvent(request: {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  at?: Date;
}): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://local');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') cookies = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/;\s*/));
    else headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const at = request.at ?? new Date();
  const host = headers.host ?? 'localhost';
  const text = textual.test(headers['content-type'] ?? '') && !headers['content-encoding'];
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: at.toISOString(),
      timeEpoch: at.getTime(),
    },
    isBase64Encoded: request.body.length > 0 && !text,
    ...(request.body.length > 0
      ? { body: text ? request.body.toString('utf8') : request.body.toString('base64') }
      : {}),
  };
}
