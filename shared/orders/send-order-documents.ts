/**
 * TIX-10: a confirmed order (`order.confirmed`, events/order-confirmed.ts) becomes its PDFs and the
 * buyer's confirmation e-mail. The receipt (paid orders) and the tickets (unless picked up at the
 * venue, TIX-04) are rendered by Chromium, written to the documents bucket under
 * `orders/<orderId>/` (decision 0018) and attached by reference to `order.confirmation`, queued
 * through the outbox in the buyer's language.
 *
 * The message comes at least once, so this is idempotent by `orderId`: the object keys are fixed by
 * the order (a redelivery overwrites the same two objects), and the e-mail is queued in one
 * transaction with the marker `DEDUPE#order-documents#<orderId>` (not-exists): a crash between the
 * uploads and that transaction sends nothing and the redelivery does it all again; a redelivery after
 * it finds the marker and stops; two deliveries at once both render, one commits, the other's
 * transaction is refused and it finds the marker.
 */
import type { EmailAttachment } from '../comms/attachments';
import { commitWithEmails, type EmailRequest } from '../comms/queue-email';
import { wasHandled } from '../db/dedupe';
import type { Deps } from '../deps';
import { ConflictError, type Locale } from '../kernel/errors';
import type { FileStore } from '../kernel/ports';
import type { OrderConfirmationData } from '../templates/email/order-confirmation';
import type {
  ReceiptDocumentView,
  TicketEntryView,
  TicketEventView,
  TicketsDocumentView,
} from '../ticketing/documents/document-views';
import {
  type DocumentDeps,
  renderReceiptPdf,
  renderTicketsPdf,
} from '../ticketing/documents/render-documents';
import { ticketReference } from '../ticketing/documents/ticket-document';
import { quebecTaxRates } from '../ticketing/taxes';
import { readTicketingSettings } from '../ticketing/ticketing-settings';
import { accessPageUrl } from './access-codes';
import type { Order } from './order';
import { buyerOrderUrl, type OrderEventFacts, orderEventFacts, orderSubjectUrl } from './order-emails';
import type { OrderLine } from './order-line';
import {
  epochSeconds,
  maxAccessTokens,
  newAccessToken,
  type OrderFile,
  readOrderFile,
  webhookDedupeDays,
} from './order-support';

export type OrderDocumentsDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log' | 'queues' | 'config'> &
  DocumentDeps & { files: Pick<FileStore, 'put'> };

/** The marker's scope: `DEDUPE#order-documents#<orderId>`, written with the e-mail. */
export const orderDocumentsScope = 'order-documents';

export type OrderDocumentsOutcome =
  /** This delivery queued the e-mail (with its attachments). */
  | 'sent'
  /** An earlier delivery did: nothing was done again. */
  | 'alreadySent'
  /** The order was cancelled or refunded before its documents went out: nothing to send. */
  | 'notPaid'
  /** No such order (a message that cannot come from confirm-order): dropped, logged. */
  | 'unknownOrder';

const pdfType = 'application/pdf' as const;

/** The attachments' names, in the buyer's language: `recu-<n>.pdf`, `billets-<n>.pdf`. */
export function orderDocumentNames(orderNumber: string, locale: Locale) {
  return locale === 'fr'
    ? { receipt: `recu-${orderNumber}.pdf`, tickets: `billets-${orderNumber}.pdf` }
    : { receipt: `receipt-${orderNumber}.pdf`, tickets: `tickets-${orderNumber}.pdf` };
}

/** Where an order's documents live in the documents bucket (fixed by the order: rewrites replace). */
export const orderDocumentKey = (orderId: string, filename: string) => `orders/${orderId}/${filename}`;

/** TIX-11: the one-step cancellation link of a free registration (the order page's `annuler` action). */
export function buyerCancelUrl(siteUrl: string, order: Pick<Order, 'orderId' | 'locale'>, token: string) {
  const page = buyerOrderUrl(siteUrl, order);
  return `${page}/annuler?cle=${encodeURIComponent(token)}`;
}

const lineName = (line: Pick<OrderLine, 'nameFr' | 'nameEn'>, locale: Locale) =>
  (locale === 'fr' ? line.nameFr || line.nameEn : line.nameEn || line.nameFr).slice(0, 120);

const firstName = (name: string) => name.trim().split(/\s+/)[0]?.slice(0, 100);

interface EventExtras {
  online: boolean;
  onlineUrl?: string;
  showTime: boolean;
}

