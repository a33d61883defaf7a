/**
 * The organization portal's « Commandes » (TIX-14, REP-04): the list by date range with the range's
 * sales, an order's detail (lines with taxes, the payment ledger with the provider's numbers, the
 * tickets, the buyer, the receipt and tickets PDFs) and its two actions, each behind a confirmation
 * step: « Rembourser » (all or part, with a reason) and « Annuler la commande ». Thin over
 * shared/orders. The organization is the session's (`orgActor`): another organization's order is
 * "not found" (404), so ids cannot be probed; only the « Organisme » role enters (ROLE-03: a chat
 * moderator gets 403 from the guard).
 */
import { randomUUID } from 'node:crypto';
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { type OrderStateWord, orderStateWords } from '$lib/components/orders/order-states';
import { paths } from '$lib/paths';
import { checkoutDeps } from '$lib/server/checkout/checkout-deps';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure, pageFailure, readForm } from '$lib/server/form';
import { centsOfField } from '$lib/server/money-field';
import { orgActor } from '$lib/server/organization/event-actions';
import { organizationEvents } from '$shared/calendar/organization-events';
import { listMembers } from '$shared/identity/members';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { addDays, localDateOf, zonedToUtc } from '$shared/kernel/zoned-time';
import { orderCodedEvents } from '$shared/orders/access-codes';
import { cancelOrder, refundOrder } from '$shared/orders/cancel-order';
import { RefundTooMuchError } from '$shared/orders/errors';
import type { Order } from '$shared/orders/order';
import { findOrderByPaymentRef, getOrder, listOrders, type OrderSummary } from '$shared/orders/order-queries';
import type { OrderFile } from '$shared/orders/order-support';
import { maxReportDays, type SalesFigures, salesByDay } from '$shared/orders/sales-report';
import { orderDocumentKey, orderDocumentNames } from '$shared/orders/send-order-documents';
import { formatDate, formatDateTime, formatMoney } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { passesOfOrganization, readPass } from '$shared/ticketing/passes';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/**
 * The zone report days are counted in when an organization has none of its own (data model §1.3:
 * the organization's zone; organizations do not store one yet, and the region's is Québec's).
 */
export const reportTimeZone = 'America/Toronto';

/** Orders read per page of the list; the event and state filters run over this page only. */
export const ordersPageSize = 100;

