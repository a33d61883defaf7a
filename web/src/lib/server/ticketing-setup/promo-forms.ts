/**
 * An event's promo codes in the organization portal (TIX-07): the list, the form to add or edit a
 * code, and « Désactiver ». Thin over shared/orders/promo-codes.ts; the organization comes from the
 * session (another organization's event answers 404, as the « Billetterie » tab does). The page
 * reads what it can (numbers, amounts, dates in the event's zone) and says so in words; the use case
 * checks every rule again and decides the rest (the code's uniqueness, the version loaded).
 */
import { type ActionFailure, error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { type FormFailure, formFailure, pageFailure } from '$lib/server/form';
import { centsOfField, dollarsOfCents } from '$lib/server/money-field';
import { orgActor } from '$lib/server/organization/event-actions';
import { loadOwnEvent } from '$shared/calendar/save-event';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { isLocalDateTime, utcToZoned, zonedToUtc } from '$shared/kernel/zoned-time';
import { type OrdersKey, ordersMessage } from '$shared/orders/errors';
import type { PromoCode } from '$shared/orders/promo-code';
import { disablePromoCode, listPromoCodes, savePromoCode } from '$shared/orders/promo-codes';
import { normalizePromoCode } from '$shared/orders/promo-rules';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { listTicketTypes } from '$shared/ticketing/ticket-types';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** The event of the URL as the session's organization sees it; 404 for another one's or none. */
async function ownEvent(event: Event) {
  const actor = orgActor(event);
  const eventId = String(event.params.eventId ?? '');
  try {
    const stored = await loadOwnEvent(serverDeps(), eventId, actor.staff ? undefined : actor.orgId);
    return {
      actor,
      event: { eventId: stored.eventId, title: stored.title, timeZone: stored.timeZone },
    };
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(event.locals.locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
}

/** What a code's row says of it now: disabled, not valid yet, expired, used up, or active. */
export type PromoState = 'active' | 'disabled' | 'notYet' | 'expired' | 'exhausted';

export function promoState(promo: PromoCode, now: Date): PromoState {
  if (promo.status === 'disabled') return 'disabled';
  const at = now.toISOString();
  if (promo.validFrom && at < promo.validFrom) return 'notYet';
  if (promo.validUntil && at >= promo.validUntil) return 'expired';
  if (promo.usageLimit !== undefined && promo.used >= promo.usageLimit) return 'exhausted';
  return 'active';
}

export interface PromoRow {
  code: string;
  kind: 'percent' | 'amount';
  percentOff?: number;
  amountOffCents?: number;
  currency: string;
  used: number;
  usageLimit?: number;
  validFrom?: string;
  validUntil?: string;
  /** Category names in the page's language; empty: every category. */
  categories: string[];
  state: PromoState;
}

interface CategoryChoice {
  ticketTypeId: string;
  name: string;
  withdrawn: boolean;
}

async function categoriesOf(eventId: string, locale: Locale): Promise<CategoryChoice[]> {
  const { ticketTypes } = await listTicketTypes(serverDeps(), { eventId, consistent: true });
  return ticketTypes.map((type) => ({
    ticketTypeId: type.ticketTypeId,
    name: locale === 'fr' ? type.nameFr : type.nameEn,
    withdrawn: type.status === 'withdrawn',
  }));
}

const doneNotices = ['added', 'saved', 'disabled'] as const;
export type PromoNotice = (typeof doneNotices)[number];

/** The list: every code of the event with its use, active ones first. */
export async function loadPromoCodes(event: Event) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const deps = serverDeps();
  const [codes, categories] = await Promise.all([
    listPromoCodes(deps, { actor, eventId: owned.eventId }),
    categoriesOf(owned.eventId, locale),
  ]);
  const names = new Map(categories.map((category) => [category.ticketTypeId, category.name]));
  const now = deps.clock.now();
  const rows: PromoRow[] = codes.map((promo) => ({
    code: promo.code,
    kind: promo.kind,
    percentOff: promo.percentOff,
    amountOffCents: promo.amountOffCents,
    currency: promo.currency,
    used: promo.used,
    usageLimit: promo.usageLimit,
    validFrom: promo.validFrom,
    validUntil: promo.validUntil,
    categories: (promo.ticketTypeIds ?? []).map((id) => names.get(id) ?? id),
    state: promoState(promo, now),
  }));
  const done = event.url.searchParams.get('fait');
  const code = event.url.searchParams.get('code');
  return {
    event: owned,
    codes: rows,
    notice: doneNotices.find((notice) => notice === done),
    noticeCode: code ? normalizePromoCode(code).slice(0, 32) : '',
  };
}

/** « Désactiver » on a row: the code stops applying at once. */
export async function disablePromoForm(event: Event) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const data = await event.request.formData();
  const code = normalizePromoCode(String(data.get('code') ?? ''));
  try {
    await disablePromoCode(serverDeps(), { actor, eventId: owned.eventId, code });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      return pageFailure(404, 'not_found', t(locale, 'tixSetup.promo.notFound'), { form: 'disable' });
    }
    return formFailure(cause, locale, { form: 'disable' });
  }
  redirect(
    303,
    `${paths.organizationPromoCodes(locale, owned.eventId)}?fait=disabled&code=${encodeURIComponent(code)}`,
  );
}