async function eventExtras(deps: Pick<Deps, 'db'>, eventId: string): Promise<EventExtras> {
  const { data } = await deps.db.calendar.entities.event.get({ eventId }).go();
  return {
    online: data?.online ?? false,
    ...(data?.online && data.onlineUrl ? { onlineUrl: data.onlineUrl } : {}),
    showTime: data?.showTime ?? true,
  };
}

/** The seller on the receipt: the organization's public profile (ORG-03), never its private contact address. */
async function sellerOf(deps: Pick<Deps, 'db'>, order: Order, facts: OrderEventFacts) {
  const { data } = await deps.db.identity.entities.organization.get({ orgId: order.orgId }).go();
  const address = [data?.street, [data?.city, data?.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return {
    name: facts.organizationName,
    ...(address ? { address: address.slice(0, 300) } : {}),
    ...(data?.publicEmail ? { email: data.publicEmail } : {}),
    ...(data?.phone ? { phone: data.phone } : {}),
  };
}

function ticketsView(
  deps: Pick<Deps, 'config'>,
  file: OrderFile,
  facts: OrderEventFacts,
  extras: EventExtras,
): TicketsDocumentView {
  const { order } = file;
  const date = facts.dates[0] ?? { startsAt: order.placedAt };
  const orderEvent: TicketEventView = {
    title: facts.eventTitle,
    startsAt: date.startsAt,
    ...(date.endsAt ? { endsAt: date.endsAt } : {}),
    timeZone: facts.timeZone,
    showTime: extras.showTime,
    ...(facts.venue && !extras.online ? { venue: facts.venue } : {}),
  };
  // TIX-08: a pass's tickets each admit to one of its events, and say which.
  const passEvents = new Map((facts.pass?.events ?? []).map((event) => [event.eventId, event]));
  const subjectPage = orderSubjectUrl(deps.config.siteUrl, order, facts);
  const eventOf = (ticket: { eventId: string }) => {
    const event = passEvents.get(ticket.eventId);
    if (!event)
      return { view: orderEvent, online: extras.online, onlineUrl: extras.onlineUrl, page: subjectPage };
    const view: TicketEventView = {
      title: event.title,
      startsAt: event.startsAt,
      ...(event.endsAt ? { endsAt: event.endsAt } : {}),
      timeZone: event.timeZone,
      showTime: event.showTime,
      ...(event.venue && !event.online ? { venue: event.venue } : {}),
    };
    const page = orderSubjectUrl(deps.config.siteUrl, order, { eventSlug: event.slug });
    return { view, online: event.online, onlineUrl: event.onlineUrl, page };
  };
  // TIX-13: an online event's ticket shows its access code and the page to paste it into; a ticket
  // without a code (confirmed before codes existed, or a pass's) the broadcast's (or the event's) page.
  const entryOf = (
    ticket: { accessCode?: string; eventId: string },
    event: ReturnType<typeof eventOf>,
  ): TicketEntryView =>
    !event.online
      ? { kind: 'qr' }
      : ticket.accessCode
        ? {
            kind: 'accessCode',
            code: ticket.accessCode,
            url: accessPageUrl(deps.config.siteUrl, order.locale, ticket.eventId),
          }
        : { kind: 'link', url: event.onlineUrl ?? event.page };
  const categories = new Map(
    file.lines
      .filter((line) => line.kind === 'ticket')
      .map((line) => [line.refId, lineName(line, order.locale)]),
  );
  return {
    locale: order.locale,
    orderId: order.orderId,
    orderNumber: order.orderId,
    organizationName: facts.organizationName,
    buyerName: order.buyer.name,
    tickets: file.tickets
      .filter((ticket) => ticket.status === 'valid')
      .map((ticket) => {
        const event = eventOf(ticket);
        return {
          ticketId: ticket.ticketId,
          eventId: ticket.eventId,
          occurrenceId: ticket.occurrenceId,
          category: categories.get(ticket.ticketTypeId) ?? ticket.ticketTypeId,
          event: event.view,
          entry: entryOf(ticket, event),
        };
      }),
  };
}

/**
 * The receipt (TIX-14) from the lines as checkout priced them: when every line's price includes the
 * taxes the lines show what was paid and a sentence says so; otherwise amounts before taxes, the
 * discount, then GST and QST apart, which add up to the order's total exactly (data model §1.3).
 */
function receiptView(
  file: OrderFile,
  facts: OrderEventFacts,
  seller: ReceiptDocumentView['seller'],
): ReceiptDocumentView {
  const { order, lines, payments } = file;
  const locale = order.locale;
  const sold = lines.filter((line) => line.kind !== 'discount');
  const included = sold.every((line) => line.taxes === 'included');
  const date = facts.dates[0];
  const detail = [
    date
      ? new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
          timeZone: facts.timeZone,
          dateStyle: 'long',
          timeStyle: 'short',
        }).format(new Date(date.startsAt))
      : undefined,
    facts.venue?.name,
  ]
    .filter(Boolean)
    .join(' · ');
  const amount = (line: OrderLine) => (included ? line.totalCents : line.baseCents);
  const payment = payments.find((entry) => entry.kind === 'payment');
  return {
    locale,
    orderNumber: order.orderId,
    placedAt: order.paidAt ?? order.placedAt,
    timeZone: order.timeZone,
    currency: order.currency,
    seller,
    buyer: {
      name: order.buyer.name,
      email: order.buyer.email,
      ...(order.buyer.phone ? { phone: order.buyer.phone } : {}),
      ...(order.buyer.postalCode ? { postalCode: order.buyer.postalCode } : {}),
    },
    lines: sold.map((line) => ({
      description:
        line.kind === 'ticket' && !facts.pass
          ? `${lineName(line, locale)} — ${facts.eventTitle}`
          : lineName(line, locale),
      ...(line.kind === 'ticket' && detail ? { detail } : {}),
      quantity: line.quantity,
      unitPriceCents: Math.round(amount(line) / Math.max(1, line.quantity)),
      amountCents: amount(line),
    })),
    discounts: lines
      .filter((line) => line.kind === 'discount')
      .map((line) => ({ label: line.refId, amountCents: -amount(line) })),
    taxes: [
      { kind: 'gst' as const, ratePercent: quebecTaxRates.gstPercent, amountCents: order.gstCents },
      { kind: 'qst' as const, ratePercent: quebecTaxRates.qstPercent, amountCents: order.qstCents },
    ].filter((tax) => tax.amountCents > 0),
    taxesIncluded: included,
    subtotalCents: sold.reduce((sum, line) => sum + amount(line), 0),
    totalCents: order.totalCents,
    ...(payment && order.provider
      ? {
          payment: {
            provider: order.provider,
            transactionId: order.transactionId ?? payment.transactionId ?? payment.paymentId,
            paidAt: payment.at,
          },
        }
      : {}),
  };
}

