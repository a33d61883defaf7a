/**
 * The organization's event form (ORG-05) between the browser and the use cases: what the form
 * posts, read into `EventFormValues` (everything typed, so a refused save re-renders it whole, the
 * description included, whatever its length); the values of a saved event; the use case's fields;
 * the pick lists. The organization and the staff flag come from the session only: an `orgId` in
 * the form is never read.
 */
import type { ActionFailure } from '@sveltejs/kit';
import type {
  EventFormChoices,
  EventFormValues,
  ExtraDateValues,
} from '$lib/components/organization/event-form-types';
import { type FormFailure, formFailure, pageFailure } from '$lib/server/form';
import { centsOfField, dollarsOfCents } from '$lib/server/money-field';
import type { CalendarEvent } from '$shared/calendar/event';
import type { EventFieldsInput } from '$shared/calendar/event-input';
import { eventFieldLimits } from '$shared/calendar/event-input';
import type { EventForEditing } from '$shared/calendar/organization-events';
import { calendarChoices } from '$shared/calendar/public-calendar';
import { listTaxonomyTerms, listVenues } from '$shared/calendar/reference-data';
import type { Deps } from '$shared/deps';
import { ValidationError } from '$shared/kernel/errors';
import { utcToZoned } from '$shared/kernel/zoned-time';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

export type { EventFormChoices, EventFormValues, ExtraDateValues };

/** Venue selects shown at least (the first one required). */
export const venueRows = 2;
/** Empty extra-date rows shown at least. */
export const extraDateRows = 1;

export function emptyValues(presenterOrgId: string): EventFormValues {
  return {
    version: '',
    title: '',
    presenterOrgId,
    venueIds: [],
    categoryId: '',
    otherCategoryIds: [],
    audienceIds: [],
    exhibitionTypeId: '',
    parentEventId: '',
    descriptionHtml: '',
    startsAt: '',
    endsAt: '',
    showTime: true,
    extraDates: [],
    online: false,
    onlineUrl: '',
    soldOut: false,
    externalTicketingUrl: '',
    priceMin: '',
    priceMax: '',
    free: false,
    freeOption: false,
    websiteUrl: '',
    seoTitle: '',
    seoKeywords: '',
    facebookEventId: '',
    slug: '',
    featured: false,
    bigEvent: false,
    note: '',
  };
}

/** A saved event as its form shows it: dates in the venue's zone, prices in dollars. */
export function valuesOfEvent({ event, mainDate, extraDates }: EventForEditing): EventFormValues {
  const local = (iso: string) => utcToZoned(iso, event.timeZone);
  return {
    version: String(event.version),
    title: event.title,
    presenterOrgId: event.presenterOrgId,
    venueIds: event.venueIds,
    categoryId: event.categoryIds[0] ?? '',
    otherCategoryIds: event.categoryIds.slice(1),
    audienceIds: event.audienceIds,
    exhibitionTypeId: event.exhibitionTypeId ?? '',
    parentEventId: event.parentEventId ?? '',
    descriptionHtml: event.descriptionHtml,
    startsAt: local(mainDate?.startsAt ?? event.startsAt),
    endsAt: local(mainDate?.endsAt ?? event.endsAt),
    showTime: mainDate?.showTime ?? event.showTime,
    extraDates: extraDates.map((date) => ({
      id: date.occurrenceId,
      startsAt: local(date.startsAt),
      endsAt: local(date.endsAt),
    })),
    online: event.online,
    onlineUrl: event.onlineUrl ?? '',
    soldOut: event.soldOut,
    externalTicketingUrl: event.externalTicketingUrl ?? '',
    priceMin: dollarsOfCents(event.priceMinCents),
    priceMax: dollarsOfCents(event.priceMaxCents),
    free: event.free,
    freeOption: event.freeOption && !event.free,
    websiteUrl: event.websiteUrl ?? '',
    seoTitle: event.seoTitle ?? '',
    seoKeywords: event.seoKeywords ?? '',
    facebookEventId: event.facebookEventId ?? '',
    // A generated address follows the title: the field stays empty until the organizer chooses one.
    slug: event.slugCustom ? event.slug : '',
    featured: event.featured,
    bigEvent: event.bigEvent,
    note: '',
  };
}

