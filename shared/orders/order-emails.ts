/**
 * The e-mails orders cause (TIX-11, TIX-09 late payment), built from the order and queued in the
 * same transaction as the change that causes them (shared/comms/queue-email.ts, the outbox): the
 * organizer told of a cancelled registration, the buyer told of a cancellation or of a late payment
 * refunded. The templates are shared/templates/email/order-cancelled.ts and
 * order-late-payment-refunded.ts; this module only gathers their data.
 */
import type { EmailRequest } from '../comms/queue-email';
import type { Deps } from '../deps';
import type { OrderCancelledData, OrderCancelledOrganizerData } from '../templates/email/order-cancelled';
import type { OrderLatePaymentRefundedData } from '../templates/email/order-late-payment-refunded';
import type { PassEvent } from '../ticketing/passes';
import type { Order } from './order';
import type { OrderLine } from './order-line';

export interface OrderEventFacts {
  organizationName: string;
  /** The organization's contact address (ORG-03 profile), where its notices go. */
  contactEmail?: string;
  eventTitle: string;
  /** The event page's slug (`/<locale>/evenements/<slug>`). */
  eventSlug?: string;
  dates: { startsAt: string; endsAt?: string }[];
  timeZone: string;
  venue?: { name: string; address?: string };
  /** TIX-08: a pass's order: `eventTitle` is the pass's title, `dates` its events', and here each event. */
  pass?: { passId: string; events: PassEventFacts[] };
}

/** One event a pass admits to, as its tickets and the order's pages show it. */
export interface PassEventFacts extends PassEvent {
  online: boolean;
  onlineUrl?: string;
  venue?: { name: string; address?: string };
}

/** What every order e-mail says of the event: read by key (organization, event, its first venue). */
export async function orderEventFacts(deps: Pick<Deps, 'db'>, order: Order): Promise<OrderEventFacts> {
  if (order.passEventIds) return passOrderFacts(deps, order, order.passEventIds);
  const [organization, event] = await Promise.all([
    deps.db.identity.entities.organization.get({ orgId: order.orgId }).go(),
    deps.db.calendar.entities.event.get({ eventId: order.eventId }).go(),
  ]);
  const venueId = event.data?.venueIds[0];
  const venue = venueId ? (await deps.db.calendar.entities.venue.get({ venueId }).go()).data : undefined;
  return {
    organizationName: (organization.data?.name ?? order.orgId).slice(0, 150),
    ...(organization.data?.contactEmail ? { contactEmail: organization.data.contactEmail } : {}),
    eventTitle: (event.data?.title ?? order.eventId).slice(0, 150),
    ...(event.data?.slug ? { eventSlug: event.data.slug } : {}),
    dates: event.data
      ? [{ startsAt: event.data.startsAt, endsAt: event.data.endsAt }]
      : [{ startsAt: order.placedAt }],
    timeZone: event.data?.timeZone ?? order.timeZone,
    ...(venue ? { venue: venueFacts(venue) } : {}),
  };
}

const venueFacts = (venue: { name: string; address: string; city: string }) => ({
  name: venue.name.slice(0, 150),
  address: `${venue.address}, ${venue.city}`.slice(0, 300),
});

