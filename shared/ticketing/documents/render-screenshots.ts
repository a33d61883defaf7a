import { execFile } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromiumPdfRenderer } from '../../adapters/pdf-renderer';
import { fixedClock } from '../../kernel/ports';
import { generateTicketKeyringText, keyringTicketSigner, parseTicketKeyring } from '../ticket-signer';
import { sampleReceiptFr, sampleTicketsFr, sampleTicketsOnlineEn } from './documents.test-support';
import { renderReceiptPdf, renderTicketsPdf } from './render-documents';

/**
 * Renders the sample ticket and receipt PDFs and writes their first page as PNG (pdftoppm, 150 dpi)
 * to docs/screenshots: `npx tsx shared/ticketing/documents/render-screenshots.ts`.
 */
const run = promisify(execFile);
const out = join(import.meta.dirname, '../../../docs/screenshots');
const pdf = chromiumPdfRenderer();
const deps = {
  clock: fixedClock('2026-12-02T17:42:10.000Z'),
  pdf,
  tickets: keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText())),
};
const work = await mkdtemp(join(tmpdir(), 'parvis-screenshots-'));
try {
  const documents: [string, Uint8Array][] = [
    ['ticket-fr', (await renderTicketsPdf(deps, sampleTicketsFr)).pdf],
    ['ticket-online-en', (await renderTicketsPdf(deps, sampleTicketsOnlineEn)).pdf],
    ['receipt-fr', await renderReceiptPdf(deps, sampleReceiptFr)],
  ];
  for (const [name, bytes] of documents) {
    const file = join(work, `${name}.pdf`);
    await writeFile(file, bytes);
    await run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, join(work, name)]);
    await rename(join(work, `${name}.png`), join(out, `${name}.png`));
    console.log(`docs/screenshots/${name}.png (${bytes.byteLength} bytes of PDF)`);
  }
} finally {
  await pdf.close();
  await rm(work, { recursive: true, force: true });
}
