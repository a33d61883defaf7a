import { orderConfirmedMessage } from '../../events/order-confirmed';
import { chromiumPdfRenderer } from '../../shared/adapters/pdf-renderer';
import { s3FileStore } from '../../shared/adapters/s3-files';
import { ticketSignerFromEnv } from '../../shared/adapters/secrets-manager';
import { sendOrderDocuments } from '../../shared/orders/send-order-documents';
import { queueConsumer } from '../_middleware/queue';

/**
 * TIX-10: a confirmed order's receipt and tickets rendered to PDF (headless Chromium, decision 0016)
 * and sent with the confirmation e-mail (decision 0018). The only function that launches Chromium
 * and signs tickets: its browser, S3 port and signer are built once per container.
 */
const files = s3FileStore(process.env);
const pdf = chromiumPdfRenderer();
const tickets = ticketSignerFromEnv(process.env);

export const handler = queueConsumer(orderConfirmedMessage, async (deps, message) => {
  const outcome = await sendOrderDocuments({ ...deps, files, pdf, tickets }, { orderId: message.orderId });
  deps.log.info('order documents handled', { orderId: message.orderId, outcome });
  return undefined;
});
