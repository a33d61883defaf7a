import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Deps } from '../../shared/deps';
import { errorFields } from '../../shared/kernel/logger';
import { containerDeps } from './deps';
import { requestLogging } from './logging';

/** What a record handler may answer: nothing (done) or `retry` (leave it for a later delivery). */
export type RecordResult = undefined | 'retry';

/**
 * The one middy stack of every SQS consumer: logging, then each record parsed against its
 * `events/` schema and handled on its own, failures reported per record (batchItemFailures) so one
 * bad message is retried, and after maxReceiveCount dead-lettered, without holding back the rest.
 */
export function queueConsumer<S extends z.ZodMiniType>(
  schema: S,
  handle: (deps: Deps, message: z.output<S>, record: SQSRecord) => Promise<RecordResult>,
) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(requestLogging())
    .handler(async (event) => {
      const deps = containerDeps();
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        try {
          const parsed = schema.safeParse(parseJson(record.body));
          if (!parsed.success) {
            throw new Error(`Message does not match its contract: ${parsed.error.message}`);
          }
          if ((await handle(deps, parsed.data, record)) === 'retry') {
            batchItemFailures.push({ itemIdentifier: record.messageId });
          }
        } catch (error) {
          deps.log.error('record failed', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            ...errorFields(error),
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
