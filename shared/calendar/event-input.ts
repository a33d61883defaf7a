/**
 * What an organizer may type into the event form (ORG-05), checked once for the organization
 * portal, the staff console and the public form (CAL-07). Plain fields are stored as typed
 * (trimmed) and escaped wherever shown; only the description is HTML, sanitized on save.
 */
import * as z from 'zod/mini';
import { isLocalDateTime } from '../kernel/zoned-time';
import { isSlug, slugMaxLength } from './slug';

export const eventFieldLimits = {
  title: 150,
  descriptionInput: 200_000,
  seoTitle: 70,
  seoKeywords: 255,
  url: 2000,
  note: 2000,
  id: 64,
  venues: 5,
  categories: 8,
  audiences: 8,
  /** Additional dates; with the main one, at most 41 dates keep a save within one transaction. */
  extraDates: 40,
  priceCents: 10_000_000,
} as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** One line of text: trimmed, 1..max characters, no control characters. */
export const line = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !controlCharacters.test(value), 'control_characters'),
  );

export const id = () => line(eventFieldLimits.id);

export const httpUrl = () =>
  z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).check(z.maxLength(eventFieldLimits.url));
export const httpsUrl = () =>
  z.url({ protocol: /^https$/, hostname: z.regexes.domain }).check(z.maxLength(eventFieldLimits.url));

const localDateTime = () => z.string().check(z.refine(isLocalDateTime, 'invalid_date_time'));

const distinct = (values: readonly string[]) => new Set(values).size === values.length;
const idList = (max: number, min = 0) =>
  z.array(id()).check(z.minLength(min), z.maxLength(max), z.refine(distinct, 'duplicates'));

/** One additional date ("dates/heures supplémentaires"), in the venue's local time. */
export const extraDateInput = z.object({
  /** Kept from the loaded form so a date keeps its id (ticketing attaches to it later). */
  occurrenceId: z.optional(id()),
  startsAt: localDateTime(),
  endsAt: z.optional(localDateTime()),
});

export const eventFields = z.object({
  title: line(eventFieldLimits.title),
  presenterOrgId: z.optional(id()),
  venueIds: idList(eventFieldLimits.venues, 1),
  /** Primary category first ("catégorie principale"), then the others checked below it. */
  categoryIds: idList(eventFieldLimits.categories, 1),
  audienceIds: z._default(idList(eventFieldLimits.audiences), []),
  exhibitionTypeId: z.optional(id()),
  descriptionHtml: z._default(z.string().check(z.maxLength(eventFieldLimits.descriptionInput)), ''),
  /** Local times in the first venue's zone (`yyyy-mm-ddThh:mm`). */
  startsAt: localDateTime(),
  endsAt: localDateTime(),
  showTime: z._default(z.boolean(), false),
  extraDates: z._default(z.array(extraDateInput).check(z.maxLength(eventFieldLimits.extraDates)), []),
  online: z._default(z.boolean(), false),
  onlineUrl: z.optional(httpsUrl()),
  seoTitle: z.optional(line(eventFieldLimits.seoTitle)),
  seoKeywords: z.optional(line(eventFieldLimits.seoKeywords)),
  /** Only the digits of the Facebook event URL. */
  facebookEventId: z.optional(z.string().check(z.trim(), z.regex(/^\d{5,25}$/, 'digits_only'))),
  websiteUrl: z.optional(httpUrl()),
  soldOut: z._default(z.boolean(), false),
  externalTicketingUrl: z.optional(httpsUrl()),
  priceMinCents: z.optional(z.int().check(z.minimum(0), z.maximum(eventFieldLimits.priceCents))),
  priceMaxCents: z.optional(z.int().check(z.minimum(0), z.maximum(eventFieldLimits.priceCents))),
  free: z._default(z.boolean(), false),
  freeOption: z._default(z.boolean(), false),
  slug: z.optional(
    z.string().check(z.trim(), z.toLowerCase(), z.maxLength(slugMaxLength), z.refine(isSlug, 'invalid_slug')),
  ),
  featured: z.optional(z.boolean()),
  bigEvent: z.optional(z.boolean()),
  parentEventId: z.optional(id()),
  imageId: z.optional(id()),
});

export type EventFieldsInput = z.input<typeof eventFields>;
export type EventFields = z.output<typeof eventFields>;