/**
 * TIX-13: what the confirmation says of an online event: each ticket's access code (« Adulte
 * (Y5A7-C9F2) : K7QF-2M9X »), the access page as the direct link and its « Assistance technique »;
 * without codes, the broadcast's own link.
 */
function onlineAccess(
  deps: Pick<Deps, 'config'>,
  file: OrderFile,
  extras: EventExtras,
): Pick<OrderConfirmationData, 'accessCodes' | 'broadcastUrl' | 'helpUrl'> {
  const { order } = file;
  const names = new Map(
    file.lines
      .filter((line) => line.kind === 'ticket')
      .map((line) => [line.refId, lineName(line, order.locale)]),
  );
  const accessCodes = file.tickets
    .filter((ticket) => ticket.status === 'valid' && ticket.accessCode)
    .slice(0, 50)
    .map((ticket) => ({
      label:
        `${names.get(ticket.ticketTypeId) ?? ticket.ticketTypeId} (${ticketReference(ticket.ticketId)})`.slice(
          0,
          120,
        ),
      code: ticket.accessCode as string,
    }));
  const page = accessPageUrl(deps.config.siteUrl, order.locale, order.eventId);
  if (accessCodes.length > 0) return { accessCodes, broadcastUrl: page, helpUrl: `${page}#assistance` };
  return extras.onlineUrl?.startsWith('https://') ? { broadcastUrl: extras.onlineUrl } : {};
}

