import type { Locale } from '../../kernel/errors';

/**
 * What the PDF ticket and receipt show (TIX-10, TIX-13, TIX-14), as plain data. The order domain
 * maps an order partition (docs/data-model.md §3.4, "Build the confirmation e-mail") to these; the
 * templates read nothing else. Money is integer cents of `currency`; times are ISO-8601 UTC,
 * printed in the zone given beside them. Every text may hold anything a person typed: the
 * templates escape it.
 */

/** The event and date a ticket admits to. */
export interface TicketEventView {
  title: string;
  /** The date's start (and end, when known), ISO-8601 UTC. */
  startsAt: string;
  endsAt?: string;
  /** The venue's IANA zone (America/Toronto): the time printed is the poster's. */
  timeZone: string;
  /** False for a date without a time (an exhibition's day): only the day is printed. */
  showTime?: boolean;
  /** In person: where. */
  venue?: { name: string; address?: string };
}

/**
 * How the holder gets in: a QR code with the signed token (in person, TIX-12), an access code and
 * the broadcast page (online with codes, TIX-13), or only the page (online, open access, LIVE-02).
 */
export type TicketEntryView =
  | { kind: 'qr' }
  | { kind: 'accessCode'; code: string; url: string }
  | { kind: 'link'; url: string };

/** One ticket: one page of the tickets PDF. */
export interface TicketPageView {
  ticketId: string;
  /** The ids the QR token carries (with the order's id). */
  eventId: string;
  occurrenceId: string;
  /** The ticket category ("Étudiant"), in the document's language. */
  category: string;
  /** The holder's name when the buyer gave one. */
  holderName?: string;
  event: TicketEventView;
  entry: TicketEntryView;
}

/** Every ticket of one order, in one PDF. */
export interface TicketsDocumentView {
  locale: Locale;
  orderId: string;
  /** The number people read and quote ("2026-004512"). */
  orderNumber: string;
  organizationName: string;
  buyerName: string;
  tickets: TicketPageView[];
}

/** A ticket page ready to print: the QR ones carry their signed token. */
export type SignedTicketPageView = TicketPageView & { token?: string };

export interface ReceiptLineView {
  /** "Étudiant — Le Songe d’une nuit d’été", "Passe Saison", "Article promotionnel". */
  description: string;
  /** A second line: the date of the event, the venue. */
  detail?: string;
  quantity: number;
  unitPriceCents: number;
  /** quantity × unit price, as the order stored it. */
  amountCents: number;
}

export interface ReceiptTaxView {
  kind: 'gst' | 'qst' | 'vat';
  /** The rate in percent (5, 9.975). */
  ratePercent: number;
  amountCents: number;
}

/** The receipt of one order: the organization sells, the platform only hosts (TIX-09). */
export interface ReceiptDocumentView {
  locale: Locale;
  orderNumber: string;
  /** When the order was paid (or registered, when free), ISO-8601 UTC. */
  placedAt: string;
  /** The zone the date is printed in (the organization's, America/Toronto). */
  timeZone: string;
  currency: string;
  seller: {
    name: string;
    address?: string;
    email?: string;
    phone?: string;
    /** Registration numbers printed when taxes are charged. */
    gstNumber?: string;
    qstNumber?: string;
  };
  buyer: { name: string; email: string; phone?: string; postalCode?: string };
  lines: ReceiptLineView[];
  /** Promo codes (TIX-07), as positive amounts taken off. */
  discounts?: { label: string; amountCents: number }[];
  /** The taxes added on top of the prices (empty or absent when prices include them). */
  taxes?: ReceiptTaxView[];
  /** True when the prices include the taxes (TIX-02): a sentence says so instead of tax lines. */
  taxesIncluded?: boolean;
  subtotalCents: number;
  totalCents: number;
  /** Absent for a free registration. */
  payment?: { provider: 'stripe' | 'paypal'; transactionId: string; paidAt: string };
  /** The organization's message on the receipt (TIX-06), plain text. */
  message?: string;
}
