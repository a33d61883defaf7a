import { outboundEmailMessage } from '../../events/outbound-email';
import { consumerOf } from '../../infra/wiring';
import { s3FileStore } from '../../shared/adapters/s3-files';
import { createMailSender } from '../../shared/adapters/ses';
import { createPacer } from '../../shared/comms/pacer';
import { sendQueuedEmail } from '../../shared/comms/send-queued-email';
import { containerDeps } from '../_middleware/deps';
import { queueConsumer } from '../_middleware/queue';

/** This function alone calls SES: the other functions and the web server only queue e-mails. */
const mail = createMailSender();
/** Reads the PDFs some e-mails carry from the documents bucket (decision 0018). */
const files = s3FileStore(process.env);

/** Each concurrent instance takes its share of the SES rate for the kind it sends. */
const rate = containerDeps().config.mailPolicy.ratePerSecond;
const pacers = {
  service: createPacer(rate.service / (consumerOf('outboundEmail')?.source.maxConcurrency ?? 1)),
  mass: createPacer(rate.mass / (consumerOf('massEmail')?.source.maxConcurrency ?? 1)),
};

/**
 * Only a message another sender holds right now is handed back to SQS: everything else is settled,
 * or waits in the table for the release schedule (deferred, backing off, unconfirmed).
 */
export const handler = queueConsumer(outboundEmailMessage, async (deps, message) => {
  const outcome = await sendQueuedEmail({ ...deps, mail, files }, { messageId: message.messageId, pacers });
  deps.log.info('e-mail handled', { messageId: message.messageId, outcome });
  return outcome === 'in-flight' ? 'retry' : undefined;
});
