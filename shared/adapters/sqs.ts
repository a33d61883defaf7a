import type { QueuePublisher } from '../kernel/ports';
import type { AwsClient } from './aws/request';

/** The QueuePublisher port over SQS; queue URLs come from the wiring's environment variables. */
export function sqsPublisher(aws: AwsClient, queueUrl: (queue: string) => string): QueuePublisher {
  return {
    async publish(queue, messages, options = {}) {
      const url = queueUrl(queue);
      for (let start = 0; start < messages.length; start += 10) {
        const chunk = messages.slice(start, start + 10);
        const result = await aws.call<{ Failed?: { Code?: string; Message?: string }[] }>({
          service: 'sqs',
          target: 'AmazonSQS.SendMessageBatch',
          body: {
            QueueUrl: url,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
              DelaySeconds: options.delaySeconds,
            })),
          },
        });
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
