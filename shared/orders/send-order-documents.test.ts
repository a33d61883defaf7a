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
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  parseTicketKeyring,
} from '../ticketing/ticket-signer';
import { saveTicketingSettings } from '../ticketing/ticketing-settings';
import { accessTokenHash, readOrder } from './order-support';
import {
  activeStripeAccount,
  checkoutForm,
  deliver,
  type OrdersBed,
  ordersBed,
  organizerA,
  pay,
  sellingEvent,
} from './orders.test-support';
import { type OrderDocumentsDeps, orderDocumentKey, sendOrderDocuments } from './send-order-documents';
import { startCheckout } from './start-checkout';

/**
 * TIX-10 through the real engines: the order confirmed by checkout and the fake Stripe, the PDFs
 * rendered by Chromium into the twin's S3, the e-mail in the outbox of a private table. Faults are
 * injected where a Lambda could die: after the uploads and before the e-mail's transaction.
 */
let env: OrdersBed;
let files: FileStore;
const pdf = chromiumPdfRenderer();
const tickets = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(1)));
let deps: OrderDocumentsDeps;

beforeAll(async () => {
  env = await ordersBed('order-documents');
  await activeStripeAccount(env, organizerA.orgId);
  files = s3FileStore(useTwin());
  deps = { ...env.deps, files, pdf, tickets };
}, 60_000);

afterAll(async () => {
  await pdf.close();
  await env?.stop();
});

/** A paid order of two tickets (checkout, the buyer pays on the fake Stripe, the webhook confirms). */
async function paidOrder(options: { pickUpAtVenue?: boolean; locale?: 'fr' | 'en' } = {}) {
  const { eventId, ticketTypeIds } = await sellingEvent(
    env.deps,
    organizerA.orgId,
    [{ priceCents: 2500, taxes: 'added' }],
    { pickUpAtVenue: options.pickUpAtVenue ?? false },
  );
  const form = checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 2 }], {
    locale: options.locale ?? 'fr',
    ...(options.pickUpAtVenue ? { pickUpAtVenue: true } : {}),
  });
  const started = await startCheckout(env.deps, form);
  const outcome = await deliver(env.deps, await pay(env, started.redirectUrl ?? ''));
  expect(outcome).toMatchObject({ outcome: 'confirmed', orderId: started.orderId });
  return { orderId: started.orderId, eventId, email: form.buyer.email };
}

