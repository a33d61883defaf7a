/**
 * The public checkout (TIX-03..07, TIX-09) of what Parvis sells: an event's categories on its
 * « billets » page, or a pass's price tiers on the pass's page (TIX-08, decision 0021: a pass's
 * tiers are ticket types under the pass's id). One load and one action, thin over shared/orders
 * startCheckout, given the route's `Sellable`. The page is the visitor's own (no-store, never
 * cached: it carries a fresh checkout key); the form sends quantities, a promo code, the
 * organization's ticked boxes, « sur place », the buyer's details, the language and the provider.
 * Nothing it sends about money is read: startCheckout prices the order from the stored categories,
 * boxes and code. Every DomainError becomes a sentence on the form, with what was typed kept.
 */
import { randomUUID } from 'node:crypto';
import { type ActionFailure, error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { privateCacheControl } from '$lib/server/calendar/public-cache';
import { type FormFailure, formFailure, pageFailure } from '$lib/server/form';
import { DomainError, NotFoundError, toUserError, ValidationError } from '$shared/kernel/errors';
import { startCheckout } from '$shared/orders/start-checkout';
import { offeredCustomCheckboxes } from '$shared/organizations/custom-checkboxes';
import type { PaymentProviderName } from '$shared/payments/payment-provider';
import { isLocale, type Locale } from '$shared/templates/i18n/locale';
import { type MessageKey, messages, t } from '$shared/templates/i18n/messages';
import type { Pass } from '$shared/ticketing/pass';
import {
  type PassEvent,
  type PassSaleState,
  passEvents,
  passSaleState,
  readPass,
} from '$shared/ticketing/passes';
import { maxTicketsPerOrder } from '$shared/ticketing/place-hold';
import { listTicketTypes } from '$shared/ticketing/ticket-types';
import { readTicketingSettings } from '$shared/ticketing/ticketing-settings';
import { categoryViews } from './categories';
import { checkoutDeps } from './checkout-deps';
import { setOrderKeyCookie } from './order-key';
import { allowProviderRedirects } from './provider-redirects';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** The form's quantity fields are `qty-<ticketTypeId>`. */
export const quantityField = (ticketTypeId: string) => `qty-${ticketTypeId}`;
const quantityPrefix = 'qty-';
/** At most this many quantity fields are read (a category list is far shorter). */
const maxLines = 50;

/** The text fields of the form, echoed back on a failure. */
const textFields = [
  'checkoutKey',
  'name',
  'email',
  'phone',
  'postalCode',
  'promoCode',
  'language',
  'provider',
  'pickUpAtVenue',
] as const;

/** What a checkout page offers besides its categories, read for the page only. */
export interface SaleOptions {
  /** Selling at all: an event's ticketing enabled; a pass within its sales period. */
  open: boolean;
  /** TIX-04: « récupérer mes billets sur place » offered (never for a pass: its tickets are sent). */
  pickUpAtVenue: boolean;
  /** TIX-15: a sold-out category links to its waiting list (events only). */
  waitingList: boolean;
  /** TIX-06: the organizer's texts, in the page's language. */
  messages: { beforeSale?: string; soldOut?: string };
}

/**
 * What a checkout sells, found from the route (404 when it is not for sale to the public): the id
 * startCheckout sells under, the organization paid, and — for the page only, read lazily so the
 * action does not — what the page shows of it and its options.
 */
export interface Sellable<Shown extends object> {
  id: string;
  orgId: string;
  /** The 404 of this kind of page (it was withdrawn meanwhile). */
  notFound(): never;
  page(): Promise<{ shown: Shown; options: SaleOptions }>;
}

export type FindSellable<Shown extends object> = (event: Event) => Promise<Sellable<Shown>>;

const messageOf = (texts: { fr?: string; en?: string } | undefined, locale: Locale) =>
  texts?.[locale] || undefined;

/** The published event of a slug: by its slug guard, then by key; a former slug answers 301. */
async function publishedEvent(event: Event, where: (locale: Locale, slug: string) => string) {
  const { locale } = event.locals;
  const slug = String(event.params.slug ?? '');
  const { db } = checkoutDeps();
  const notFound: () => never = () => error(404, t(locale, 'calendar.sheet.notFound'));
  if (!slug || slug.length > 200) notFound();
  const guard = (await db.calendar.entities.slugGuard.get({ slug }).go()).data;
  if (!guard) return notFound();
  const stored = (await db.calendar.entities.event.get({ eventId: guard.eventId }).go()).data;
  if (stored?.status !== 'published') return notFound();
  if (stored.slug !== slug) redirect(301, where(locale, stored.slug));
  return stored;
}

/** TIX-03: an event's checkout (`/evenements/<slug>/billets`), its options from its ticketing settings. */
export const eventSellable = async (event: Event) => {
  const { locale } = event.locals;
  const stored = await publishedEvent(event, paths.eventCheckout);
  return {
    id: stored.eventId,
    orgId: stored.orgId,
    notFound: () => error(404, t(locale, 'calendar.sheet.notFound')),
    page: async () => {
      const settings = await readTicketingSettings(checkoutDeps(), stored.eventId, { consistent: true });
      return {
        shown: {
          event: {
            eventId: stored.eventId,
            slug: stored.slug,
            title: stored.title,
            startsAt: stored.startsAt,
            endsAt: stored.endsAt,
            showTime: stored.showTime,
            timeZone: stored.timeZone,
          },
        },
        options: {
          open: settings.enabled,
          pickUpAtVenue: settings.pickUpAtVenue,
          waitingList: settings.waitingList,
          messages: {
            beforeSale: messageOf(settings.messages.beforeSale, locale),
            soldOut: messageOf(settings.messages.soldOut, locale),
          },
        },
      };
    },
  } satisfies Sellable<object>;
};

/** A pass as its page shows it: its words, its period, its events in date order (their own zones). */
function passShown(pass: Pass, state: PassSaleState, events: PassEvent[]) {
  return {
    passId: pass.passId,
    title: pass.title,
    description: pass.description,
    state,
    salesStartAt: pass.salesStartAt,
    salesEndAt: pass.salesEndAt,
    timeZone: pass.timeZone,
    /** Each pass bought issues a ticket per event it lists. */
    eventCount: pass.eventIds.length,
    events,
  };
}

/**
 * TIX-08: a pass's page (`/passes/<passId>`), which is its checkout: an active pass only (a draft,
 * a withdrawn or an unknown one does not exist for the public). Sold only within its period; no
 * pick-up at the venue, no waiting list, no organizer's texts; the selling organization's boxes apply.
 */
export const passSellable = async (event: Event) => {
  const { locale } = event.locals;
  const passId = String(event.params.passId ?? '');
  const notFound: () => never = () => error(404, t(locale, 'passes.notFound'));
  if (!passId || passId.length > 64) notFound();
  const deps = checkoutDeps();
  const stored = await readPass(deps, passId);
  if (stored?.status !== 'active') return notFound();
  return {
    id: stored.passId,
    orgId: stored.orgId,
    notFound,
    // The tiers are the checkout's own (consistent) list: the page reads only the events here.
    page: async () => {
      const state = passSaleState(stored, deps.clock.now());
      return {
        shown: { pass: passShown(stored, state, await passEvents(deps, stored)) },
        options: { open: state === 'onSale', pickUpAtVenue: false, waitingList: false, messages: {} },
      };
    },
  } satisfies Sellable<object>;
};

/** The providers the organization can take payments with now (TIX-01), Stripe first. */
async function activeProviders(orgId: string): Promise<PaymentProviderName[]> {
  const { data } = await checkoutDeps().db.orders.entities.paymentAccount.query.byOrg({ orgId }).go();
  return (['stripe', 'paypal'] as const).filter((provider) =>
    data.some((item) => item.provider === provider && item.status === 'active'),
  );
}

/**
 * The checkout page: what it sells (`shown`: `event` or `pass`), live availability (consistent
 * reads), the boxes, the options, a fresh key.
 */
export async function loadCheckout<Shown extends object>(event: Event, find: FindSellable<Shown>) {
  const { locale } = event.locals;
  const sellable = await find(event);
  const deps = checkoutDeps();
  event.setHeaders({ 'cache-control': privateCacheControl });
  allowProviderRedirects(event);
  const [page, list, boxes, providers] = await Promise.all([
    sellable.page(),
    listTicketTypes(deps, { eventId: sellable.id, consistent: true }),
    offeredCustomCheckboxes(deps, { orgId: sellable.orgId }),
    activeProviders(sellable.orgId),
  ]);
  const { options } = page;
  const categories = categoryViews(list.ticketTypes, deps.clock.now(), locale);
  const open = options.open && categories.some((category) => category.state !== 'withdrawn');
  return {
    ...page.shown,
    open,
    action: list.action,
    categories,
    boxes: boxes.map((box) => ({
      checkboxId: box.checkboxId,
      label: locale === 'fr' ? box.labelFr : box.labelEn,
      priceCents: box.priceCents ?? 0,
      currency: box.currency,
      taxes: box.taxes,
    })),
    providers,
    pickUpAtVenue: options.pickUpAtVenue,
    waitingList: options.waitingList,
    messages: options.messages,
    maxTickets: maxTicketsPerOrder,
    checkoutKey: randomUUID(),
  };
}

/** A quantity as typed: '' or 0 is « none »; anything but a whole number reaches the rules (refused in words). */
function quantityOf(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (!/^[+-]?\d+$/.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return value === 0 ? undefined : value;
}

const isMessageKey = (key: string): key is MessageKey => key in messages.fr;

/**
 * The failure of a refused checkout, each field at fault with its own sentence: the rules' issues
 * (`lines.<n>.quantity` → that category's quantity field), a category's refusal (not on sale, sold
 * out, per-person maximum) on its quantity, a promo code's on the code, a payment account's on the
 * provider. The summary is the one sentence, or « check the fields » when there are several.
 */
function checkoutFailure(
  cause: unknown,
  locale: Locale,
  values: Record<string, string>,
  lineFields: string[],
): ActionFailure<FormFailure & { soldOut?: boolean }> {
  const form = 'checkout';
  const quantityOrFirst = (name: string | undefined) => name ?? lineFields[0] ?? 'lines';
  if (cause instanceof ValidationError) {
    const fields: Record<string, string> = {};
    for (const issue of cause.issues) {
      const index = /^lines\.(\d+)\.quantity$/.exec(issue.path)?.[1];
      const name =
        index !== undefined
          ? quantityOrFirst(lineFields[Number(index)])
          : issue.path === 'lines'
            ? quantityOrFirst(undefined)
            : ({ 'buyer.name': 'name', 'buyer.email': 'email', checkboxIds: 'checkbox' }[issue.path] ??
              issue.path);
      const sentence = isMessageKey(issue.message)
        ? t(locale, issue.message, { max: maxTicketsPerOrder })
        : t(locale, 'form.invalid', { label: name });
      fields[name] ??= sentence;
    }
    const sentences = Object.values(fields);
    const message = sentences.length === 1 ? (sentences[0] ?? '') : t(locale, 'form.errorSummary.fields');
    return pageFailure(400, 'validation_failed', message, { form, values, fields });
  }
  if (cause instanceof DomainError && cause.status === 502 && cause.code === 'checkout_failed') {
    // The provider could not open its page: nothing held, nothing charged; the buyer may retry.
    return pageFailure(503, cause.code, cause.userMessage[locale], { form, values });
  }
  const user = toUserError(cause, locale);
  const ticketTypeId = (cause as { ticketTypeId?: unknown }).ticketTypeId;
  const onCategory = typeof ticketTypeId === 'string' ? `${quantityPrefix}${ticketTypeId}` : undefined;
  const field = user.code.startsWith('promo_')
    ? 'promoCode'
    : onCategory && lineFields.includes(onCategory)
      ? onCategory
      : user.code === 'payment_account_inactive' || user.code === 'payment_account_unreadable'
        ? 'provider'
        : undefined;
  const soldOut = user.code === 'sold_out' || user.code === 'per_person_limit';
  // The same form key belongs to another buyer's order: a fresh one, so « again » works.
  const echoed = user.code === 'checkout_key_reused' ? { ...values, checkoutKey: randomUUID() } : values;
  return formFailure(cause, locale, {
    form,
    values: echoed,
    ...(field ? { codeFields: { [user.code]: field } } : {}),
    extra: soldOut ? { soldOut: true } : {},
  });
}

/** « Payer » / « S'inscrire »: the provider's page, or the order page of a free registration. */
export async function submitCheckout<Shown extends object>(event: Event, find: FindSellable<Shown>) {
  const { locale } = event.locals;
  const sellable = await find(event);
  const data = await event.request.formData();
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const values: Record<string, string> = {};
  for (const name of textFields) values[name] = text(name);
  const lines: { ticketTypeId: string; quantity: number }[] = [];
  const lineFields: string[] = [];
  for (const [name, value] of data) {
    if (!name.startsWith(quantityPrefix) || typeof value !== 'string') continue;
    values[name] = value;
    if (lineFields.length >= maxLines) continue;
    const quantity = quantityOf(value);
    if (quantity === undefined) continue;
    lines.push({ ticketTypeId: name.slice(quantityPrefix.length), quantity });
    lineFields.push(name);
  }
  const checkboxIds = data
    .getAll('checkbox')
    .filter((value): value is string => typeof value === 'string')
    .slice(0, 20);
  values.checkbox = checkboxIds.join(',');
  const providers = await activeProviders(sellable.orgId);
  const chosen = values.provider === 'stripe' || values.provider === 'paypal' ? values.provider : undefined;
  const provider = chosen ?? (providers.length === 1 ? providers[0] : undefined);
  const orderLocale: Locale = isLocale(values.language) ? values.language : locale;
  let started: Awaited<ReturnType<typeof startCheckout>>;
  try {
    started = await startCheckout(checkoutDeps(), {
      eventId: sellable.id,
      lines,
      ...(values.promoCode?.trim() ? { promoCode: values.promoCode } : {}),
      checkboxIds,
      pickUpAtVenue: values.pickUpAtVenue === 'on',
      buyer: {
        name: values.name ?? '',
        email: values.email ?? '',
        ...(values.phone?.trim() ? { phone: values.phone } : {}),
        ...(values.postalCode?.trim() ? { postalCode: values.postalCode } : {}),
      },
      locale: orderLocale,
      ...(provider ? { provider } : {}),
      checkoutKey: values.checkoutKey ?? '',
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) sellable.notFound();
    if (cause instanceof ValidationError && cause.issues.some((issue) => issue.path === 'checkoutKey')) {
      // A form without its key (not ours, or tampered with): shown again with a fresh one.
      return pageFailure(400, 'checkout_key', t(locale, 'checkout.form.expired'), {
        form: 'checkout',
        values: { ...values, checkoutKey: randomUUID() },
      });
    }
    return checkoutFailure(cause, locale, values, lineFields);
  }
  if (started.redirectUrl) {
    // The provider sends the buyer back to the order page without the key: it rides in a cookie.
    if (started.accessToken)
      setOrderKeyCookie(event.cookies, orderLocale, started.orderId, started.accessToken);
    redirect(303, started.redirectUrl);
  }
  if (started.accessToken)
    setOrderKeyCookie(event.cookies, orderLocale, started.orderId, started.accessToken);
  redirect(303, paths.buyerOrder(orderLocale, started.orderId, started.accessToken));
}
