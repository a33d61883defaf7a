/**
 * The organization portal's « Billetterie » tab of an event (TIX-01..04, TIX-06, TIX-15): its loads
 * and form actions, thin over shared/ticketing. The organization comes from the session (an event
 * of another one answers 404, as the event's own page does). Each form checks the use case's rules
 * first (`ticketTypeIssues`, `ticketingSettingsIssues`) so every field at fault gets its own
 * sentence; the use case checks them again and decides everything else (versions, seats taken).
 */
import { type ActionFailure, error, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { type FormFailure, formFailure, pageFailure, readForm } from '$lib/server/form';
import { centsOfField, dollarsOfCents } from '$lib/server/money-field';
import { orgActor } from '$lib/server/organization/event-actions';
import { loadOwnEvent } from '$shared/calendar/save-event';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { isLocalDateTime, utcToZoned, zonedToUtc } from '$shared/kernel/zoned-time';
import { waitingCounts } from '$shared/orders/waiting-list';
import { hasActivePaymentAccount } from '$shared/payments/payment-accounts';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { type TicketTypeIssue, ticketingMessage } from '$shared/ticketing/errors';
import { onPlatformTicketing } from '$shared/ticketing/on-platform-ticketing';
import type { ListedTicketType, TicketTypeFields } from '$shared/ticketing/ticket-types';
import {
  isOnSale,
  listTicketTypes,
  saveTicketType,
  ticketTypeIssues,
  ticketTypeLimits,
  withdrawTicketType,
} from '$shared/ticketing/ticket-types';
import {
  readTicketingSettings,
  saveTicketingSettings,
  type TicketingSettings,
  ticketingMessageKinds,
  ticketingSettingsIssues,
  ticketingSettingsLimits,
} from '$shared/ticketing/ticketing-settings';

// biome-ignore lint/suspicious/noExplicitAny: the pages' own RequestEvent types differ by route.
type Event = RequestEvent<any, any>;

/** The event of the URL as the session's organization sees it; 404 for another one's or none. */
async function ownEvent(event: Event) {
  const actor = orgActor(event);
  const { locale } = event.locals;
  const eventId = String(event.params.eventId ?? '');
  try {
    const stored = await loadOwnEvent(serverDeps(), eventId, actor.staff ? undefined : actor.orgId);
    return {
      actor,
      event: {
        eventId: stored.eventId,
        orgId: stored.orgId,
        title: stored.title,
        timeZone: stored.timeZone,
        onPlatformTicketing: stored.onPlatformTicketing,
      },
    };
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'consoleCalendar.review.notFound'));
    }
    throw cause;
  }
}

/** A form's failure built from rule issues, one sentence per field (`paths`: issue → input). */
export function issuesFailure(
  issues: TicketTypeIssue[],
  locale: Locale,
  options: {
    form: string;
    values: Record<string, string>;
    paths?: Record<string, string>;
    /** Fields the page refuses itself, with their sentence. */
    extra?: Record<string, string>;
  },
): ActionFailure<FormFailure> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const name = options.paths?.[issue.path] ?? issue.path;
    fields[name] ??= ticketingMessage(issue.key, issue.params)[locale];
  }
  Object.assign(fields, options.extra);
  const messages = Object.values(fields);
  const message = messages.length === 1 ? (messages[0] ?? '') : t(locale, 'form.errorSummary.fields');
  return pageFailure(400, 'validation_failed', message, {
    form: options.form,
    values: options.values,
    fields,
  });
}

// --- Settings (TIX-01, TIX-04, TIX-06, TIX-15) ---

export const settingsFormNames = [
  'version',
  'enabled',
  'pickUpAtVenue',
  'waitingList',
  'multiDevice',
  'beforeSaleFr',
  'beforeSaleEn',
  'soldOutFr',
  'soldOutEn',
  'confirmationFr',
  'confirmationEn',
] as const;
export type SettingsFormValues = Record<(typeof settingsFormNames)[number], string>;

const messagePaths = Object.fromEntries(
  ticketingMessageKinds.flatMap((kind) => [
    [`messages.${kind}.fr`, `${kind}Fr`],
    [`messages.${kind}.en`, `${kind}En`],
  ]),
);

