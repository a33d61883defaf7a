import { randomUUID } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Context, ScheduledEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
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