function confirmationEmail(
  deps: Pick<Deps, 'config'>,
  file: OrderFile,
  facts: OrderEventFacts,
  extras: EventExtras,
  custom: {
    message?: string;
    accessToken?: string;
    ticketsAttached: boolean;
    attachments: EmailAttachment[];
  },
): EmailRequest {
  const { order } = file;
  const locale = order.locale;
  const registration = order.totalCents === 0;
  const name = firstName(order.buyer.name);
  const sold = file.lines.filter((line) => line.kind !== 'discount');
  const taxes = [
    { label: locale === 'fr' ? 'TPS' : 'GST', amountCents: order.gstCents },
    { label: locale === 'fr' ? 'TVQ' : 'QST', amountCents: order.qstCents },
  ].filter((tax) => tax.amountCents > 0);
  const data: OrderConfirmationData = {
    organizationName: facts.organizationName,
    eventTitle: facts.eventTitle,
    dates: facts.dates,
    timeZone: facts.timeZone,
    ...(facts.venue && !extras.online ? { venue: facts.venue } : {}),
    ...(name ? { firstName: name } : {}),
    buyerName: order.buyer.name.slice(0, 200),
    orderNumber: order.orderId,
    registration,
    currency: order.currency,
    lines: sold.map((line) => ({
      category: lineName(line, locale),
      quantity: line.quantity,
      unitPriceCents: Math.max(0, Math.round(line.baseCents / Math.max(1, line.quantity))),
      taxCents: line.gstCents + line.qstCents,
    })),
    taxes,
    totalCents: order.totalCents,
    pickUpOnSite: order.pickUpAtVenue && !extras.online,
    ticketsAttached: custom.ticketsAttached,
    ...(custom.message ? { customMessage: custom.message.slice(0, 2000) } : {}),
    online: extras.online,
    ...(extras.online ? onlineAccess(deps, file, extras) : {}),
    orderUrl: buyerOrderUrl(deps.config.siteUrl, order, custom.accessToken),
    ...(registration && custom.accessToken
      ? { cancelUrl: buyerCancelUrl(deps.config.siteUrl, order, custom.accessToken) }
      : {}),
  };
  return {
    templateId: 'order.confirmation',
    locale,
    to: order.buyer.email,
    data,
    ...(custom.attachments.length > 0 ? { attachments: custom.attachments } : {}),
  };
}

/** TIX-10: see the module's comment. Throws on a failure worth retrying (S3, Chromium, DynamoDB). */
export async function sendOrderDocuments(
  deps: OrderDocumentsDeps,
  input: { orderId: string },
): Promise<OrderDocumentsOutcome> {
  const marker = { scope: orderDocumentsScope, key: input.orderId };
  if (await wasHandled(deps.db.orders, marker)) return 'alreadySent';
  const file = await readOrderFile(deps, input.orderId);
  if (!file) {
    deps.log.warn('order.confirmed for an unknown order: dropped', { orderId: input.orderId });
    return 'unknownOrder';
  }
  const { order } = file;
  if (order.status !== 'paid') return 'notPaid';

  // TIX-08: a pass is no event: its tickets say their own events, it has no ticketing settings.
  const pass = order.passEventIds !== undefined;
  const [facts, extras, settings] = await Promise.all([
    orderEventFacts(deps, order),
    pass ? { online: false, showTime: true } : eventExtras(deps, order.eventId),
    pass ? undefined : readTicketingSettings(deps, order.eventId),
  ]);
  const names = orderDocumentNames(order.orderId, order.locale);
  const attachments: EmailAttachment[] = [];
  const store = async (filename: string, body: Uint8Array) => {
    const key = orderDocumentKey(order.orderId, filename);
    await deps.files.put({ bucket: 'documents', key, body, contentType: pdfType });
    attachments.push({ key, filename, contentType: pdfType });
  };
  if (order.totalCents > 0) {
    const seller = await sellerOf(deps, order, facts);
    await store(names.receipt, await renderReceiptPdf(deps, receiptView(file, facts, seller)));
  }
  const tickets = ticketsView(deps, file, facts, extras);
  // TIX-04: tickets picked up at the venue are not sent (an online event has nothing to pick up).
  const ticketsAttached = (!order.pickUpAtVenue || extras.online) && tickets.tickets.length > 0;
  if (ticketsAttached) {
    await store(names.tickets, (await renderTicketsPdf(deps, tickets)).pdf);
  }

  const access = order.accessTokenHashes.length < maxAccessTokens ? newAccessToken() : undefined;
  const message = settings?.messages.confirmation?.[order.locale];
  const email = confirmationEmail(deps, file, facts, extras, {
    ...(message ? { message } : {}),
    ...(access ? { accessToken: access.token } : {}),
    ticketsAttached,
    attachments,
  });
  const now = deps.clock.now();
  try {
    await commitWithEmails(deps, {
      entities: deps.db.orders.entities,
      writes: (joined) => [
        joined.dedupeMarker
          .create({
            ...marker,
            at: now.toISOString(),
            expiresAt: epochSeconds(now, webhookDedupeDays),
          })
          .commit(),
        ...(access
          ? [
              joined.order
                .patch({ orderId: order.orderId })
                .append({ accessTokenHashes: [access.hash] })
                .commit(),
            ]
          : []),
      ],
      emails: [email],
    });
  } catch (error) {
    // Another delivery committed first (its marker refused ours): it sent the e-mail.
    if (error instanceof ConflictError && (await wasHandled(deps.db.orders, marker))) return 'alreadySent';
    throw error;
  }
  return 'sent';
}