// --- The form (add, edit) ---

export const promoFormNames = [
  'version',
  'code',
  'kind',
  'percentOff',
  'amountOff',
  'usageLimit',
  'validFrom',
  'validUntil',
] as const;
export type PromoFormValues = Record<(typeof promoFormNames)[number], string>;

const blankPromo: PromoFormValues = {
  version: '',
  code: '',
  kind: 'percent',
  percentOff: '',
  amountOff: '',
  usageLimit: '',
  validFrom: '',
  validUntil: '',
};

function promoValues(promo: PromoCode, timeZone: string, locale: Locale): PromoFormValues {
  const amount = dollarsOfCents(promo.amountOffCents);
  return {
    version: String(promo.version),
    code: promo.code,
    kind: promo.kind,
    percentOff: promo.percentOff === undefined ? '' : String(promo.percentOff),
    amountOff: locale === 'fr' ? amount.replace('.', ',') : amount,
    usageLimit: promo.usageLimit === undefined ? '' : String(promo.usageLimit),
    validFrom: promo.validFrom ? utcToZoned(promo.validFrom, timeZone) : '',
    validUntil: promo.validUntil ? utcToZoned(promo.validUntil, timeZone) : '',
  };
}

/** The code of the URL among the event's, or 404. */
async function promoOf(event: Event, actor: ReturnType<typeof orgActor>, eventId: string) {
  const wanted = normalizePromoCode(decodeURIComponent(String(event.params.code ?? '')));
  const codes = await listPromoCodes(serverDeps(), { actor, eventId });
  const promo = codes.find((candidate) => candidate.code === wanted);
  if (!promo) error(404, t(event.locals.locale, 'tixSetup.promo.notFound'));
  return promo;
}

/** The form's data: a blank code, or the code of the URL. */
export async function loadPromoForm(event: Event, editing: boolean) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const categories = await categoriesOf(owned.eventId, locale);
  if (!editing) {
    return {
      event: owned,
      categories: categories.filter((category) => !category.withdrawn),
      values: blankPromo,
      chosen: [] as string[],
      editing: undefined,
    };
  }
  const promo = await promoOf(event, actor, owned.eventId);
  const chosen = promo.ticketTypeIds ?? [];
  return {
    event: owned,
    // A withdrawn category stays offered only when the code already names it.
    categories: categories.filter(
      (category) => !category.withdrawn || chosen.includes(category.ticketTypeId),
    ),
    values: promoValues(promo, owned.timeZone, locale),
    chosen,
    editing: { code: promo.code, used: promo.used, disabled: promo.status === 'disabled' },
  };
}

const wholeNumber = (value: string) => (/^\s*\d{1,9}\s*$/.test(value) ? Number(value) : Number.NaN);

/** A `datetime-local` value in the event's zone as a UTC instant; '' → undefined; unreadable → null. */
function instantOf(value: string, timeZone: string): string | undefined | null {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return isLocalDateTime(trimmed) ? zonedToUtc(trimmed, timeZone) : null;
}

