import { describe, expect, it } from 'vitest';
import type { SignedTicketPageView, TicketsDocumentView } from './document-views';
import { sampleReceiptFr, sampleTicketsFr, sampleTicketsOnlineEn } from './documents.test-support';
import { receiptDocumentHtml } from './receipt-document';
import { ticketReference, ticketsDocumentHtml } from './ticket-document';

const token = 'AQEAAZM-token_for-tests';

function signed(view: TicketsDocumentView): TicketsDocumentView & { tickets: SignedTicketPageView[] } {
  return { ...view, tickets: view.tickets.map((ticket) => ({ ...ticket, token })) };
}

/** The visible text of an HTML fragment, tags dropped and entities of the escaper undone. */
function visible(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('ticket document HTML', () => {
  it('TIX-10 one page per ticket, with the event, its date at the venue, the venue, category, holder and order', () => {
    const html = ticketsDocumentHtml(signed(sampleTicketsFr));
    expect(html.match(/<section class="page">/g)).toHaveLength(2);
    const text = visible(html);
    // 00:30 UTC on the 12th is 19:30 on the 11th in Rimouski (America/Toronto, UTC−5 in December).
    expect(text).toContain('Vendredi 11 décembre 2026');
    expect(text).toContain('19 h 30 – 21 h 45');
    expect(text).toContain('Salle Desjardins-Telus 25, rue Saint-Germain Ouest, Rimouski (Québec) G5L 4B4');
    expect(text).toContain('Adulte');
    expect(text).toContain('Étudiant');
    expect(text).toContain('Commande 2026-004512');
    expect(text).toContain('Billet 2 sur 2');
    expect(html).toContain('<html lang="fr-CA">');
    // The second ticket has no holder name: the buyer's is printed.
    expect(text.match(/Geneviève Côté/g)).toHaveLength(2);
    expect(html.match(/<svg /g)).toHaveLength(2);
  });

  it('TIX-10 the same in English, and a date without a time prints the day only', () => {
    const view = signed({
      ...sampleTicketsFr,
      locale: 'en',
      tickets: sampleTicketsFr.tickets.map((ticket) => ({
        ...ticket,
        event: { ...ticket.event, showTime: false },
      })),
    });
    const text = visible(ticketsDocumentHtml(view));
    expect(text).toContain('Friday, December 11, 2026');
    expect(text).not.toContain('7:30');
    expect(text).toContain('Ticket 1 of 2');
    expect(visible(ticketsDocumentHtml(signed({ ...sampleTicketsFr, locale: 'en' })))).toContain(
      '7:30 p.m. – 9:45 p.m.',
    );
  });

  it('TIX-13 an online ticket shows the access code, the link and how to use them, and no QR code', () => {
    const html = ticketsDocumentHtml(signed(sampleTicketsOnlineEn));
    expect(html).not.toContain('<svg');
    const text = visible(html);
    expect(text).toContain('K7QF-2M9X');
    expect(text).toContain('paste it into the “Access code” field');
    expect(html).toContain('<a href="https://parvis.example.org/en/acces/01JE2P4Q6R8S0T2V4W6X8Y0Z2A">');
  });

  it('TIX-10 escapes every value a person typed, and links only http(s) addresses', () => {
    const evil = '<i>x</i>"\'&';
    const first = sampleTicketsOnlineEn.tickets[0] as TicketsDocumentView['tickets'][0];
    const view: TicketsDocumentView = {
      ...sampleTicketsFr,
      orderNumber: evil,
      organizationName: evil,
      buyerName: evil,
      tickets: [
        {
          ...(sampleTicketsFr.tickets[0] as TicketsDocumentView['tickets'][0]),
          category: evil,
          holderName: evil,
          event: { ...first.event, title: evil, venue: { name: evil, address: evil } },
        },
        { ...first, holderName: evil, entry: { kind: 'accessCode', code: evil, url: 'javascript:alert(1)' } },
      ],
    };
    const html = ticketsDocumentHtml(signed(view));
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('href="javascript');
    expect(html.split('&lt;i&gt;x&lt;/i&gt;&quot;&#39;&amp;').length - 1).toBeGreaterThanOrEqual(10);
  });

  it('TIX-12 a QR ticket without its signed token is refused rather than printed without a code', () => {
    expect(() => ticketsDocumentHtml(sampleTicketsFr)).toThrow(/no signed token/);
  });

  it('TIX-10 the page may load nothing: a content security policy allows only data: images', () => {
    expect(ticketsDocumentHtml(signed(sampleTicketsFr))).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;`,
    );
  });

  it('TIX-10 a ticket reference is the end of its id, grouped for reading aloud', () => {
    expect(ticketReference('01JEZ8K2V5Q7R9T1W3Y5A7C9F2')).toBe('Y5A7-C9F2');
    expect(ticketReference('t-1')).toBe('T1');
  });
});

describe('receipt document HTML', () => {
  it('TIX-10 TIX-14 the organization sells; lines, discount, GST and QST apart, total, provider and transaction', () => {
    const html = receiptDocumentHtml(sampleReceiptFr);
    const text = visible(html);
    expect(text).toContain('Vendeur Théâtre du Bic');
    expect(text).toContain('Numéro de TPS : 123456789 RT0001');
    expect(text).toContain('Acheteur Geneviève Côté genevieve.cote@example.org');
    expect(text).toContain('Adulte — Le Songe d’une nuit d’été');
    expect(text).toMatch(/Rabais AMIS10 −5,70\s\$/);
    expect(text).toMatch(/TPS \(5\s%\) 3,07\s\$/);
    expect(text).toMatch(/TVQ \(9,975\s%\) 6,11\s\$/);
    expect(text).toMatch(/Total 70,48\s\$/);
    expect(text).toContain('Payé par carte (Stripe) le 2 décembre 2026 à 12 h 42');
    expect(text).toContain('Numéro de transaction Stripe : pi_3QZ8mN2eZvKYlo2C1aB4cD5e');
    expect(html).toContain('<th scope="col"');
  });

  it('TIX-02 prices with taxes included: a sentence says so and no tax line is added', () => {
    const text = visible(receiptDocumentHtml({ ...sampleReceiptFr, taxesIncluded: true }));
    expect(text).toContain('Les prix incluent les taxes applicables.');
    expect(text).not.toMatch(/TPS \(/);
  });

  it('TIX-10 a free registration in English: no payment, no tax, amounts shown as free', () => {
    const text = visible(
      receiptDocumentHtml({
        ...sampleReceiptFr,
        locale: 'en',
        lines: [{ description: 'Registration', quantity: 2, unitPriceCents: 0, amountCents: 0 }],
        discounts: [],
        taxes: [],
        subtotalCents: 0,
        totalCents: 0,
        payment: undefined,
        message: 'Line one\n<b>Line two</b>',
      }),
    );
    expect(text).toContain('Receipt');
    expect(text).toContain('Registration 2 Free $0.00');
    expect(text).toContain('Free registration: no payment.');
    expect(text).toContain('Line one <b>Line two</b>');
    expect(text).not.toContain('GST (');
  });
});