/** What the form posted; never a password, never an organization. */
export function readEventForm(data: FormData): EventFormValues {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const texts = (name: string) =>
    data.getAll(name).flatMap((value) => (typeof value === 'string' && value.trim() ? [value.trim()] : []));
  const box = (name: string) => data.get(name) === 'on';
  const ids = data.getAll('extraId');
  const starts = data.getAll('extraStart');
  const ends = data.getAll('extraEnd');
  const extraDates: ExtraDateValues[] = [];
  for (let index = 0; index < Math.min(starts.length, eventFieldLimits.extraDates + 5); index += 1) {
    const value = (list: FormDataEntryValue[]) => {
      const entry = list[index];
      return typeof entry === 'string' ? entry : '';
    };
    extraDates.push({ id: value(ids), startsAt: value(starts), endsAt: value(ends) });
  }
  return {
    version: text('version'),
    title: text('title'),
    presenterOrgId: text('presenterOrgId'),
    venueIds: texts('venueIds'),
    categoryId: text('categoryId'),
    otherCategoryIds: texts('otherCategoryIds'),
    audienceIds: texts('audienceIds'),
    exhibitionTypeId: text('exhibitionTypeId'),
    parentEventId: text('parentEventId'),
    descriptionHtml: text('descriptionHtml'),
    startsAt: text('startsAt'),
    endsAt: text('endsAt'),
    showTime: box('showTime'),
    extraDates,
    online: box('online'),
    onlineUrl: text('onlineUrl'),
    soldOut: box('soldOut'),
    externalTicketingUrl: text('externalTicketingUrl'),
    priceMin: text('priceMin'),
    priceMax: text('priceMax'),
    free: box('free'),
    freeOption: box('freeOption'),
    websiteUrl: text('websiteUrl'),
    seoTitle: text('seoTitle'),
    seoKeywords: text('seoKeywords'),
    facebookEventId: text('facebookEventId'),
    slug: text('slug'),
    featured: box('featured'),
    bigEvent: box('bigEvent'),
    note: text('note'),
  };
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The form's refusal of a price it cannot read, before any use case runs. */
export function priceFailure(
  values: EventFormValues,
  locale: Locale,
): ActionFailure<FormFailure & { draft: EventFormValues }> | undefined {
  const fields: Record<string, string> = {};
  for (const name of ['priceMin', 'priceMax'] as const) {
    if (!values.free && centsOfField(values[name]) === null)
      fields[name] = t(locale, 'orgEvents.error.price');
  }
  if (Object.keys(fields).length === 0) return undefined;
  return pageFailure(400, 'invalid_price', t(locale, 'orgEvents.error.price'), {
    form: 'event',
    fields,
    extra: { draft: values },
  });
}

/**
 * The use case's fields. `staff` decides whether the staff-only flags are sent at all; the image
 * is the one the event already has (it changes on the image step only), never one from the form.
 */
export function fieldsOf(
  values: EventFormValues,
  options: { staff: boolean; imageId?: string },
): EventFieldsInput {
  const extraDates = values.extraDates
    .filter((date) => date.startsAt.trim() || date.endsAt.trim())
    .map((date) => ({
      ...(date.id.trim() ? { occurrenceId: date.id.trim() } : {}),
      startsAt: date.startsAt.trim(),
      ...(date.endsAt.trim() ? { endsAt: date.endsAt.trim() } : {}),
    }));
  const categoryIds = [
    values.categoryId.trim(),
    ...values.otherCategoryIds.filter((id) => id !== values.categoryId.trim()),
  ].filter(Boolean);
  const min = values.free ? undefined : centsOfField(values.priceMin);
  const max = values.free ? undefined : centsOfField(values.priceMax);
  return {
    title: values.title,
    presenterOrgId: optional(values.presenterOrgId),
    venueIds: [...new Set(values.venueIds)],
    categoryIds,
    audienceIds: values.audienceIds,
    exhibitionTypeId: optional(values.exhibitionTypeId),
    parentEventId: optional(values.parentEventId),
    descriptionHtml: values.descriptionHtml,
    startsAt: values.startsAt.trim(),
    endsAt: values.endsAt.trim(),
    showTime: values.showTime,
    extraDates,
    online: values.online,
    onlineUrl: values.online ? optional(values.onlineUrl) : undefined,
    soldOut: values.soldOut,
    externalTicketingUrl: optional(values.externalTicketingUrl),
    priceMinCents: min ?? undefined,
    priceMaxCents: max ?? undefined,
    free: values.free,
    freeOption: values.freeOption,
    websiteUrl: optional(values.websiteUrl),
    seoTitle: optional(values.seoTitle),
    seoKeywords: optional(values.seoKeywords),
    facebookEventId: optional(values.facebookEventId),
    slug: optional(values.slug),
    ...(options.staff ? { featured: values.featured, bigEvent: values.bigEvent } : {}),
    ...(options.imageId ? { imageId: options.imageId } : {}),
  };
}

/** Field labels by input name, for the error messages that name a field. */
export function fieldLabels(locale: Locale): Record<string, string> {
  return {
    title: t(locale, 'orgEvents.field.title'),
    presenterOrgId: t(locale, 'orgEvents.field.presenter'),
    'venueIds-0': t(locale, 'orgEvents.field.venue'),
    categoryId: t(locale, 'orgEvents.field.category'),
    otherCategoryIds: t(locale, 'orgEvents.field.otherCategories'),
    audienceIds: t(locale, 'orgEvents.field.audiences'),
    exhibitionTypeId: t(locale, 'orgEvents.field.exhibitionType'),
    parentEventId: t(locale, 'orgEvents.field.parent'),
    descriptionHtml: t(locale, 'orgEvents.field.description'),
    startsAt: t(locale, 'orgEvents.field.startsAt'),
    endsAt: t(locale, 'orgEvents.field.endsAt'),
    onlineUrl: t(locale, 'orgEvents.field.onlineUrl'),
    externalTicketingUrl: t(locale, 'orgEvents.field.externalTicketingUrl'),
    priceMin: t(locale, 'orgEvents.field.priceMin'),
    priceMax: t(locale, 'orgEvents.field.priceMax'),
    websiteUrl: t(locale, 'orgEvents.field.websiteUrl'),
    seoTitle: t(locale, 'orgEvents.field.seoTitle'),
    seoKeywords: t(locale, 'orgEvents.field.seoKeywords'),
    facebookEventId: t(locale, 'orgEvents.field.facebookEventId'),
    slug: t(locale, 'orgEvents.field.slug'),
    note: t(locale, 'orgEvents.field.note'),
  };
}

/** A use case's field path (`fields.extraDates.0.startsAt`) → the input that holds it. */
function inputOf(path: string): string {
  const bare = path.replace(/^fields\./, '');
  const extra = /^extraDates\.(\d+)(?:\.(startsAt|endsAt))?/.exec(bare);
  if (extra) return `${extra[2] === 'endsAt' ? 'extraEnd' : 'extraStart'}-${extra[1]}`;
  if (bare.startsWith('venueIds')) return 'venueIds-0';
  if (bare.startsWith('categoryIds')) return 'categoryId';
  if (bare === 'priceMinCents') return 'priceMin';
  if (bare === 'priceMaxCents') return 'priceMax';
  return bare.split('.')[0] ?? bare;
}

/** Rule codes (not validation) → the input they are about. */
const codeFields: Record<string, string> = {
  unknown_venue: 'venueIds-0',
  unknown_term: 'categoryId',
  unknown_presenter: 'presenterOrgId',
  exhibition_type_required: 'exhibitionTypeId',
  end_before_start: 'endsAt',
  price_range: 'priceMax',
  description_too_long: 'descriptionHtml',
  invalid_parent: 'parentEventId',
  slug_taken: 'slug',
};

/**
 * A refused save or submission as the form shows it: the use case's message, the fields at fault,
 * and everything typed (`draft`), so nothing is lost — a conflict included (ORG-05).
 */
export function eventFormFailure(
  cause: unknown,
  values: EventFormValues,
  locale: Locale,
): ActionFailure<FormFailure & { draft: EventFormValues }> {
  const error =
    cause instanceof ValidationError
      ? new ValidationError(
          cause.issues.map((issue) => ({ ...issue, path: inputOf(issue.path) })),
          cause.userMessage,
        )
      : cause;
  return formFailure(error, locale, {
    form: 'event',
    labels: fieldLabels(locale),
    codeFields,
    extra: { draft: values },
  });
}

/** The form's pick lists, in the page's language (cached per container by the domain). */
export async function eventFormChoices(deps: Pick<Deps, 'db'>, locale: Locale): Promise<EventFormChoices> {
  const [choices, venues, exhibitionTypes, categories] = await Promise.all([
    calendarChoices(deps, locale),
    listVenues(deps),
    listTaxonomyTerms(deps, 'exhibitionType'),
    listTaxonomyTerms(deps, 'category'),
  ]);
  const name = (term: { nameFr: string; nameEn: string }) => (locale === 'en' ? term.nameEn : term.nameFr);
  return {
    venues: venues
      .map((venue) => ({ value: venue.venueId, label: `${venue.name} (${venue.city})` }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
    categories: choices.categories.map((item) => ({ value: item.id, label: item.name })),
    audiences: choices.audiences.map((item) => ({ value: item.id, label: item.name })),
    exhibitionTypes: exhibitionTypes
      .map((term) => ({ value: term.termId, label: name(term) }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
    presenters: choices.presenters
      .map((item) => ({ value: item.id, label: item.name }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
    exhibitionCategories: categories.filter((term) => term.requiresExhibitionType).map(name),
  };
}

/** The big events of the organization a new event may join (CAL-05). */
export function parentChoices(
  events: Pick<CalendarEvent, 'eventId' | 'title' | 'bigEvent'>[],
  self?: string,
) {
  return events
    .filter((event) => event.bigEvent && event.eventId !== self)
    .map((event) => ({ value: event.eventId, label: event.title }));
}
