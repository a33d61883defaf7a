import type { Clock } from '../../kernel/ports';
import type { TicketSigner } from '../ticket-signer';
import type { ReceiptDocumentView, SignedTicketPageView, TicketsDocumentView } from './document-views';
import type { PdfRenderer } from './pdf-renderer-port';
import { receiptDocumentHtml } from './receipt-document';
import { ticketsDocumentHtml } from './ticket-document';

export interface DocumentDeps {
  clock: Clock;
  pdf: PdfRenderer;
  tickets: TicketSigner;
}

/**
 * The tickets PDF of an order (TIX-10): each in-person ticket gets a token signed now (TIX-12), the
 * pages are rendered by Chromium off the request path (the confirmation consumer). Re-rendering an
 * order signs new tokens for the same ids: any of them scans, and only the first scan admits.
 */
export async function renderTicketsPdf(
  deps: DocumentDeps,
  view: TicketsDocumentView,
): Promise<{ pdf: Uint8Array; tokens: Map<string, string> }> {
  const issuedAt = deps.clock.now().toISOString();
  const tokens = new Map<string, string>();
  const tickets: SignedTicketPageView[] = [];
  for (const ticket of view.tickets) {
    if (ticket.entry.kind !== 'qr') {
      tickets.push(ticket);
      continue;
    }
    const token = await deps.tickets.sign({
      ticketId: ticket.ticketId,
      orderId: view.orderId,
      eventId: ticket.eventId,
      occurrenceId: ticket.occurrenceId,
      issuedAt,
    });
    tokens.set(ticket.ticketId, token);
    tickets.push({ ...ticket, token });
  }
  const pdf = await deps.pdf.render(ticketsDocumentHtml({ ...view, tickets }));
  return { pdf, tokens };
}

/** The receipt PDF of an order (TIX-10, TIX-14). */
export async function renderReceiptPdf(
  deps: Pick<DocumentDeps, 'pdf'>,
  view: ReceiptDocumentView,
): Promise<Uint8Array> {
  return deps.pdf.render(receiptDocumentHtml(view));
}
