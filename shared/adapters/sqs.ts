import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueuePublisher } from '../kernel/ports';
import { awsClient } from './aws-clients';

/** The SQS client of a container. */
export function sqsClient(vars: NodeJS.ProcessEnv): SQSClient {
  return awsClient(SQSClient, 'sqs', vars);
}

/** The QueuePublisher port over SQS; queue URLs come from the wiring's environment variables. */
export function sqsPublisher(sqs: SQSClient, queueUrl: (queue: string) => string): QueuePublisher {
  return {
    async publish(queue, messages, options = {}) {
      const url = queueUrl(queue);
      // SendMessageBatch takes at most 10 entries.
      for (let start = 0; start < messages.length; start += 10) {
        const chunk = messages.slice(start, start + 10);
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
              DelaySeconds: options.delaySeconds,
            })),
          }),
        );
        if (result.Failed?.length) {
          const first = result.Failed[0];
          throw new Error(
            `SQS refused ${result.Failed.length} message(s) on ${queue}: ${first?.Code} ${first?.Message}`,
          );
        }
      }
    },
  };
}
