/**
 * The buyer's order page (TIX-09, TIX-10, TIX-11), its documents and the one-step cancellation of a
 * free registration. No account: the access token is the only key (`?cle=` or the order's cookie,
 * ./order-key.ts); a missing or wrong key, or another order's, gets « introuvable » and nothing
 * else — never whether the order exists. The pages are the buyer's alone: no-store, noindex, no
 * referrer. On load the page asks the provider itself (syncOrderPayment), so the buyer back from
 * paying sees « Payée » without waiting for the webhook.
 */
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverFiles } from '$lib/server/files';
import { formFailure } from '$lib/server/form';
import { DomainError } from '$shared/kernel/errors';
import { cancelRegistration } from '$shared/orders/cancel-order';
import { syncOrderPayment } from '$shared/orders/confirm-order';
import { orderEventFacts } from '$shared/orders/order-emails';
import { getOrderForBuyer } from '$shared/orders/order-queries';
import type { OrderFile } from '$shared/orders/order-support';
import { orderDocumentKey, orderDocumentNames } from '$shared/orders/send-order-documents';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { readTicketingSettings } from '$shared/ticketing/ticketing-settings';
import { checkoutDeps } from './checkout-deps';
import { orderKeyOf } from './order-key';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

export const documentKinds = ['recu', 'billets'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** Headers of every page of an order: the buyer's alone, never indexed, its key never sent to another site. */
function privateHeaders(event: Event): void {
  event.setHeaders({
    'cache-control': 'private, no-store',
    'x-robots-tag': 'noindex, nofollow',
    // Same origin only: the key in the address never leaves the site, and its forms keep their Origin.
    'referrer-policy': 'same-origin',
  });
}

const notFound: (locale: Locale) => never = (locale) => error(404, t(locale, 'checkout.order.notFound'));

/** The order of the URL opened with the request's key, or 404 « introuvable » for anything else. */
async function buyerOrder(event: Event, again = false): Promise<{ file: OrderFile; key: string }> {
  const { locale } = event.locals;
  if (!again) privateHeaders(event);
  const orderId = String(event.params.orderId ?? '');
  const key = orderKeyOf(event, orderId);
  if (!key || !orderId || orderId.length > 64) return notFound(locale);
  try {
    return { file: await getOrderForBuyer(checkoutDeps(), { orderId, accessToken: key }), key };
  } catch (cause) {
    // A wrong key, a malformed one or id: all the same « introuvable ».
    if (cause instanceof DomainError && cause.status < 500) notFound(locale);
    throw cause;
  }
}

/** Where an order's documents are (decision 0018): `orders/<orderId>/<name>`, named in the buyer's language. */
function documentKey(file: OrderFile, kind: DocumentKind) {
  const names = orderDocumentNames(file.order.orderId, file.order.locale);
  const filename = kind === 'recu' ? names.receipt : names.tickets;
  return { key: orderDocumentKey(file.order.orderId, filename), filename };
}

async function documentExists(file: OrderFile, kind: DocumentKind): Promise<boolean> {
  const found = await serverFiles().readStart({
    bucket: 'documents',
    key: documentKey(file, kind).key,
    length: 1,
  });
  return found !== undefined;
}

/** The order page: the payment synced with the provider, then the order as it now is. */
export async function loadOrder(event: Event) {
  const { locale } = event.locals;
  let { file, key } = await buyerOrder(event);
  const deps = checkoutDeps();
  const { order } = file;
  const unsettled = ['pendingPayment', 'expired', 'failed'].includes(order.status);
  const unpublished = order.status === 'paid' && !order.confirmationPublishedAt;
  if (unsettled || unpublished) {
    try {
      const synced = await syncOrderPayment(deps, { orderId: order.orderId });
      if (synced.status !== order.status) ({ file, key } = await buyerOrder(event, true));
    } catch (cause) {
      // The provider cannot be asked now: the page shows the order as stored, the webhook will follow.
      deps.log.warn('order page could not sync the payment', {
        orderId: order.orderId,
        error: cause instanceof Error ? cause.name : 'Error',
      });
    }
  }
  const current = file.order;
  // TIX-08: a pass has no ticketing settings of its own (no organizer's message).
  const [facts, settings] = await Promise.all([
    orderEventFacts(deps, current),
    current.passEventIds ? undefined : readTicketingSettings(deps, current.eventId),
  ]);
  const paid = current.status === 'paid';
  const [receipt, tickets] = paid
    ? await Promise.all([documentExists(file, 'recu'), documentExists(file, 'billets')])
    : [false, false];
  const back = event.url.searchParams.get('retour');
  const done = event.url.searchParams.get('fait');
  return {
    key,
    order: {
      orderId: current.orderId,
      status: current.status,
      free: current.totalCents === 0,
      buyerName: current.buyer.name,
      buyerEmail: current.buyer.email,
      pickUpAtVenue: current.pickUpAtVenue,
      provider: current.provider,
      transactionId: current.transactionId,
      currency: current.currency,
      subtotalCents: current.subtotalCents,
      discountCents: current.discountCents,
      gstCents: current.gstCents,
      qstCents: current.qstCents,
      totalCents: current.totalCents,
      refundedCents: current.refundedCents,
      promoCode: current.promoCode,
      heldUntil: current.heldUntil,
      placedAt: current.placedAt,
      paidAt: current.paidAt,
      // Resuming the payment: the provider's page of this order, while its seats are held.
      checkoutUrl: current.status === 'pendingPayment' ? current.checkoutUrl : undefined,
    },
    lines: file.lines
      .filter((line) => line.kind !== 'discount')
      .map((line) => ({
        lineNo: line.lineNo,
        kind: line.kind,
        name: locale === 'fr' ? line.nameFr || line.nameEn : line.nameEn || line.nameFr,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        totalCents: line.totalCents,
        taxes: line.taxes,
      })),
    tickets: file.tickets.map((ticket, index) => ({
      number: index + 1,
      ticketId: ticket.ticketId,
      status: ticket.status,
      category:
        file.lines.find((line) => line.kind === 'ticket' && line.refId === ticket.ticketTypeId)?.[
          locale === 'fr' ? 'nameFr' : 'nameEn'
        ] ?? '',
    })),
    event: {
      title: facts.eventTitle,
      slug: facts.eventSlug,
      organizationName: facts.organizationName,
      dates: facts.dates,
      timeZone: facts.timeZone,
      venue: facts.venue,
      /** TIX-08: a pass's page, and the events it admits to. */
      passId: facts.pass?.passId,
      passEvents: (facts.pass?.events ?? []).map((passEvent) => ({
        title: passEvent.title,
        slug: passEvent.slug,
        startsAt: passEvent.startsAt,
        timeZone: passEvent.timeZone,
      })),
    },
    documents: { receipt, tickets },
    confirmationMessage: settings?.messages.confirmation?.[locale] || undefined,
    returned:
      back === 'annule' ? ('cancelled' as const) : back === 'paiement' ? ('paid' as const) : undefined,
    cancelled: done === 'annulee',
  };
}

/** TIX-10: a document of the order, behind its key; a 5-minute signed link to the stored PDF. */
export async function orderDocument(event: Event): Promise<never> {
  const { locale } = event.locals;
  const kind = String(event.params.kind ?? '');
  if (!(documentKinds as readonly string[]).includes(kind)) notFound(locale);
  const { file } = await buyerOrder(event);
  if (file.order.status !== 'paid') notFound(locale);
  const { key, filename } = documentKey(file, kind as DocumentKind);
  const files = serverFiles();
  if (!(await files.readStart({ bucket: 'documents', key, length: 1 }))) {
    error(404, t(locale, 'checkout.order.documentPending'));
  }
  const { url } = await files.presignDownload({
    bucket: 'documents',
    key,
    fileName: filename,
    contentType: 'application/pdf',
    expiresInSeconds: 300,
  });
  redirect(303, url);
}

/** TIX-11: the confirmation step of cancelling a free registration. */
export async function loadCancellation(event: Event) {
  const { locale } = event.locals;
  const { file, key } = await buyerOrder(event);
  const facts = await orderEventFacts(checkoutDeps(), file.order);
  const { order } = file;
  const cancellable = order.status === 'paid' && order.totalCents === 0;
  if (!cancellable && !(order.status === 'cancelled' && order.totalCents === 0)) {
    // Not a free registration (a paid order is refunded by the organizer): back to the order.
    redirect(303, paths.buyerOrder(locale, order.orderId, key));
  }
  return {
    key,
    orderId: order.orderId,
    cancelled: order.status === 'cancelled',
    ticketCount: order.ticketCount,
    event: { title: facts.eventTitle, dates: facts.dates, timeZone: facts.timeZone },
  };
}

/** « Annuler mon inscription »: one step; the seats go back on sale, the organizer is told. */
export async function cancelRegistrationForm(event: Event) {
  const { locale } = event.locals;
  const { file, key } = await buyerOrder(event);
  try {
    await cancelRegistration(checkoutDeps(), { orderId: file.order.orderId, accessToken: key });
  } catch (cause) {
    return formFailure(cause, locale, { form: 'cancel' });
  }
  redirect(303, `${paths.buyerOrder(locale, file.order.orderId, key)}&fait=annulee`);
}