/** The use case's paths → the form's inputs. */
const issuePaths: Record<string, string> = {
  amountOffCents: 'amountOff',
  ticketTypeIds: 'ticketTypeIds',
};

function failureOf(
  status: number,
  code: string,
  fields: Record<string, string>,
  locale: Locale,
  values: Record<string, string>,
  chosen: string[],
): ActionFailure<FormFailure & { chosen: string[] }> {
  const messages = Object.values(fields);
  const message = messages.length === 1 ? (messages[0] ?? '') : t(locale, 'form.errorSummary.fields');
  return pageFailure(status, code, message, { form: 'promo', values, fields, extra: { chosen } });
}

/** « Ajouter le code » / « Enregistrer le code »: saved, or the form again with everything typed. */
export async function savePromoForm(event: Event, editing: boolean) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const data = await event.request.formData();
  const values = Object.fromEntries(
    promoFormNames.map((name) => {
      const value = data.get(name);
      return [name, typeof value === 'string' ? value : ''];
    }),
  ) as PromoFormValues;
  const chosen = data
    .getAll('ticketTypeIds')
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .slice(0, 50);
  const code = editing
    ? normalizePromoCode(decodeURIComponent(String(event.params.code ?? '')))
    : values.code;
  if (editing) values.code = code;
  const kind = values.kind === 'amount' ? ('amount' as const) : ('percent' as const);

  // What the page cannot read is refused here, each field with its own sentence.
  const unreadable: Record<string, string> = {};
  const percentOff = values.percentOff.trim() === '' ? undefined : wholeNumber(values.percentOff);
  if (kind === 'percent' && Number.isNaN(percentOff))
    unreadable.percentOff = t(locale, 'tixSetup.promo.form.badNumber');
  const amountOffCents = centsOfField(values.amountOff);
  if (kind === 'amount' && amountOffCents === null)
    unreadable.amountOff = t(locale, 'tixSetup.promo.form.badAmount');
  const usageLimit = values.usageLimit.trim() === '' ? null : wholeNumber(values.usageLimit);
  if (Number.isNaN(usageLimit)) unreadable.usageLimit = t(locale, 'tixSetup.promo.form.badNumber');
  const validFrom = instantOf(values.validFrom, owned.timeZone);
  if (validFrom === null) unreadable.validFrom = t(locale, 'tixSetup.promo.form.badDate');
  const validUntil = instantOf(values.validUntil, owned.timeZone);
  if (validUntil === null) unreadable.validUntil = t(locale, 'tixSetup.promo.form.badDate');
  if (Object.keys(unreadable).length > 0)
    return failureOf(400, 'validation_failed', unreadable, locale, values, chosen);

  let saved: PromoCode;
  try {
    saved = await savePromoCode(serverDeps(), {
      actor,
      eventId: owned.eventId,
      code,
      expectedVersion: editing ? Number.parseInt(values.version, 10) || 1 : undefined,
      fields: {
        kind,
        ...(kind === 'percent'
          ? { percentOff: percentOff as number | undefined }
          : { amountOffCents: amountOffCents ?? undefined }),
        usageLimit: usageLimit as number | null,
        validFrom: validFrom ?? null,
        validUntil: validUntil ?? null,
        ticketTypeIds: chosen,
      },
    });
  } catch (cause) {
    if (
      cause instanceof ValidationError &&
      cause.issues.every((issue) => issue.message.startsWith('orders.'))
    ) {
      // The use case's rules, one sentence per field.
      const fields: Record<string, string> = {};
      for (const issue of cause.issues) {
        const name = issuePaths[issue.path] ?? issue.path;
        fields[name] ??= ordersMessage(issue.message as OrdersKey)[locale];
      }
      return failureOf(400, 'validation_failed', fields, locale, values, chosen);
    }
    if (cause instanceof NotFoundError) error(404, t(locale, 'tixSetup.promo.notFound'));
    return formFailure(cause, locale, {
      form: 'promo',
      values,
      codeFields: { promo_exists: 'code' },
      extra: { chosen },
    });
  }
  redirect(
    303,
    `${paths.organizationPromoCodes(locale, owned.eventId)}?fait=${editing ? 'saved' : 'added'}&code=${encodeURIComponent(saved.code)}`,
  );
}
