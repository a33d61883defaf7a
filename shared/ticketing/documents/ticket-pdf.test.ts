import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPdfRenderer } from '../../adapters/pdf-renderer';
import { fixedClock } from '../../kernel/ports';
import { generateTicketKeyringText, keyringTicketSigner, parseTicketKeyring } from '../ticket-signer';
import { verifyTicketToken } from '../ticket-token';
import { sampleReceiptFr, sampleTicketsFr, sampleTicketsOnlineEn } from './documents.test-support';
import { renderReceiptPdf, renderTicketsPdf } from './render-documents';
import { ticketsDocumentHtml } from './ticket-document';

/**
 * The whole path a door scanner sees (TIX-10, TIX-12): the tickets PDF rendered by Chromium, each
 * page rasterized by pdftoppm at 150 dpi (a print), the QR code read back from the pixels by a
 * decoder that knows nothing of ours (jsQR), and its token verified with the public key only.
 * Nothing is skipped: without Chromium or pdftoppm this fails and says what to install.
 */
const run = promisify(execFile);
const pdf = chromiumPdfRenderer();
const signer = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(1)));
const deps = { clock: fixedClock('2026-12-02T17:42:10.000Z'), pdf, tickets: signer };
let work = '';

beforeAll(async () => {
  try {
    await run('pdftoppm', ['-v']);
  } catch (error) {
    throw new Error('pdftoppm is missing: install poppler-utils (apt-get install poppler-utils)', {
      cause: error,
    });
  }
  work = await mkdtemp(join(tmpdir(), 'parvis-ticket-pdf-'));
});

afterAll(async () => {
  await pdf.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Each page of `bytes` as a 150 dpi PNG, in page order. */
async function rasterize(name: string, bytes: Uint8Array): Promise<Buffer[]> {
  const file = join(work, `${name}.pdf`);
  await writeFile(file, bytes);
  await run('pdftoppm', ['-png', '-r', '150', file, join(work, name)]);
  const pages = (await readdir(work))
    .filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.png'))
    .sort();
  return Promise.all(pages.map((page) => readFile(join(work, page))));
}

async function pdfText(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(work, `${name}.pdf`);
  await writeFile(file, bytes);
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

async function decodeQr(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  // Black on white, as printed: no need to also try the inverted image.
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' })?.data;
}

describe('ticket and receipt PDFs', () => {
  it('TIX-10 TIX-12 each ticket page of the PDF, printed at 150 dpi, carries a QR code that decodes and verifies offline', async () => {
    const { pdf: bytes, tokens } = await renderTicketsPdf(deps, sampleTicketsFr);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pages = await rasterize('tickets-fr', bytes);
    expect(pages).toHaveLength(sampleTicketsFr.tickets.length);
    const keys = await signer.verifyingKeys();
    for (const [index, page] of pages.entries()) {
      const ticket = sampleTicketsFr.tickets[index];
      const scanned = await decodeQr(page);
      expect(scanned, `page ${index + 1} has a readable QR code`).toBeDefined();
      expect(scanned).toBe(tokens.get(ticket?.ticketId ?? ''));
      expect(verifyTicketToken(scanned ?? '', keys)).toEqual({
        ok: true,
        version: 1,
        keyId: 1,
        payload: {
          ticketId: ticket?.ticketId,
          orderId: sampleTicketsFr.orderId,
          eventId: ticket?.eventId,
          occurrenceId: ticket?.occurrenceId,
          issuedAt: '2026-12-02T17:42:10.000Z',
        },
      });
    }
    // The other key of a rotation does not accept them: the scan really checks the signature.
    const stranger = await keyringTicketSigner(
      parseTicketKeyring(generateTicketKeyringText(1)),
    ).verifyingKeys();
    expect(verifyTicketToken(tokens.values().next().value ?? '', stranger)).toEqual({
      ok: false,
      reason: 'badSignature',
    });
  });

  it('TIX-10 TIX-13 an online ticket shows its access code and link instead of a QR code', async () => {
    const { pdf: bytes, tokens } = await renderTicketsPdf(deps, sampleTicketsOnlineEn);
    expect(tokens.size).toBe(0);
    expect(ticketsDocumentHtml(sampleTicketsOnlineEn)).not.toContain('<svg');
    const words = await pdfText('tickets-online', bytes);
    expect(words).toContain('K7QF-2M9X');
    expect(words).toContain('https://parvis.example.org/en/acces/01JE2P4Q6R8S0T2V4W6X8Y0Z2A');
    expect(words).toContain('Your access code'.toUpperCase());
  });

  it('TIX-10 names with markup print as typed and run nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)> & <b>Zoé</b>';
    const view = {
      ...sampleTicketsFr,
      organizationName: '<script>alert(1)</script>Org',
      tickets: [
        { ...(sampleTicketsFr.tickets[0] as (typeof sampleTicketsFr.tickets)[0]), holderName: hostile },
      ],
    };
    const { pdf: bytes } = await renderTicketsPdf(deps, view);
    const words = (await pdfText('tickets-hostile', bytes)).replace(/\s+/g, ' ');
    expect(words).toContain('<img src=x onerror=alert(1)> & <b>Zoé</b>');
    expect(words).toContain('<script>alert(1)</script>Org');
  });

  it('TIX-10 TIX-14 the receipt names the seller, the taxes apart, the total and the transaction number', async () => {
    const bytes = await renderReceiptPdf(deps, sampleReceiptFr);
    const words = (await pdfText('receipt-fr', bytes)).replace(/\s+/g, ' ');
    for (const expected of [
      'Reçu',
      'Théâtre du Bic',
      'Geneviève Côté',
      'TPS (5 %) 3,07 $',
      'TVQ (9,975 %) 6,11 $',
      'Total 70,48 $',
      'pi_3QZ8mN2eZvKYlo2C1aB4cD5e',
      '2026-004512',
    ]) {
      expect(words).toContain(expected);
    }
  });
});