function settingsValues(settings: TicketingSettings): SettingsFormValues {
  const { messages } = settings;
  return {
    version: String(settings.version),
    enabled: settings.enabled ? 'on' : '',
    pickUpAtVenue: settings.pickUpAtVenue ? 'on' : '',
    waitingList: settings.waitingList ? 'on' : '',
    multiDevice: settings.multiDevice ? 'on' : '',
    beforeSaleFr: messages.beforeSale?.fr ?? '',
    beforeSaleEn: messages.beforeSale?.en ?? '',
    soldOutFr: messages.soldOut?.fr ?? '',
    soldOutEn: messages.soldOut?.en ?? '',
    confirmationFr: messages.confirmation?.fr ?? '',
    confirmationEn: messages.confirmation?.en ?? '',
  };
}

/** A category as the list shows it. */
export interface TicketTypeRow {
  ticketTypeId: string;
  nameFr: string;
  nameEn: string;
  priceCents: number;
  currency: string;
  taxes: 'included' | 'added';
  quantity: number;
  perPersonMax: number;
  sold: number;
  held: number;
  remaining: number;
  salesStartAt?: string;
  withdrawAt?: string;
  status: 'onSale' | 'notYet' | 'ended' | 'withdrawn';
}

function rowOf(type: ListedTicketType, now: Date): TicketTypeRow {
  const at = now.toISOString();
  const status =
    type.status === 'withdrawn'
      ? 'withdrawn'
      : isOnSale(type, now)
        ? 'onSale'
        : type.salesStartAt && at < type.salesStartAt
          ? 'notYet'
          : 'ended';
  return {
    ticketTypeId: type.ticketTypeId,
    nameFr: type.nameFr,
    nameEn: type.nameEn,
    priceCents: type.priceCents,
    currency: type.currency,
    taxes: type.taxes,
    quantity: type.quantity,
    perPersonMax: type.perPersonMax,
    sold: type.sold,
    held: type.held,
    remaining: type.remaining,
    salesStartAt: type.salesStartAt,
    withdrawAt: type.withdrawAt,
    status,
  };
}

/** Which notice the page shows after a redirect (`?fait=…`). */
const doneNotices = ['settings', 'added', 'saved', 'withdrawn'] as const;
export type TicketingNotice = (typeof doneNotices)[number];

/** The « Billetterie » tab: settings, categories with their counts, the payment notice. */
export async function loadTicketing(event: Event) {
  const { event: owned } = await ownEvent(event);
  const deps = serverDeps();
  const [settings, list, waiting] = await Promise.all([
    readTicketingSettings(deps, owned.eventId, { consistent: true }),
    listTicketTypes(deps, { eventId: owned.eventId, consistent: true }),
    waitingCounts(deps, owned.eventId),
  ]);
  const now = deps.clock.now();
  // TIX-15: how many people wait for each category (absent: nobody).
  const rows = list.ticketTypes.map((type) => ({
    ...rowOf(type, now),
    waiting: waiting.get(type.ticketTypeId) ?? 0,
  }));
  const paidOffered = rows.some((row) => row.status !== 'withdrawn' && row.priceCents > 0);
  const needsPaymentAccount = paidOffered && !(await hasActivePaymentAccount(deps, owned.orgId));
  const activeCategory = rows.some((row) => row.status !== 'withdrawn');
  const done = event.url.searchParams.get('fait');
  return {
    event: { eventId: owned.eventId, title: owned.title, timeZone: owned.timeZone },
    settings: settingsValues(settings),
    messageLimit: ticketingSettingsLimits.message,
    ticketTypes: rows,
    state: onPlatformTicketing(settings.enabled, activeCategory)
      ? ('on' as const)
      : settings.enabled
        ? ('noCategory' as const)
        : ('off' as const),
    needsPaymentAccount,
    notice: doneNotices.find((notice) => notice === done),
  };
}