/** The words of a PDF of the documents bucket (pdftotext), spaces collapsed. */
async function pdfWords(key: string): Promise<string> {
  const object = await files.readStart({ bucket: 'documents', key, length: 10 * 1024 * 1024 });
  const dir = await mkdtemp(join(tmpdir(), 'parvis-order-receipt-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), object?.bytes ?? new Uint8Array());
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']);
    return stdout.replace(/\s+/g, ' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The e-mails in the outbox for `to`, with their attachments' references. */
async function outbox(to: string) {
  const { data } = await env.deps.db.comms.entities.outboundMessage.query
    .byRecipient({ recipientKey: `email:${to.toLowerCase()}` })
    .go({ hydrate: true });
  return data.filter((message) => message.templateId === 'order.confirmation');
}

describe('order documents (TIX-10)', () => {
  it('TIX-10 a paid order: receipt and tickets in the documents bucket, one e-mail in French with both attached', async () => {
    const { orderId, email } = await paidOrder();
    expect(await sendOrderDocuments(deps, { orderId })).toBe('sent');

    const [message, ...more] = await outbox(email);
    expect(more).toHaveLength(0);
    expect(message?.locale).toBe('fr');
    expect(message?.attachments).toEqual([
      {
        key: `orders/${orderId}/recu-${orderId}.pdf`,
        filename: `recu-${orderId}.pdf`,
        contentType: 'application/pdf',
      },
      {
        key: `orders/${orderId}/billets-${orderId}.pdf`,
        filename: `billets-${orderId}.pdf`,
        contentType: 'application/pdf',
      },
    ]);
    for (const attachment of message?.attachments ?? []) {
      const object = await files.readStart({ bucket: 'documents', key: attachment.key, length: 5 });
      expect(Buffer.from(object?.bytes ?? []).toString()).toBe('%PDF-');
    }
    // The receipt says what the order stored: taxes apart (added to the price), total, transaction.
    const order = await readOrder(env.deps, orderId);
    const receipt = await pdfWords(`orders/${orderId}/recu-${orderId}.pdf`);
    for (const expected of [
      'Reçu',
      orderId,
      'TPS (5 %) 2,50 $',
      'TVQ (9,975 %) 4,99 $',
      'Total 57,49 $',
      order?.transactionId ?? 'pi_',
    ]) {
      expect(receipt).toContain(expected);
    }
    const data = message?.data as Record<string, unknown>;
    expect(data).toMatchObject({
      registration: false,
      orderNumber: orderId,
      pickUpOnSite: false,
      ticketsAttached: true,
      online: false,
      totalCents: 5749,
      lines: [{ category: 'Catégorie 1', quantity: 2, unitPriceCents: 2500, taxCents: 749 }],
      taxes: [
        { label: 'TPS', amountCents: 250 },
        { label: 'TVQ', amountCents: 499 },
      ],
    });
    expect(data.cancelUrl).toBeUndefined();
    // The order page's link carries a token the order now accepts.
    const token = new URL(String(data.orderUrl)).searchParams.get('cle') ?? '';
    expect(String(data.orderUrl)).toContain(`/fr/commandes/${orderId}?cle=`);
    expect((await readOrder(env.deps, orderId))?.accessTokenHashes).toContain(accessTokenHash(token));
  });

  it('TIX-10 a crash after the uploads and before the e-mail: the redelivery sends exactly one e-mail', async () => {
    const { orderId, email } = await paidOrder();
    let puts = 0;
    const dying: OrderDocumentsDeps = {
      ...deps,
      files: {
        async put(request) {
          const stored = await files.put(request);
          puts += 1;
          // The second object is in S3; the process dies before the transaction of the e-mail.
          if (puts === 2)
            throw Object.assign(new Error('injected crash after the upload'), { name: 'InjectedCrash' });
          return stored;
        },
      },
    };
    await expect(sendOrderDocuments(dying, { orderId })).rejects.toThrow('injected crash');
    expect(
      await files.head({ bucket: 'documents', key: orderDocumentKey(orderId, `billets-${orderId}.pdf`) }),
    ).toBeDefined();
    expect(await outbox(email)).toHaveLength(0);

    expect(await sendOrderDocuments(deps, { orderId })).toBe('sent');
    expect(await sendOrderDocuments(deps, { orderId })).toBe('alreadySent');
    expect(await outbox(email)).toHaveLength(1);
  });

  it('TIX-10 two deliveries of the same message at once queue one e-mail', async () => {
    const { orderId, email } = await paidOrder();
    const outcomes = await Promise.all([
      sendOrderDocuments(deps, { orderId }),
      sendOrderDocuments(deps, { orderId }),
    ]);
    expect(outcomes.sort()).toEqual(['alreadySent', 'sent']);
    expect(await outbox(email)).toHaveLength(1);
  });

  it('TIX-04 TIX-10 tickets picked up at the venue: only the receipt is attached, in English for an English buyer', async () => {
    const { orderId, email } = await paidOrder({ pickUpAtVenue: true, locale: 'en' });
    expect(await sendOrderDocuments(deps, { orderId })).toBe('sent');
    const [message] = await outbox(email);
    expect(message?.locale).toBe('en');
    expect(message?.attachments?.map((attachment) => attachment.filename)).toEqual([
      `receipt-${orderId}.pdf`,
    ]);
    expect(message?.data).toMatchObject({ pickUpOnSite: true, ticketsAttached: false });
    expect(String((message?.data as Record<string, unknown> | undefined)?.orderUrl)).toContain(
      `/en/commandes/${orderId}?cle=`,
    );
  });

  it('TIX-06 TIX-10 TIX-11 a free registration: tickets only, the organizer message and the one-step cancellation link', async () => {
    const { eventId, ticketTypeIds } = await sellingEvent(env.deps, organizerA.orgId, [{ priceCents: 0 }]);
    await saveTicketingSettings(env.deps, {
      actor: { userId: `U-${organizerA.orgId}`, orgId: organizerA.orgId, staff: false },
      eventId,
      expectedVersion: 1,
      fields: {
        enabled: true,
        messages: { confirmation: { fr: 'Les portes ouvrent à 19 h.', en: 'Doors open at 7 pm.' } },
      },
    });
    const form = checkoutForm(eventId, [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: 1 }], {
      provider: undefined,
    });
    const started = await startCheckout(env.deps, form);
    expect(started.status).toBe('paid');
    expect(await sendOrderDocuments(deps, { orderId: started.orderId })).toBe('sent');
    const [message] = await outbox(form.buyer.email);
    expect(message?.attachments?.map((attachment) => attachment.filename)).toEqual([
      `billets-${started.orderId}.pdf`,
    ]);
    const data = message?.data as Record<string, unknown>;
    expect(data).toMatchObject({
      registration: true,
      totalCents: 0,
      customMessage: 'Les portes ouvrent à 19 h.',
    });
    const cancel = new URL(String(data.cancelUrl));
    expect(cancel.pathname).toBe(`/fr/commandes/${started.orderId}/annuler`);
    const order = await readOrder(env.deps, started.orderId);
    expect(order?.accessTokenHashes).toContain(accessTokenHash(cancel.searchParams.get('cle') ?? ''));
  });

  it('TIX-10 an order cancelled before its documents went out, or unknown, sends nothing', async () => {
    expect(await sendOrderDocuments(deps, { orderId: '01KNOSUCHORDER000000000000' })).toBe('unknownOrder');
    const { orderId, email } = await paidOrder();
    await env.deps.db.orders.entities.order.patch({ orderId }).set({ status: 'cancelled' }).go();
    expect(await sendOrderDocuments(deps, { orderId })).toBe('notPaid');
    expect(await outbox(email)).toHaveLength(0);
  });
});
