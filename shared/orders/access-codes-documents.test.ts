import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { chromiumPdfRenderer } from '../adapters/pdf-renderer';
import { s3FileStore } from '../adapters/s3-files';
import type { FileStore } from '../kernel/ports';
import { renderTemplate } from '../templates/email';
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  parseTicketKeyring,
} from '../ticketing/ticket-signer';
import { checkoutForm, type OrdersBed, ordersBed, organizerA, sellingEvent } from './orders.test-support';
import { type OrderDocumentsDeps, orderDocumentKey, sendOrderDocuments } from './send-order-documents';
import { startCheckout } from './start-checkout';

/**
 * TIX-10, TIX-13 through the real engines: an online event's registration confirmed, its tickets
 * rendered by Chromium into the twin's S3: each ticket shows its access code in place of the QR
 * code, with the access page's link; the confirmation e-mail lists the codes.
 */
let env: OrdersBed;
let files: FileStore;
const pdf = chromiumPdfRenderer();
const tickets = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(1)));
let deps: OrderDocumentsDeps;

beforeAll(async () => {
  env = await ordersBed('access-documents');
  files = s3FileStore(useTwin());
  deps = { ...env.deps, files, pdf, tickets };
}, 60_000);

afterAll(async () => {
  await pdf.close();
  await env?.stop();
});

async function pdfWords(key: string): Promise<string> {
  const object = await files.readStart({ bucket: 'documents', key, length: 10 * 1024 * 1024 });
  const dir = await mkdtemp(join(tmpdir(), 'parvis-access-tickets-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), object?.bytes ?? new Uint8Array());
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']);
    return stdout.replace(/\s+/g, ' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('access codes on the documents (TIX-13)', () => {
  it('TIX-10 TIX-13 an online event’s tickets show their access code and the access page; the e-mail lists the codes', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 0 }]);
    await env.deps.db.calendar.entities.event
      .patch({ eventId })
      .set({ online: true, onlineUrl: 'https://www.youtube.com/watch?v=parvis-docs' })
      .go();
    const form = checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 2 }], {
      locale: 'en',
    });
    const started = await startCheckout(env.deps, form);
    expect(started.status).toBe('paid');
    const { data: stored } = await env.deps.db.orders.entities.ticket.query
      .byOrder({ orderId: started.orderId })
      .go({ consistent: true });
    const codes = stored.map((ticket) => ticket.accessCode ?? '');
    expect(codes.every((code) => /^[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(code))).toBe(true);

    expect(await sendOrderDocuments(deps, { orderId: started.orderId })).toBe('sent');
    const words = await pdfWords(orderDocumentKey(started.orderId, `tickets-${started.orderId}.pdf`));
    const page = `${env.deps.config.siteUrl.replace(/\/$/, '')}/en/acces/${eventId}`;
    for (const code of codes) expect(words).toContain(code);
    expect(words).toContain('YOUR ACCESS CODE');
    expect(words).toContain(page);

    const { data: messages } = await env.deps.db.comms.entities.outboundMessage.query
      .byRecipient({ recipientKey: `email:${form.buyer.email.toLowerCase()}` })
      .go({ hydrate: true });
    const message = messages.find((entry) => entry.templateId === 'order.confirmation');
    const data = message?.data as Record<string, unknown>;
    expect(data).toMatchObject({ online: true, broadcastUrl: page, helpUrl: `${page}#assistance` });
    expect((data.accessCodes as { code: string }[]).map((entry) => entry.code).sort()).toEqual(
      [...codes].sort(),
    );
    const mail = renderTemplate('order.confirmation', 'en', data);
    expect(mail.text).toContain('Your access codes:');
    for (const code of codes) expect(mail.text).toContain(code);
  });
});