/** « Enregistrer les réglages »: saved, or the form again with everything typed. */
export async function saveSettingsForm(event: Event) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const values = await readForm(event.request, settingsFormNames);
  const fields = {
    enabled: values.enabled === 'on',
    pickUpAtVenue: values.pickUpAtVenue === 'on',
    waitingList: values.waitingList === 'on',
    multiDevice: values.multiDevice === 'on',
    messages: {
      beforeSale: { fr: values.beforeSaleFr, en: values.beforeSaleEn },
      soldOut: { fr: values.soldOutFr, en: values.soldOutEn },
      confirmation: { fr: values.confirmationFr, en: values.confirmationEn },
    },
  };
  const issues = ticketingSettingsIssues(fields);
  if (issues.length > 0)
    return issuesFailure(issues, locale, { form: 'settings', values, paths: messagePaths });
  try {
    await saveTicketingSettings(serverDeps(), {
      actor,
      eventId: owned.eventId,
      expectedVersion: Number.parseInt(values.version, 10) || 0,
      fields,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'consoleCalendar.review.notFound'));
    return formFailure(cause, locale, { form: 'settings', values, paths: messagePaths });
  }
  redirect(303, `${paths.organizationEventTicketing(locale, owned.eventId)}?fait=settings`);
}

// --- Categories (TIX-02, TIX-03) ---

export const ticketTypeFormNames = [
  'version',
  'nameFr',
  'nameEn',
  'price',
  'taxes',
  'quantity',
  'perPersonMax',
  'salesStartAt',
  'withdrawAt',
  'position',
] as const;
export type TicketTypeFormValues = Record<(typeof ticketTypeFormNames)[number], string>;

/** The form's name in its failures (the page shows a failure next to its own form). */
const ticketTypeForm = 'ticketType';

export const blankTicketType: TicketTypeFormValues = {
  version: '',
  nameFr: '',
  nameEn: '',
  price: '',
  taxes: 'included',
  quantity: '',
  perPersonMax: '4',
  salesStartAt: '',
  withdrawAt: '',
  position: '0',
};

export function ticketTypeValues(
  type: ListedTicketType,
  timeZone: string,
  locale: Locale,
): TicketTypeFormValues {
  const price = dollarsOfCents(type.priceCents);
  return {
    version: String(type.version),
    nameFr: type.nameFr,
    nameEn: type.nameEn,
    price: locale === 'fr' ? price.replace('.', ',') : price,
    taxes: type.taxes,
    quantity: String(type.quantity),
    perPersonMax: String(type.perPersonMax),
    salesStartAt: type.salesStartAt ? utcToZoned(type.salesStartAt, timeZone) : '',
    withdrawAt: type.withdrawAt ? utcToZoned(type.withdrawAt, timeZone) : '',
    position: String(type.position),
  };
}

/** A whole number typed into a field, or NaN (which the rules refuse with their own sentence). */
const wholeNumber = (value: string) => (/^\s*\d{1,9}\s*$/.test(value) ? Number(value) : Number.NaN);

/** A `datetime-local` value in the event's zone as a UTC instant; anything else as typed (refused). */
export function instantOf(value: string, timeZone: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return isLocalDateTime(trimmed) ? zonedToUtc(trimmed, timeZone) : trimmed;
}

async function categoryOf(event: Event, eventId: string) {
  const ticketTypeId = String(event.params.ticketTypeId ?? '');
  const deps = serverDeps();
  const list = await listTicketTypes(deps, { eventId, consistent: true });
  const type = list.ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  if (!type) error(404, t(event.locals.locale, 'ticketing.portal.notFound'));
  const active = list.ticketTypes.filter((candidate) => candidate.status === 'active');
  return { type, row: rowOf(type, deps.clock.now()), lastActive: active.length === 1 && active[0] === type };
}