// --- Dates ---

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function isDay(value: string): boolean {
  if (!dayPattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The range of `?du=…&au=…` (report days, both included), or the last 30 days; `valid` is false
 * when dates were given but could not be used (the page says so and shows the default).
 */
export function rangeOf(url: URL, now: Date): { from: string; to: string; valid: boolean; given: boolean } {
  const today = localDateOf(now.toISOString(), reportTimeZone);
  const fallback = { from: addDays(today, -29), to: today };
  const from = url.searchParams.get('du')?.trim() ?? '';
  const to = url.searchParams.get('au')?.trim() ?? '';
  if (!from && !to) return { ...fallback, valid: true, given: false };
  const wantedFrom = from || (isDay(to) ? addDays(to, -29) : '');
  const wantedTo = to || today;
  const ok =
    isDay(wantedFrom) &&
    isDay(wantedTo) &&
    wantedFrom <= wantedTo &&
    addDays(wantedFrom, maxReportDays - 1) >= wantedTo;
  return ok
    ? { from: wantedFrom, to: wantedTo, valid: true, given: true }
    : { ...fallback, valid: false, given: true };
}

/** A report day as people read it: « 3 mars 2026 ». */
export function dayLabel(localDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${localDate}T12:00:00.000Z`));
}

/** Sums as text, one per currency: « 125,00 $ ». */
export function figuresText(figures: SalesFigures[], locale: Locale) {
  return figures.map((figure) => ({
    currency: figure.currency,
    tickets: figure.tickets,
    passes: figure.passes,
    orders: figure.orders,
    revenue: formatMoney(figure.revenueCents, figure.currency, locale),
    revenueCents: figure.revenueCents,
  }));
}

// --- States in words ---

/** What the organizer reads for an order's state: a free registration or a part refund say so. */
export function stateWord(order: Pick<Order, 'status' | 'totalCents' | 'refundedCents'>): OrderStateWord {
  if (order.status === 'paid' && order.totalCents === 0) return 'paidFree';
  if (order.status === 'paid' && order.refundedCents > 0) return 'partlyRefunded';
  return order.status;
}

// --- The list ---

export interface OrderRow {
  orderId: string;
  placedAt: string;
  buyerName: string;
  buyerEmail: string;
  eventId: string;
  eventTitle: string;
  state: OrderStateWord;
  total: string;
  refunded?: string;
}

function rowOf(order: OrderSummary, titles: Map<string, string>, locale: Locale): OrderRow {
  return {
    orderId: order.orderId,
    placedAt: formatDateTime(order.placedAt, reportTimeZone, locale),
    buyerName: order.buyerName,
    buyerEmail: order.buyerEmail,
    eventId: order.eventId,
    eventTitle: titles.get(order.eventId) ?? t(locale, 'ordersPortal.list.unknownEvent'),
    state: stateWord(order),
    total:
      order.totalCents === 0
        ? t(locale, 'ordersPortal.list.free')
        : formatMoney(order.totalCents, order.currency, locale),
    ...(order.refundedCents > 0
      ? { refunded: formatMoney(order.refundedCents, order.currency, locale) }
      : {}),
  };
}

/** The list's own query string (range and filters), to page on and to come back to. */
function listQuery(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** TIX-08: what an order of a pass is listed and filtered under: « Passe : Festival d’été ». */
export function passTitle(title: string, locale: Locale): string {
  // « Passe Festi Jazz » says it is a pass already.
  if (/^pass(e)?\b/i.test(title.trim())) return title;
  return t(locale, 'ordersPortal.list.passTitle', { title });
}

/**
 * « Commandes »: a page of the range's orders (newest first), filtered by event (or pass, TIX-08)
 * and state in memory, the range's sales from the report counters, and the search by payment
 * number (found: straight to the order).
 */
export async function loadOrderList(event: Event) {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const { url } = event;
  const deps = serverDeps();
  const range = rangeOf(url, deps.clock.now());
  const wanted = url.searchParams.get('numero')?.trim().slice(0, 200) ?? '';
  if (wanted.length >= 3) {
    const found = await findOrderByPaymentRef(deps, { actor, ref: wanted });
    if (found) redirect(303, paths.organizationOrder(locale, found.orderId));
  }
  const cursor = url.searchParams.get('suite')?.slice(0, 2000) || null;
  const fromIso = zonedToUtc(`${range.from}T00:00`, reportTimeZone);
  const toIso = zonedToUtc(`${addDays(range.to, 1)}T00:00`, reportTimeZone);
  const [page, events, passes, sales] = await Promise.all([
    listOrders(deps, { actor, from: fromIso, to: toIso, cursor, limit: ordersPageSize }).catch((cause) => {
      // A cursor that is not ours (edited by hand, or of another range): the first page.
      if (!cursor) throw cause;
      return listOrders(deps, { actor, from: fromIso, to: toIso, limit: ordersPageSize });
    }),
    organizationEvents(deps, { orgId: actor.orgId }),
    passesOfOrganization(deps, actor.orgId),
    salesByDay(deps, { actor, from: range.from, to: range.to }),
  ]);
  // A transaction number (pi_…, a PayPal capture) is not indexed: it is looked for on this page.
  const byTransaction = wanted ? page.orders.find((order) => order.transactionId === wanted) : undefined;
  if (byTransaction) redirect(303, paths.organizationOrder(locale, byTransaction.orderId));

  const allEvents = Object.values(events.byState)
    .flat()
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  // TIX-08: a pass's orders carry the pass's id where an event's carry the event's.
  const passChoices = passes.map((pass) => ({ eventId: pass.passId, title: passTitle(pass.title, locale) }));
  const titles = new Map([
    ...allEvents.map((item) => [item.eventId, item.title] as const),
    ...passChoices.map((item) => [item.eventId, item.title] as const),
  ]);
  const eventFilter = url.searchParams.get('evenement') ?? '';
  const stateParam = url.searchParams.get('etat') ?? '';
  const stateFilter = orderStateWords.find((state) => state === stateParam);
  const rows = page.orders
    .filter((order) => !eventFilter || order.eventId === eventFilter)
    .filter((order) => !stateFilter || stateWord(order) === stateFilter)
    .map((order) => rowOf(order, titles, locale));
  const base = {
    du: range.given && range.valid ? range.from : undefined,
    au: range.given && range.valid ? range.to : undefined,
    evenement: eventFilter || undefined,
    etat: stateFilter,
  };
  return {
    range: {
      from: range.from,
      to: range.to,
      valid: range.valid,
      fromLabel: dayLabel(range.from, locale),
      toLabel: dayLabel(range.to, locale),
    },
    filters: { event: eventFilter, state: stateFilter ?? '', search: wanted },
    searchMiss: wanted ? wanted : undefined,
    events: allEvents.map((item) => ({ eventId: item.eventId, title: item.title })),
    passes: passChoices,
    totals: figuresText(sales.totals, locale),
    rows,
    pageSize: page.orders.length,
    filtered: Boolean(eventFilter || stateFilter),
    next: page.cursor
      ? `${paths.organizationOrders(locale)}${listQuery({ ...base, suite: page.cursor })}`
      : undefined,
    first: cursor ? `${paths.organizationOrders(locale)}${listQuery(base)}` : undefined,
  };
}

// --- One order ---

/** The order of the URL, of the session's organization; 404 for another one's or none. */
async function ownOrder(event: Event): Promise<{ actor: ReturnType<typeof orgActor>; file: OrderFile }> {
  const actor = orgActor(event);
  const orderId = String(event.params.orderId ?? '');
  try {
    return { actor, file: await getOrder(serverDeps(), { actor, orderId }) };
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(event.locals.locale, 'ordersPortal.detail.notFound'));
    }
    throw cause;
  }
}

const providerName = (provider?: string) => (provider === 'paypal' ? 'PayPal' : 'Stripe');

async function eventTitle(eventId: string): Promise<string | undefined> {
  const { data } = await serverDeps().db.calendar.entities.event.get({ eventId }).go();
  return data?.title;
}

/**
 * What the order is for: its event's title, or for a pass's order (TIX-08) the pass's title and
 * the events it admits to (as the pass listed them at checkout), by date, each with its day.
 */
async function orderSubject(order: Order, locale: Locale) {
  if (!order.passEventIds) return { title: await eventTitle(order.eventId), passEvents: undefined };
  const deps = serverDeps();
  const [pass, events] = await Promise.all([
    readPass(deps, order.eventId),
    order.passEventIds.length > 0
      ? deps.db.calendar.entities.event
          .get(order.passEventIds.map((eventId) => ({ eventId })))
          .go({ attributes: ['eventId', 'title', 'startsAt', 'timeZone'] })
      : { data: [] },
  ]);
  const byId = new Map(events.data.map((item) => [item.eventId, item]));
  const unknown = t(locale, 'ordersPortal.list.unknownEvent');
  const passEvents = order.passEventIds
    .map((eventId) => {
      const item = byId.get(eventId);
      return {
        eventId,
        title: item?.title ?? unknown,
        startsAt: item?.startsAt ?? '~',
        date: item ? formatDate(item.startsAt, item.timeZone, locale) : undefined,
      };
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map(({ startsAt: _, ...rest }) => rest);
  return { title: pass?.title, passEvents };
}

/** Which documents exist for the order, by their kind in the URL (`recu`, `billets`). */
async function documentsOf(order: Order) {
  const names = orderDocumentNames(order.orderId, order.locale);
  const files = serverFiles();
  const [receipt, tickets] = await Promise.all([
    order.totalCents > 0
      ? files.head({ bucket: 'documents', key: orderDocumentKey(order.orderId, names.receipt) })
      : undefined,
    files.head({ bucket: 'documents', key: orderDocumentKey(order.orderId, names.tickets) }),
  ]);
  return { receipt: Boolean(receipt), tickets: Boolean(tickets) };
}

const detailNotices = ['refunded', 'refundedAll', 'cancelled', 'already'] as const;

/** The order's detail: everything the seed's « facture » shows, and what may be done with it. */
export async function loadOrderDetail(event: Event) {
  const { actor, file } = await ownOrder(event);
  const { locale } = event.locals;
  const { order, lines, payments, tickets } = file;
  const deps = serverDeps();
  const [subject, members, documents] = await Promise.all([
    orderSubject(order, locale),
    listMembers(deps, { orgId: actor.orgId }),
    documentsOf(order),
  ]);
  const names = new Map(members.map((member) => [member.userId, member.displayName || member.email]));
  const zone = order.timeZone;
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const lineName = (line: { nameFr: string; nameEn: string }) =>
    locale === 'fr' ? line.nameFr || line.nameEn : line.nameEn || line.nameFr;
  const categoryNames = new Map(
    lines.filter((line) => line.kind === 'ticket').map((line) => [line.refId, lineName(line)]),
  );
  const by = (source: string) => {
    if (source.startsWith('user:')) {
      return names.get(source.slice(5)) ?? t(locale, 'ordersPortal.detail.byUnknown');
    }
    return t(locale, 'ordersPortal.detail.byProvider', { provider: providerName(order.provider) });
  };
  const done = event.url.searchParams.get('fait');
  const amount = Number.parseInt(event.url.searchParams.get('montant') ?? '', 10);
  const left = order.totalCents - order.refundedCents;
  return {
    order: {
      orderId: order.orderId,
      state: stateWord(order),
      placedAt: formatDateTime(order.placedAt, zone, locale),
      paidAt: order.paidAt ? formatDateTime(order.paidAt, zone, locale) : undefined,
      closedAt: order.closedAt ? formatDateTime(order.closedAt, zone, locale) : undefined,
      eventTitle: subject.title ?? t(locale, 'ordersPortal.list.unknownEvent'),
      eventId: order.eventId,
      /** TIX-08: the events a pass's order admits to; absent for an event's order. */
      passEvents: subject.passEvents,
      provider: order.provider ? providerName(order.provider) : undefined,
      transactionId: order.transactionId,
      providerRef: order.providerRef,
      promoCode: order.promoCode,
      pickUpAtVenue: order.pickUpAtVenue,
      buyer: order.buyer,
      free: order.totalCents === 0,
      subtotal: money(order.subtotalCents),
      discount: order.discountCents > 0 ? money(order.discountCents) : undefined,
      gst: money(order.gstCents),
      qst: money(order.qstCents),
      total: money(order.totalCents),
      refunded: order.refundedCents > 0 ? money(order.refundedCents) : undefined,
      left: order.status === 'paid' && left > 0 && left < order.totalCents ? money(left) : undefined,
    },
    lines: lines.map((line) => ({
      lineNo: line.lineNo,
      name: lineName(line),
      kind: line.kind,
      quantity: line.quantity,
      unit: money(line.unitPriceCents),
      taxes: line.taxes,
      base: money(line.baseCents),
      gst: money(line.gstCents),
      qst: money(line.qstCents),
      total: money(line.totalCents),
    })),
    ledger: payments.map((payment) => ({
      id: payment.paymentId,
      kind: payment.kind,
      at: formatDateTime(payment.at, zone, locale),
      amount: money(payment.amountCents),
      provider: providerName(payment.provider),
      transactionId: payment.transactionId,
      refundId: payment.refundId,
      by: by(payment.source),
      note: payment.note,
    })),
    tickets: tickets.map((ticket) => ({
      ticketId: ticket.ticketId,
      category: categoryNames.get(ticket.ticketTypeId) ?? ticket.ticketTypeId,
      // TIX-08: a pass's tickets are each for one of its events.
      event: subject.passEvents
        ? (subject.passEvents.find((item) => item.eventId === ticket.eventId)?.title ??
          t(locale, 'ordersPortal.list.unknownEvent'))
        : undefined,
      status: ticket.status,
      usedAt: ticket.usedAt ? formatDateTime(ticket.usedAt, zone, locale) : undefined,
      usedBy: ticket.usedBy ? names.get(ticket.usedBy) : undefined,
      accessCode: ticket.accessCode,
    })),
    documents: {
      receipt: order.totalCents > 0 ? (documents.receipt ? 'ready' : 'missing') : 'none',
      tickets: tickets.length > 0 ? (documents.tickets ? 'ready' : 'missing') : 'none',
    } as const,
    may: {
      refund: order.status === 'paid' && order.totalCents > 0 && left > 0,
      cancel: order.status === 'paid',
      // TIX-13: an online event's tickets carry access codes the organizer may create or reset.
      accessCodes: order.status === 'paid' && (await orderCodedEvents(deps, order)).size > 0,
    },
    notice: detailNotices.find((notice) => notice === done),
    noticeAmount: Number.isInteger(amount) && amount > 0 ? money(amount) : undefined,
  };
}

// --- Refund (TIX-14) ---

export const refundFormNames = ['amount', 'reason'] as const;
const confirmFormNames = ['amountCents', 'reason', 'refundKey'] as const;
const maxReason = 200;

function refundFacts(file: OrderFile, locale: Locale) {
  const { order } = file;
  const left = order.totalCents - order.refundedCents;
  return {
    orderId: order.orderId,
    buyer: order.buyer.name,
    provider: providerName(order.provider),
    total: formatMoney(order.totalCents, order.currency, locale),
    left: formatMoney(Math.max(left, 0), order.currency, locale),
    leftCents: left,
    refundable: order.status === 'paid' && order.totalCents > 0 && left > 0,
  };
}

/** « Rembourser »: the form, when the order may be refunded. */
export async function loadRefund(event: Event) {
  const { file } = await ownOrder(event);
  return { order: refundFacts(file, event.locals.locale) };
}

/** First step: the amount and reason checked, the confirmation shown with a fresh form key. */
export async function reviewRefundForm(event: Event) {
  const { file } = await ownOrder(event);
  const { locale } = event.locals;
  const values = await readForm(event.request, refundFormNames);
  const facts = refundFacts(file, locale);
  const form = 'review';
  if (!facts.refundable) {
    return pageFailure(409, 'order_state', t(locale, 'ordersPortal.refund.notRefundable'), { form, values });
  }
  const typed = centsOfField(values.amount);
  const fields: Record<string, string> = {};
  if (typed === null || typed === 0) fields.amount = t(locale, 'ordersPortal.refund.badAmount');
  const reason = values.reason.trim();
  if (reason.length > maxReason) fields.reason = t(locale, 'ordersPortal.refund.reasonTooLong');
  const amountCents = typed ?? facts.leftCents;
  if (!fields.amount && amountCents > facts.leftCents) {
    fields.amount = new RefundTooMuchError(facts.left).userMessage[locale];
  }
  const messages = Object.values(fields);
  if (messages.length > 0) {
    return pageFailure(
      400,
      'validation_failed',
      messages.length === 1 ? (messages[0] ?? '') : t(locale, 'form.errorSummary.fields'),
      {
        form,
        values,
        fields,
      },
    );
  }
  return {
    form: 'confirm' as const,
    confirm: {
      amountCents,
      amount: formatMoney(amountCents, file.order.currency, locale),
      full: amountCents === facts.leftCents,
      reason,
      refundKey: randomUUID(),
    },
    values,
  };
}

/** Second step: the refund through the provider, once per form key; back to the order. */
export async function refundForm(event: Event) {
  const { actor, file } = await ownOrder(event);
  const { locale } = event.locals;
  const values = await readForm(event.request, confirmFormNames);
  const amountCents = Number.parseInt(values.amountCents, 10);
  const shown = {
    amount: Number.isInteger(amountCents) ? String(amountCents / 100) : '',
    reason: values.reason,
  };
  let status: Order['status'];
  try {
    const result = await refundOrder(checkoutDeps(), {
      actor,
      orderId: file.order.orderId,
      refundKey: values.refundKey,
      ...(Number.isInteger(amountCents) && amountCents > 0 ? { amountCents } : {}),
      ...(values.reason.trim() ? { reason: values.reason } : {}),
    });
    status = result.status;
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'ordersPortal.detail.notFound'));
    return formFailure(cause, locale, { form: 'review', values: shown, paths: { amountCents: 'amount' } });
  }
  const notice = status === 'paid' ? `refunded&montant=${amountCents}` : 'refundedAll';
  redirect(303, `${paths.organizationOrder(locale, file.order.orderId)}?fait=${notice}`);
}

// --- Cancel (TIX-14) ---

export async function loadCancel(event: Event) {
  const { file } = await ownOrder(event);
  const { locale } = event.locals;
  const { order, tickets } = file;
  const facts = refundFacts(file, locale);
  return {
    order: {
      orderId: order.orderId,
      buyer: facts.buyer,
      provider: facts.provider,
      left: facts.left,
      tickets: tickets.filter((ticket) => ticket.status === 'valid').length,
      kind: order.totalCents === 0 ? 'free' : facts.leftCents > 0 ? 'paid' : 'refunded',
      cancellable: order.status === 'paid',
    },
    // The form key: a double-clicked « Oui, annuler » refunds once.
    refundKey: randomUUID(),
  };
}

export async function cancelForm(event: Event) {
  const { actor, file } = await ownOrder(event);
  const { locale } = event.locals;
  const values = await readForm(event.request, ['refundKey', 'reason'] as const);
  if (values.reason.trim().length > maxReason) {
    return pageFailure(400, 'validation_failed', t(locale, 'ordersPortal.refund.reasonTooLong'), {
      form: 'cancel',
      values,
      fields: { reason: t(locale, 'ordersPortal.refund.reasonTooLong') },
    });
  }
  let changed: boolean;
  try {
    ({ changed } = await cancelOrder(checkoutDeps(), {
      actor,
      orderId: file.order.orderId,
      refundKey: values.refundKey,
      ...(values.reason.trim() ? { reason: values.reason } : {}),
    }));
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'ordersPortal.detail.notFound'));
    return formFailure(cause, locale, { form: 'cancel', values });
  }
  redirect(
    303,
    `${paths.organizationOrder(locale, file.order.orderId)}?fait=${changed ? 'cancelled' : 'already'}`,
  );
}

// --- Documents (TIX-10, REP-04) ---

/** Above this the browser is sent to a short signed link instead of through the server (Lambda's 6 MB). */
const streamedBytes = 4 * 1024 * 1024;

/**
 * The receipt (`recu`) or tickets (`billets`) PDF of an order of the session's organization, read
 * from the documents bucket and answered as an attachment; never cached (it depends on who asks).
 */
export async function orderDocument(event: Event): Promise<Response> {
  const { file } = await ownOrder(event);
  const { locale } = event.locals;
  const kind = String(event.params.kind ?? '');
  const names = orderDocumentNames(file.order.orderId, file.order.locale);
  const fileName = kind === 'recu' ? names.receipt : kind === 'billets' ? names.tickets : undefined;
  if (!fileName) error(404, t(locale, 'ordersPortal.detail.notFound'));
  const key = orderDocumentKey(file.order.orderId, fileName);
  const files = serverFiles();
  const stored = await files.head({ bucket: 'documents', key });
  if (!stored) error(404, t(locale, 'ordersPortal.detail.documentMissing'));
  const headers = { 'cache-control': 'private, no-store' };
  if (stored.size > streamedBytes) {
    const { url } = await files.presignDownload({
      bucket: 'documents',
      key,
      fileName,
      contentType: 'application/pdf',
      expiresInSeconds: 300,
    });
    return new Response(null, { status: 303, headers: { ...headers, location: url } });
  }
  const object = await files.readStart({ bucket: 'documents', key, length: stored.size + 1 });
  if (!object) error(404, t(locale, 'ordersPortal.detail.documentMissing'));
  return new Response(new Uint8Array(object.bytes), {
    headers: {
      ...headers,
      'content-type': 'application/pdf',
      'content-length': String(object.bytes.byteLength),
      'content-disposition': `attachment; filename="${fileName}"`,
      'x-content-type-options': 'nosniff',
    },
  });
}
