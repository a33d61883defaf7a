/**
 * TIX-15: the waiting list's public pages — joining a sold-out category's list, the offer's page
 * (its link pays for exactly the held seats through startCheckout's `offerToken`), and leaving.
 * No session: the e-mails' links (random tokens, stored hashed) are the keys. Everything here calls
 * shared/orders/waiting-list.ts; the pages only read forms and map errors (form.ts).
 */
import { randomUUID } from 'node:crypto';
import { error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { checkoutDeps } from '$lib/server/checkout/checkout-deps';
import { setOrderKeyCookie } from '$lib/server/checkout/order-key';
import { allowProviderRedirects } from '$lib/server/checkout/provider-redirects';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { priceOrder } from '$shared/orders/pricing';
import { startCheckout } from '$shared/orders/start-checkout';
import {
  joinWaitingList,
  leaveWaitingList,
  offerHours,
  readWaitingListLink,
  WaitingListLinkError,
} from '$shared/orders/waiting-list';
import type { PaymentProviderName } from '$shared/payments/payment-provider';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { maxTicketsPerOrder } from '$shared/ticketing/place-hold';
import { listTicketTypes } from '$shared/ticketing/ticket-types';
import { readTicketingSettings } from '$shared/ticketing/ticketing-settings';

type Event = RequestEvent<Record<string, string>>;

const noStore = (event: Event) => event.setHeaders({ 'cache-control': 'no-store' });

/** The published event of a slug (its slug guard, then the event by key); a former slug answers 301. */
async function publishedEvent(event: Event) {
  const { locale } = event.locals;
  const { db } = serverDeps();
  const slug = String(event.params.slug ?? '');
  const notFound: () => never = () => error(404, t(locale, 'calendar.sheet.notFound'));
  if (!slug || slug.length > 200) notFound();
  const guard = (await db.calendar.entities.slugGuard.get({ slug }).go()).data;
  if (!guard) return notFound();
  const stored = (await db.calendar.entities.event.get({ eventId: guard.eventId }).go()).data;
  if (stored?.status !== 'published') return notFound();
  if (stored.slug !== slug)
    redirect(301, `${paths.eventWaitingList(locale, stored.slug)}${event.url.search}`);
  return stored;
}

/** The sold-out categories whose list a visitor may join now. */
async function joinableCategories(eventId: string, locale: Locale) {
  const deps = serverDeps();
  const [settings, list] = await Promise.all([
    readTicketingSettings(deps, eventId),
    listTicketTypes(deps, { eventId, consistent: true }),
  ]);
  if (!settings.enabled || !settings.waitingList) return [];
  const now = deps.clock.now().toISOString();
  return list.ticketTypes
    .filter(
      (type) =>
        type.status === 'active' &&
        (!type.salesStartAt || type.salesStartAt <= now) &&
        (!type.withdrawAt || type.withdrawAt > now) &&
        type.remaining < type.perPersonMax,
    )
    .map((type) => ({
      ticketTypeId: type.ticketTypeId,
      name: locale === 'fr' ? type.nameFr : type.nameEn || type.nameFr,
      max: Math.min(type.perPersonMax, maxTicketsPerOrder),
    }));
}

const joinFields = ['ticketTypeId', 'name', 'email', 'quantity'] as const;

/** The join page: the event and its sold-out categories with an open list. */
export async function loadJoin(event: Event) {
  noStore(event);
  const { locale } = event.locals;
  const found = await publishedEvent(event);
  const categories = await joinableCategories(found.eventId, locale);
  return {
    locale,
    event: { title: found.title, slug: found.slug },
    categories,
    chosen: event.url.searchParams.get('categorie') ?? '',
    offerHours,
  };
}

export async function submitJoin(event: Event) {
  const { locale } = event.locals;
  const found = await publishedEvent(event);
  const values = await readForm(event.request, joinFields);
  const labels = {
    ticketTypeId: t(locale, 'waitingList.join.category'),
    name: t(locale, 'waitingList.join.name'),
    email: t(locale, 'waitingList.join.email'),
    quantity: t(locale, 'waitingList.join.quantity'),
  };
  const missing = missingFields(values, labels, locale, { form: 'join' });
  if (missing) return missing;
  const quantity = /^\d{1,3}$/.test(values.quantity.trim())
    ? Number(values.quantity.trim())
    : values.quantity;
  try {
    const joined = await joinWaitingList(serverDeps(), {
      eventId: found.eventId,
      ticketTypeId: values.ticketTypeId,
      name: values.name,
      email: values.email,
      quantity,
      locale,
    });
    return {
      joined: {
        category: locale === 'fr' ? joined.categoryFr : joined.categoryEn || joined.categoryFr,
        quantity: joined.quantity,
        email: joined.email,
      },
    };
  } catch (cause) {
    return formFailure(cause, locale, {
      form: 'join',
      values,
      labels,
      codeFields: {
        already_waiting: 'email',
        not_sold_out: 'quantity',
        category_withdrawn: 'ticketTypeId',
        not_found: 'ticketTypeId',
      },
    });
  }
}

async function linkOf(event: Event, kind: 'leave' | 'offer') {
  try {
    return await readWaitingListLink(serverDeps(), { token: event.params.token ?? '', kind });
  } catch (cause) {
    if (cause instanceof WaitingListLinkError) error(404, cause.userMessage[event.locals.locale]);
    throw cause;
  }
}

async function eventAndCategory(eventId: string, ticketTypeId: string) {
  const deps = serverDeps();
  const [stored, type] = await Promise.all([
    deps.db.calendar.entities.event.get({ eventId }).go(),
    deps.db.ticketing.entities.ticketType.get({ eventId, ticketTypeId }).go(),
  ]);
  if (!stored.data || !type.data) error(404);
  return { stored: stored.data, type: type.data };
}

/** The leave page: what the entry is, and whether it still waits (or holds an offer). */
export async function loadLeave(event: Event) {
  noStore(event);
  const { locale } = event.locals;
  const link = await linkOf(event, 'leave');
  const { stored, type } = await eventAndCategory(link.entry.eventId, link.entry.ticketTypeId);
  return {
    locale,
    event: { title: stored.title, slug: stored.slug, timeZone: stored.timeZone },
    category: locale === 'fr' ? type.nameFr : type.nameEn || type.nameFr,
    quantity: link.entry.quantity,
    joinedAt: link.entry.joinedAt,
    canLeave: link.entry.status === 'waiting' || link.offerOpen,
    offered: link.offerOpen,
  };
}

export async function submitLeave(event: Event) {
  const { locale } = event.locals;
  try {
    await leaveWaitingList(serverDeps(), { token: event.params.token ?? '' });
  } catch (cause) {
    return formFailure(cause, locale, { form: 'leave' });
  }
  return { left: true };
}

/** The providers the organization can take payments with now (TIX-01), Stripe first. */
async function activeProviders(orgId: string): Promise<PaymentProviderName[]> {
  const { data } = await serverDeps().db.orders.entities.paymentAccount.query.byOrg({ orgId }).go();
  return (['stripe', 'paypal'] as const).filter((provider) =>
    data.some((item) => item.provider === provider && item.status === 'active'),
  );
}

/** The offer's page: the event, category, seats, price and deadline, and the buyer's form. */
export async function loadOffer(event: Event) {
  noStore(event);
  const { locale } = event.locals;
  const link = await linkOf(event, 'offer');
  const { entry } = link;
  const { stored, type } = await eventAndCategory(entry.eventId, entry.ticketTypeId);
  const priced = priceOrder({
    ticketTypes: [type],
    lines: [{ ticketTypeId: type.ticketTypeId, quantity: entry.quantity }],
    checkboxes: [],
  });
  const free = priced.totalCents === 0;
  const providers = free ? [] : await activeProviders(stored.orgId);
  // The form's answer sends the browser to the provider's page: the page's CSP must allow it.
  if (!free) allowProviderRedirects(event);
  let order: { orderId: string; status: string; checkoutUrl?: string } | undefined;
  if (entry.status === 'taken' && entry.orderId) {
    const found = (await serverDeps().db.orders.entities.order.get({ orderId: entry.orderId }).go()).data;
    if (found)
      order = {
        orderId: found.orderId,
        status: found.status,
        ...(found.status === 'pendingPayment' && found.checkoutUrl ? { checkoutUrl: found.checkoutUrl } : {}),
      };
  }
  return {
    locale,
    state: link.offerOpen
      ? 'open'
      : entry.status === 'left'
        ? 'left'
        : entry.status === 'taken'
          ? 'taken'
          : 'lapsed',
    event: {
      title: stored.title,
      slug: stored.slug,
      timeZone: stored.timeZone,
      startsAt: stored.startsAt,
      endsAt: stored.endsAt,
      showTime: stored.showTime,
    },
    category: locale === 'fr' ? type.nameFr : type.nameEn || type.nameFr,
    quantity: entry.quantity,
    unitPriceCents: type.priceCents,
    taxes: type.taxes,
    totalCents: priced.totalCents,
    currency: priced.currency,
    expiresAt: link.hold?.heldUntil ?? entry.offerExpiresAt ?? '',
    buyer: { name: entry.name, email: entry.email },
    providers,
    free,
    checkoutKey: randomUUID(),
    order,
  };
}

const offerFields = ['name', 'email', 'phone', 'postalCode', 'provider', 'checkoutKey'] as const;

export async function submitOffer(event: Event) {
  const { locale } = event.locals;
  const link = await linkOf(event, 'offer');
  const values = await readForm(event.request, offerFields);
  const labels = {
    name: t(locale, 'waitingList.offer.name'),
    email: t(locale, 'waitingList.offer.email'),
  };
  const missing = missingFields({ name: values.name, email: values.email }, labels, locale, {
    form: 'offer',
    values,
  });
  if (missing) return missing;
  const chosen = values.provider === 'stripe' || values.provider === 'paypal' ? values.provider : undefined;
  let started: Awaited<ReturnType<typeof startCheckout>>;
  try {
    started = await startCheckout(checkoutDeps(), {
      eventId: link.entry.eventId,
      lines: [{ ticketTypeId: link.entry.ticketTypeId, quantity: link.entry.quantity }],
      buyer: {
        name: values.name,
        email: values.email,
        ...(values.phone.trim() ? { phone: values.phone } : {}),
        ...(values.postalCode.trim() ? { postalCode: values.postalCode } : {}),
      },
      locale,
      ...(chosen ? { provider: chosen } : {}),
      checkoutKey: values.checkoutKey.length >= 16 ? values.checkoutKey : randomUUID(),
      offerToken: event.params.token ?? '',
    });
  } catch (cause) {
    return formFailure(cause, locale, {
      form: 'offer',
      values: { ...values, checkoutKey: randomUUID() },
      labels,
      paths: {
        'buyer.name': 'name',
        'buyer.email': 'email',
        'buyer.phone': 'phone',
        'buyer.postalCode': 'postalCode',
      },
      codeFields: { validation_failed: 'provider' },
    });
  }
  if (started.accessToken) setOrderKeyCookie(event.cookies, locale, started.orderId, started.accessToken);
  if (started.redirectUrl) {
    allowProviderRedirects(event);
    redirect(303, started.redirectUrl);
  }
  redirect(303, paths.buyerOrder(locale, started.orderId, started.accessToken));
}
