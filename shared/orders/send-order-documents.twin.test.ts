import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../infra/wiring';
import { attachmentsOf } from '../../tests/mail-viewer';
import { publishRaw, sentMail, twin, useTwin, waitFor, waitIdle } from '../../tests/twin';
import { createDeps } from '../adapters/create-deps';
import type { Deps } from '../deps';
import { keyringTicketSigner, parseTicketKeyring } from '../ticketing/ticket-signer';
import { verifyTicketToken } from '../ticketing/ticket-token';
import { arrangeConfirmedOrder } from './order-documents.test-support';
import { readOrderFile } from './order-support';

/**
 * TIX-10 TIX-12, the whole way in the twin: a paid order (checkout opened on the fake Stripe),
 * its `order.confirmed` on the order documents queue, the real consumer run by the local runner
 * (Chromium, the twin's S3 and ticket key), the e-mail sent by the real sender to the SES twin with
 * both PDFs; the tickets PDF printed at 150 dpi by pdftoppm and its QR codes read by jsQR: each
 * token verifies with the public key and names a ticket of the order.
 */
const run = promisify(execFile);
let vars: Record<string, string>;
let deps: Deps;
let work = '';

beforeAll(async () => {
  vars = useTwin();
  deps = createDeps(vars, { test: 'order-documents-twin' });
  work = await mkdtemp(join(tmpdir(), 'parvis-order-documents-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function pages(bytes: Uint8Array): Promise<Buffer[]> {
  const file = join(work, 'billets.pdf');
  await writeFile(file, bytes);
  await run('pdftoppm', ['-png', '-r', '150', file, join(work, 'page')]);
  const names = (await readdir(work)).filter((name) => name.startsWith('page-')).sort();
  return Promise.all(names.map((name) => readFile(join(work, name))));
}

async function decodeQr(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' })?.data;
}

interface Invocation {
  function: string;
  ms: number;
  initMs?: number;
  outcome: string;
}

async function consumerInvocations(): Promise<Invocation[]> {
  const all = (await (await fetch(`${twin().controlUrl}/invocations`)).json()) as Invocation[];
  return all.filter((entry) => entry.function === 'send-order-documents');
}

async function deliver(orderId: string, email: string) {
  await publishRaw('orderDocuments', JSON.stringify({ type: 'order.confirmed', v: 1, orderId }));
  await waitIdle(90_000);
  return waitFor(
    async () => (await sentMail({ to: email })).find((mail) => mail.attachments.length > 0),
    30_000,
  );
}

describe('order documents through the runner (TIX-10)', () => {
  it('TIX-10 TIX-12 the confirmation e-mail reaches SES with the receipt and the tickets, whose QR codes verify and name the order’s tickets', async () => {
    const stamp = Date.now();
    const order = await arrangeConfirmedOrder(deps, vars, { email: `parcours.billets.${stamp}@example.org` });
    const mail = await deliver(order.orderId, order.email);

    expect(mail.subject).toContain('Merci pour votre achat');
    const attachments = attachmentsOf(mail);
    expect(attachments.map((attachment) => [attachment.filename, attachment.contentType])).toEqual([
      [`recu-${order.orderId}.pdf`, 'application/pdf'],
      [`billets-${order.orderId}.pdf`, 'application/pdf'],
    ]);
    const receipt = attachments[0]?.bytes ?? new Uint8Array();
    expect(Buffer.from(receipt.subarray(0, 5)).toString()).toBe('%PDF-');

    const file = await readOrderFile(deps, order.orderId);
    const tickets = file?.tickets ?? [];
    expect(tickets).toHaveLength(2);
    const printed = await pages(attachments[1]?.bytes ?? new Uint8Array());
    expect(printed).toHaveLength(tickets.length);
    const keys = await keyringTicketSigner(
      parseTicketKeyring(vars[env.ticketSigningKey] ?? ''),
    ).verifyingKeys();
    const named: string[] = [];
    for (const [index, page] of printed.entries()) {
      const scanned = await decodeQr(page);
      expect(scanned, `page ${index + 1} has a readable QR code`).toBeDefined();
      const verified = verifyTicketToken(scanned ?? '', keys);
      expect(verified.ok).toBe(true);
      if (!verified.ok) continue;
      const ticket = tickets.find((candidate) => candidate.ticketId === verified.payload.ticketId);
      expect(ticket, 'the token names a ticket of the order').toBeDefined();
      expect(verified.payload).toMatchObject({
        orderId: order.orderId,
        eventId: ticket?.eventId,
        occurrenceId: ticket?.occurrenceId,
      });
      named.push(verified.payload.ticketId);
    }
    expect(named.sort()).toEqual(tickets.map((ticket) => ticket.ticketId).sort());

    // A redelivery of the same message sends nothing more.
    await publishRaw(
      'orderDocuments',
      JSON.stringify({ type: 'order.confirmed', v: 1, orderId: order.orderId }),
    );
    await waitIdle(90_000);
    expect(await sentMail({ to: order.email })).toHaveLength(1);

    // Figures for the report (not assertions): the consumer's first (cold) and later (warm) runs.
    const second = await arrangeConfirmedOrder(deps, vars, {
      email: `parcours.billets.${stamp}.b@example.org`,
    });
    await deliver(second.orderId, second.email);
    const runs = await consumerInvocations();
    console.info(
      'send-order-documents invocations',
      runs.map((entry) => ({ ms: entry.ms, initMs: entry.initMs, outcome: entry.outcome })),
    );
  }, 180_000);
});