/** The category form: a blank one, or the category of the URL (a withdrawn one goes back to the list). */
export async function loadTicketTypeForm(event: Event, editing: boolean) {
  const { event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const base = {
    event: { eventId: owned.eventId, title: owned.title, timeZone: owned.timeZone },
    limits: ticketTypeLimits,
  };
  if (!editing) return { ...base, ticketTypeId: undefined, values: blankTicketType, row: undefined };
  const { type, row } = await categoryOf(event, owned.eventId);
  if (type.status === 'withdrawn') redirect(303, paths.organizationEventTicketing(locale, owned.eventId));
  return {
    ...base,
    ticketTypeId: type.ticketTypeId,
    values: ticketTypeValues(type, owned.timeZone, locale),
    row,
  };
}

/**
 * A category's form as posted (TIX-02, TIX-03): its values, kept on a refusal, and the use case's
 * fields — or the refusal, every field at fault with its own sentence. Dates are typed in `timeZone`
 * (a pass's categories post none: the pass's period rules).
 */
export async function readTicketTypeForm(
  request: Request,
  locale: Locale,
  timeZone: string,
): Promise<
  | { values: TicketTypeFormValues; fields: TicketTypeFields; failure?: undefined }
  | { values: TicketTypeFormValues; failure: ActionFailure<FormFailure> }
> {
  const values = await readForm(request, ticketTypeFormNames);
  const position = values.position.trim() === '' ? 0 : wholeNumber(values.position);
  const fields = {
    nameFr: values.nameFr,
    nameEn: values.nameEn,
    // An amount the money field cannot read is refused by the price rule, with the other fields'.
    priceCents: centsOfField(values.price) ?? -1,
    taxes: values.taxes === 'added' ? ('added' as const) : ('included' as const),
    quantity: wholeNumber(values.quantity),
    perPersonMax: wholeNumber(values.perPersonMax),
    salesStartAt: instantOf(values.salesStartAt, timeZone),
    withdrawAt: instantOf(values.withdrawAt, timeZone),
    position: Number.isInteger(position) && position <= ticketTypeLimits.position ? position : 0,
  };
  const issues = ticketTypeIssues(fields);
  const badPosition = fields.position !== position;
  if (issues.length === 0 && !badPosition) return { values, fields };
  // The rule's sentence names both languages; each name field says which one it lacks.
  const ownSentences: Record<string, string> = {
    nameFr: t(locale, 'ticketing.portal.form.nameFrRule'),
    nameEn: t(locale, 'ticketing.portal.form.nameEnRule'),
  };
  const failure = issuesFailure(issues, locale, {
    form: ticketTypeForm,
    values,
    paths: { priceCents: 'price' },
    extra: badPosition ? { position: t(locale, 'ticketing.portal.form.badPosition') } : {},
  });
  const errors = failure.data.fields;
  for (const name of ['nameFr', 'nameEn']) if (errors[name]) errors[name] = ownSentences[name] ?? '';
  if (Object.keys(errors).length === 1) failure.data.message = Object.values(errors)[0] ?? '';
  return { values, failure };
}

/** The words of a category the use case refused (a stale version, seats below what is taken). */
export function ticketTypeSaveFailure(cause: unknown, locale: Locale, values: TicketTypeFormValues) {
  return formFailure(cause, locale, {
    form: ticketTypeForm,
    values,
    paths: { priceCents: 'price' },
    codeFields: { quantity_below_taken: 'quantity' },
  });
}

/** « Ajouter la catégorie » / « Enregistrer la catégorie ». */
export async function saveTicketTypeForm(event: Event, editing: boolean) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const ticketTypeId = editing ? String(event.params.ticketTypeId ?? '') : undefined;
  const read = await readTicketTypeForm(event.request, locale, owned.timeZone);
  if (read.failure) return read.failure;
  const { values, fields } = read;
  try {
    await saveTicketType(serverDeps(), {
      actor,
      eventId: owned.eventId,
      ticketTypeId,
      expectedVersion: editing ? Number.parseInt(values.version, 10) || undefined : undefined,
      fields,
    });
  } catch (cause) {
    if (cause instanceof NotFoundError) error(404, t(locale, 'ticketing.portal.notFound'));
    return ticketTypeSaveFailure(cause, locale, values);
  }
  redirect(
    303,
    `${paths.organizationEventTicketing(locale, owned.eventId)}?fait=${editing ? 'saved' : 'added'}`,
  );
}

/** The confirmation step of « Retirer de la vente ». */
export async function loadWithdrawal(event: Event) {
  const { event: owned } = await ownEvent(event);
  const { type, row, lastActive } = await categoryOf(event, owned.eventId);
  return {
    event: { eventId: owned.eventId, title: owned.title, timeZone: owned.timeZone },
    ticketTypeId: type.ticketTypeId,
    row,
    // Withdrawing it takes the event out of « Billetterie / Inscriptions ».
    lastActive: lastActive && owned.onPlatformTicketing,
  };
}

export async function withdrawTicketTypeForm(event: Event) {
  const { actor, event: owned } = await ownEvent(event);
  const { locale } = event.locals;
  const ticketTypeId = String(event.params.ticketTypeId ?? '');
  try {
    await withdrawTicketType(serverDeps(), { actor, eventId: owned.eventId, ticketTypeId });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'ticketing.portal.notFound'));
    }
    return formFailure(cause, locale, { form: 'withdraw' });
  }
  redirect(303, `${paths.organizationEventTicketing(locale, owned.eventId)}?fait=withdrawn`);
}
