import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromiumForHere,
  chromiumPdfRenderer,
  localSparticuzChromium,
} from '../../shared/adapters/pdf-renderer';
import { systemClock } from '../../shared/kernel/ports';
import { sampleReceiptFr, sampleTicketsFr } from '../../shared/ticketing/documents/documents.test-support';
import { renderReceiptPdf, renderTicketsPdf } from '../../shared/ticketing/documents/render-documents';
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  parseTicketKeyring,
} from '../../shared/ticketing/ticket-signer';
import { verifyTicketToken } from '../../shared/ticketing/ticket-token';
import type { Figure, Measure } from '../figure';
import { ms, quantile } from '../latency';

/**
 * Issue #13: the ticket PDF warm p95 (budget 100 ms) and its cold start, and the scanner's offline
 * check of a token (budget 50 ms). A render is what the confirmation consumer does per order: sign
 * the token, build the HTML, print it in a fresh page of the kept browser. Cold start = launching
 * Chromium and the first PDF; on Lambda the binary is first inflated into /tmp, measured here too
 * into an empty temporary directory.
 */
const warmRenders = 50;
const verifications = 5000;
const warmBudgetMs = 100;
const scanBudgetMs = 50;

export const measure: Measure = async () => {
  const signer = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText()));
  const oneTicket = { ...sampleTicketsFr, tickets: sampleTicketsFr.tickets.slice(0, 1) };

  // Cold start including the inflation of @sparticuz/chromium's binary, as a new Lambda container.
  const previousTmp = process.env.TMPDIR;
  const freshTmp = await mkdtemp(join(tmpdir(), 'parvis-bench-chromium-'));
  let inflatedColdMs: number;
  process.env.TMPDIR = freshTmp;
  try {
    const start = performance.now();
    const pdf = chromiumPdfRenderer({ binary: localSparticuzChromium });
    await renderTicketsPdf({ clock: systemClock, pdf, tickets: signer }, oneTicket);
    inflatedColdMs = performance.now() - start;
    await pdf.close();
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await rm(freshTmp, { recursive: true, force: true });
  }

  // Cold start with the binary already on disk, then warm renders on the same browser.
  const binary = await chromiumForHere();
  const pdf = chromiumPdfRenderer({ binary: async () => binary });
  const deps = { clock: systemClock, pdf, tickets: signer };
  const coldStart = performance.now();
  await renderTicketsPdf(deps, oneTicket);
  const coldMs = performance.now() - coldStart;
  const warm: number[] = [];
  const receipts: number[] = [];
  let bytes = 0;
  try {
    // A few renders first, as a container that has served some orders (JIT, font caches, a kept page).
    for (let index = 0; index < 5; index++) await renderTicketsPdf(deps, oneTicket);
    for (let index = 0; index < warmRenders; index++) {
      const start = performance.now();
      const rendered = await renderTicketsPdf(deps, oneTicket);
      warm.push(performance.now() - start);
      bytes = rendered.pdf.byteLength;
    }
    for (let index = 0; index < 20; index++) {
      const start = performance.now();
      await renderReceiptPdf(deps, sampleReceiptFr);
      receipts.push(performance.now() - start);
    }
  } finally {
    await pdf.close();
  }
  // The same renders on a page opened and closed each time (reusePages: false), for comparison.
  const fresh = chromiumPdfRenderer({ binary: async () => binary, reusePages: false });
  const freshPages: number[] = [];
  try {
    await fresh.warm();
    for (let index = 0; index < 25; index++) {
      const start = performance.now();
      await renderTicketsPdf({ ...deps, pdf: fresh }, oneTicket);
      if (index >= 5) freshPages.push(performance.now() - start);
    }
  } finally {
    await fresh.close();
  }

  // The scanner: one token checked against the public keys, many times (a busy door).
  const keys = await signer.verifyingKeys();
  const first = oneTicket.tickets[0];
  if (!first) throw new Error('no sample ticket');
  const token = await signer.sign({
    ticketId: first.ticketId,
    orderId: oneTicket.orderId,
    eventId: first.eventId,
    occurrenceId: first.occurrenceId,
    issuedAt: new Date().toISOString(),
  });
  const checks: number[] = [];
  for (let index = 0; index < verifications; index++) {
    const start = performance.now();
    const check = verifyTicketToken(token, keys);
    checks.push(performance.now() - start);
    if (!check.ok) throw new Error(`the bench token does not verify: ${check.reason}`);
  }

  const figures: Figure[] = [
    {
      name: `ticket PDF warm p95 (one ticket, ${warmRenders} renders)`,
      value: ms(quantile(warm, 0.95)),
      unit: 'ms',
      budget: warmBudgetMs,
    },
    { name: 'ticket PDF warm median', value: ms(quantile(warm, 0.5)), unit: 'ms', budget: 'reference' },
    {
      name: `ticket PDF cold start (${binary.source} Chromium launch + first PDF)`,
      value: Math.round(coldMs),
      unit: 'ms',
      budget: 'reference',
    },
    {
      name: 'ticket PDF cold start with binary inflation (a new Lambda container)',
      value: Math.round(inflatedColdMs),
      unit: 'ms',
      budget: 'reference',
    },
    {
      name: 'ticket PDF size (one ticket)',
      value: Math.round(bytes / 100) / 10,
      unit: 'KB',
      budget: 'reference',
    },
    {
      name: 'ticket PDF warm p95, a new page per render',
      value: ms(quantile(freshPages, 0.95)),
      unit: 'ms',
      budget: 'reference',
    },
    { name: 'receipt PDF warm p95', value: ms(quantile(receipts, 0.95)), unit: 'ms', budget: 'reference' },
    {
      name: `scanner token validation p95 (${verifications} checks)`,
      value: Math.round(quantile(checks, 0.95) * 1000) / 1000,
      unit: 'ms',
      budget: scanBudgetMs,
      decimals: 3,
    },
  ];
  return figures;
};
