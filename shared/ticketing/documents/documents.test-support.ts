import type { ReceiptDocumentView, TicketsDocumentView } from './document-views';

/**
 * Sample documents: for the tests, the benchmark (bench/figures/ticket-pdf.ts) and the screenshots
 * in docs/screenshots (render-screenshots.ts). Ids are ULIDs, as the platform makes them.
 */
export const sampleOrderId = '01JEZ8K2V5Q7R9T1W3Y5A7C9E1';

const songe = {
  title: 'Le Songe d’une nuit d’été',
  startsAt: '2026-12-12T00:30:00.000Z',
  endsAt: '2026-12-12T02:45:00.000Z',
  timeZone: 'America/Toronto',
  venue: {
    name: 'Salle Desjardins-Telus',
    address: '25, rue Saint-Germain Ouest, Rimouski (Québec) G5L 4B4',
  },
};

export const sampleTicketsFr: TicketsDocumentView = {
  locale: 'fr',
  orderId: sampleOrderId,
  orderNumber: '2026-004512',
  organizationName: 'Théâtre du Bic',
  buyerName: 'Geneviève Côté',
  tickets: [
    {
      ticketId: '01JEZ8K2V5Q7R9T1W3Y5A7C9F2',
      eventId: '01JE1M4N6P8R0T2V4X6Z8B0D2F',
      occurrenceId: '01JE1M4N6P8R0T2V4X6Z8B0D3G',
      category: 'Adulte',
      holderName: 'Geneviève Côté',
      event: songe,
      entry: { kind: 'qr' },
    },
    {
      ticketId: '01JEZ8K2V5Q7R9T1W3Y5A7C9G3',
      eventId: '01JE1M4N6P8R0T2V4X6Z8B0D2F',
      occurrenceId: '01JE1M4N6P8R0T2V4X6Z8B0D3G',
      category: 'Étudiant',
      event: songe,
      entry: { kind: 'qr' },
    },
  ],
};

export const sampleTicketsOnlineEn: TicketsDocumentView = {
  locale: 'en',
  orderId: '01JEZ9A1B2C3D4E5F6G7H8J9K0',
  orderNumber: '2026-004513',
  organizationName: 'Société d’histoire du Bas-Saint-Laurent',
  buyerName: 'Jordan Smith',
  tickets: [
    {
      ticketId: '01JEZ9A1B2C3D4E5F6G7H8J9M1',
      eventId: '01JE2P4Q6R8S0T2V4W6X8Y0Z2A',
      occurrenceId: '01JE2P4Q6R8S0T2V4W6X8Y0Z3B',
      category: 'General admission',
      event: {
        title: 'Talk: four centuries on the Lower St. Lawrence',
        startsAt: '2027-01-21T00:00:00.000Z',
        endsAt: '2027-01-21T01:30:00.000Z',
        timeZone: 'America/Toronto',
      },
      entry: {
        kind: 'accessCode',
        code: 'K7QF-2M9X',
        url: 'https://parvis.example.org/en/acces/01JE2P4Q6R8S0T2V4W6X8Y0Z2A',
      },
    },
  ],
};

export const sampleReceiptFr: ReceiptDocumentView = {
  locale: 'fr',
  orderNumber: '2026-004512',
  placedAt: '2026-12-02T17:42:10.000Z',
  timeZone: 'America/Toronto',
  currency: 'CAD',
  seller: {
    name: 'Théâtre du Bic',
    address: '50, route du Golf-du-Bic, Rimouski (Québec) G0L 1B0',
    email: 'billetterie@theatredubic.example',
    phone: '418 555-0142',
    gstNumber: '123456789 RT0001',
    qstNumber: '1234567890 TQ0001',
  },
  buyer: {
    name: 'Geneviève Côté',
    email: 'genevieve.cote@example.org',
    phone: '418 555-0199',
    postalCode: 'G5L 2X3',
  },
  lines: [
    {
      description: 'Adulte — Le Songe d’une nuit d’été',
      detail: 'Vendredi 11 décembre 2026, 19 h 30 · Salle Desjardins-Telus',
      quantity: 1,
      unitPriceCents: 3500,
      amountCents: 3500,
    },
    {
      description: 'Étudiant — Le Songe d’une nuit d’été',
      detail: 'Vendredi 11 décembre 2026, 19 h 30 · Salle Desjardins-Telus',
      quantity: 1,
      unitPriceCents: 2200,
      amountCents: 2200,
    },
    {
      description: 'Affiche du spectacle (article promotionnel)',
      quantity: 1,
      unitPriceCents: 1000,
      amountCents: 1000,
    },
  ],
  discounts: [{ label: 'AMIS10', amountCents: 570 }],
  // On 6 700 − 570 = 6 130: GST 306.5 → 3.07 $, QST 611.47 → 6.11 $ (shared/ticketing/taxes.ts).
  taxes: [
    { kind: 'gst', ratePercent: 5, amountCents: 307 },
    { kind: 'qst', ratePercent: 9.975, amountCents: 611 },
  ],
  subtotalCents: 6700,
  totalCents: 7048,
  payment: {
    provider: 'stripe',
    transactionId: 'pi_3QZ8mN2eZvKYlo2C1aB4cD5e',
    paidAt: '2026-12-02T17:42:08.000Z',
  },
  message: 'Merci de votre achat\u00a0! Les portes ouvrent 30 minutes avant la représentation.',
};
