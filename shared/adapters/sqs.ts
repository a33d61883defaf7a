import type { QueuePublisher } from '../kernel/ports';
import { sqsClient } from './aws-clients';

/** The QueuePublisher port over SQS; queue URLs come from the wiring's environment variables. */
export function sqsPublisher(vars: NodeJS.ProcessEnv, queueUrl: (queue: string) => string): QueuePublisher {
  return {
    async publish(queue, messages, options = {}) {
      const url = queueUrl(queue);
      const { client, sdk } = await sqsClient(vars);
      for (let start = 0; start < messages.length; start += 10) {
        const chunk = messages.slice(start, start + 10);
        const result = await client.send(
          new sdk.SendMessageBatchCommand({
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