/** TIX-08: a pass's order: the pass's title, and each event it admits to with its first venue. */
async function passOrderFacts(
  deps: Pick<Deps, 'db'>,
  order: Order,
  eventIds: string[],
): Promise<OrderEventFacts> {
  const [organization, pass, events] = await Promise.all([
    deps.db.identity.entities.organization.get({ orgId: order.orgId }).go(),
    deps.db.ticketing.entities.pass.get({ passId: order.eventId }).go(),
    deps.db.calendar.entities.event.get(eventIds.map((eventId) => ({ eventId }))).go(),
  ]);
  const venueIds = [...new Set(events.data.flatMap((event) => event.venueIds.slice(0, 1)))];
  const venues =
    venueIds.length > 0
      ? (await deps.db.calendar.entities.venue.get(venueIds.map((venueId) => ({ venueId }))).go()).data
      : [];
  const venueById = new Map(venues.map((venue) => [venue.venueId, venue]));
  const passEvents: PassEventFacts[] = events.data
    .map((event) => {
      const venue = event.venueIds[0] ? venueById.get(event.venueIds[0]) : undefined;
      return {
        eventId: event.eventId,
        title: event.title.slice(0, 150),
        slug: event.slug,
        startsAt: event.startsAt,
        ...(event.endsAt ? { endsAt: event.endsAt } : {}),
        timeZone: event.timeZone,
        showTime: event.showTime ?? true,
        online: event.online ?? false,
        ...(event.online && event.onlineUrl ? { onlineUrl: event.onlineUrl } : {}),
        ...(venue ? { venue: venueFacts(venue) } : {}),
      };
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return {
    organizationName: (organization.data?.name ?? order.orgId).slice(0, 150),
    ...(organization.data?.contactEmail ? { contactEmail: organization.data.contactEmail } : {}),
    eventTitle: (pass.data?.title ?? order.eventId).slice(0, 150),
    dates:
      passEvents.length > 0
        ? passEvents.map(({ startsAt, endsAt }) => ({ startsAt, ...(endsAt ? { endsAt } : {}) }))
        : [{ startsAt: order.placedAt }],
    timeZone: order.timeZone,
    pass: { passId: order.eventId, events: passEvents },
  };
}

const event = (facts: OrderEventFacts) => ({
  organizationName: facts.organizationName,
  eventTitle: facts.eventTitle,
  dates: facts.dates,
  timeZone: facts.timeZone,
  ...(facts.venue ? { venue: facts.venue } : {}),
});

/** The public page of what the order bought: the event's sheet, or the pass's page (TIX-08). */
export function orderSubjectUrl(
  siteUrl: string,
  order: Pick<Order, 'eventId' | 'locale'>,
  facts: Pick<OrderEventFacts, 'eventSlug' | 'pass'>,
): string {
  // Segments are French in both languages, as every path of the site (web/src/lib/paths.ts).
  const base = `${siteUrl.replace(/\/$/, '')}/${order.locale}`;
  return facts.pass
    ? `${base}/passes/${encodeURIComponent(facts.pass.passId)}`
    : `${base}/evenements/${facts.eventSlug ?? order.eventId}`;
}

/** The buyer's order page; with the access token when the caller has one (the buyer's own click). */
export function buyerOrderUrl(
  siteUrl: string,
  order: Pick<Order, 'orderId' | 'locale'>,
  accessToken?: string,
): string {
  // Segments are French in both languages, as every path of the site (web/src/lib/paths.ts).
  const base = `${siteUrl.replace(/\/$/, '')}/${order.locale}/commandes/${order.orderId}`;
  return accessToken ? `${base}?cle=${encodeURIComponent(accessToken)}` : base;
}

/** The order in the organization portal (TIX-14). */
export function portalOrderUrl(siteUrl: string, orderId: string): string {
  return `${siteUrl.replace(/\/$/, '')}/fr/organisme/commandes/${orderId}`;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0]?.slice(0, 100);

/** TIX-11: the organizer is told that a buyer cancelled (none when the organization has no contact address). */
export function organizerCancellationEmail(
  deps: Pick<Deps, 'config'>,
  facts: OrderEventFacts,
  order: Order,
  lines: OrderLine[],
  cancelledAt: string,
): EmailRequest | undefined {
  if (!facts.contactEmail) return undefined;
  const ticketLines = lines.filter((line) => line.kind === 'ticket');
  if (ticketLines.length === 0) return undefined;
  const data: OrderCancelledOrganizerData = {
    ...event(facts),
    displayName: facts.organizationName,
    buyerName: order.buyer.name.slice(0, 200),
    orderNumber: order.orderId,
    registration: order.totalCents === 0,
    currency: order.currency,
    lines: ticketLines.map((line) => ({
      category: (line.nameFr || line.nameEn).slice(0, 120),
      quantity: line.quantity,
      unitPriceCents: Math.max(0, Math.round(line.baseCents / line.quantity)),
      taxCents: line.gstCents + line.qstCents,
    })),
    ...(order.refundedCents > 0 ? { refundedCents: order.refundedCents } : {}),
    cancelledAt,
    orderUrl: portalOrderUrl(deps.config.siteUrl, order.orderId),
  };
  return { templateId: 'order.cancelled.organizer', locale: 'fr', to: facts.contactEmail, data };
}

/** TIX-11, TIX-14: the buyer is told that the order or registration is cancelled (and what came back). */
export function buyerCancellationEmail(
  deps: Pick<Deps, 'config'>,
  facts: OrderEventFacts,
  order: Order,
  cancelledBy: 'buyer' | 'organizer',
  refundedCents: number,
  accessToken?: string,
): EmailRequest {
  const name = firstName(order.buyer.name);
  const data: OrderCancelledData = {
    ...event(facts),
    ...(name ? { firstName: name } : {}),
    orderNumber: order.orderId,
    registration: order.totalCents === 0,
    cancelledBy,
    currency: order.currency,
    ...(refundedCents > 0 ? { refundedCents } : {}),
    orderUrl: buyerOrderUrl(deps.config.siteUrl, order, accessToken),
  };
  return { templateId: 'order.cancelled', locale: order.locale, to: order.buyer.email, data };
}

/** Data model §3.13: the buyer whose late payment found no seat left is told it was refunded. */
export function latePaymentEmail(
  deps: Pick<Deps, 'config'>,
  facts: OrderEventFacts,
  order: Order,
  refundedCents: number,
): EmailRequest {
  const name = firstName(order.buyer.name);
  const data: OrderLatePaymentRefundedData = {
    ...event(facts),
    ...(name ? { firstName: name } : {}),
    orderNumber: order.orderId,
    currency: order.currency,
    refundedCents,
    eventUrl: orderSubjectUrl(deps.config.siteUrl, order, facts),
  };
  return { templateId: 'order.late-payment-refunded', locale: order.locale, to: order.buyer.email, data };
}
