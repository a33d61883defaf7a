import * as z from 'zod/mini';
import type { Locale, LocalizedMessage } from '../../kernel/errors';
import { formatDateTime, formatMoney } from '../i18n/format';
import { localeTag } from '../i18n/locale';
import { type PlaceholderSpec, timeZoneField } from './define-template';

/**
 * What the ticketing e-mails (TIX-10, TIX-11, TIX-13, TIX-15) share: the fields that describe an
 * event and an order, and their placeholders. Money comes as integer cents and a currency, times as
 * ISO UTC shown in the event's zone (PLAT-01); the text is made here, never by the caller.
 */
export const shortText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
export const moneyField = () => z.int().check(z.minimum(0), z.maximum(100_000_000));
export const currencyField = () => z._default(z.string().check(z.regex(/^[A-Z]{3}$/)), 'CAD');
/** A person's own words (an organizer's message, a help request): plain text, kept as lines. */
export const messageField = () => z.optional(z.string().check(z.trim(), z.maxLength(2000)));

export const eventDateField = () =>
  z.object({ startsAt: z.iso.datetime(), endsAt: z.optional(z.iso.datetime()) });

/** The event an order is for, as every order e-mail names it. */
export const eventFields = {
  organizationName: shortText(150),
  eventTitle: shortText(150),
  /** The dates of the order (several for a series or a festival pass), ISO UTC, first first. */
  dates: z.array(eventDateField()).check(z.minLength(1), z.maxLength(30)),
  /** The venue's IANA zone: the dates are shown there. */
  timeZone: timeZoneField(),
  /** Absent for an online event. */
  venue: z.optional(z.object({ name: shortText(150), address: z.optional(shortText(300)) })),
};

export const orderLineField = () =>
  z.object({
    /** The ticket category (« Adulte », « Étudiant »…). */
    category: shortText(120),
    quantity: z.int().check(z.minimum(1), z.maximum(1000)),
    /** Price of one, before taxes. */
    unitPriceCents: moneyField(),
    /** The line's taxes, all of them together (its stored GST + QST). */
    taxCents: z._default(moneyField(), 0),
  });

export type OrderLine = z.output<ReturnType<typeof orderLineField>>;

/** « 5 décembre 2026 à 19 h 30 – 21 h 30 »: the end's time alone when it ends the same day. */
export function dateRangeText(
  date: { startsAt: string; endsAt?: string },
  timeZone: string,
  locale: Locale,
): string {
  const start = formatDateTime(date.startsAt, timeZone, locale);
  if (!date.endsAt) return start;
  const day = new Intl.DateTimeFormat(localeTag(locale), { timeZone, dateStyle: 'short' });
  if (day.format(new Date(date.startsAt)) === day.format(new Date(date.endsAt))) {
    const time = new Intl.DateTimeFormat(localeTag(locale), { timeZone, timeStyle: 'short' });
    return `${start} – ${time.format(new Date(date.endsAt))}`;
  }
  return `${start} – ${formatDateTime(date.endsAt, timeZone, locale)}`;
}

/** One line of an order: « 2 × Adulte : 25,00 $ chacun, taxes 7,49 $ » or « … : gratuit ». */
export function orderLineText(line: OrderLine, currency: string, locale: Locale): string {
  const money = (cents: number) => formatMoney(cents, currency, locale);
  const head = `${line.quantity} × ${line.category}`;
  if (line.unitPriceCents === 0 && line.taxCents === 0) {
    return locale === 'fr' ? `${head} : gratuit` : `${head}: free`;
  }
  const each =
    locale === 'fr' ? `${money(line.unitPriceCents)} chacun` : `${money(line.unitPriceCents)} each`;
  const taxes =
    line.taxCents > 0
      ? locale === 'fr'
        ? `, taxes ${money(line.taxCents)}`
        : `, taxes ${money(line.taxCents)}`
      : '';
  return locale === 'fr' ? `${head} : ${each}${taxes}` : `${head}: ${each}${taxes}`;
}

type EventData = {
  organizationName: string;
  eventTitle: string;
  dates: { startsAt: string; endsAt?: string }[];
  timeZone: string;
  venue?: { name: string; address?: string };
};

/** {nom_organisme}, {titre_evenement}, {date_evenement}, {dates_evenement}, {lieu}. */
export function eventPlaceholders<D extends EventData>(): Record<
  'nom_organisme' | 'titre_evenement' | 'date_evenement' | 'dates_evenement' | 'lieu',
  PlaceholderSpec<D>
> {
  return {
    nom_organisme: {
      kind: 'text',
      description: { fr: 'Nom de l’organisme.', en: 'Name of the organization.' },
      value: (data) => data.organizationName,
    },
    titre_evenement: {
      kind: 'text',
      description: { fr: 'Titre de l’événement.', en: 'Title of the event.' },
      value: (data) => data.eventTitle,
    },
    date_evenement: {
      kind: 'text',
      description: {
        fr: 'Première date de l’événement, à l’heure du lieu.',
        en: 'First date of the event, at the venue’s time.',
      },
      value: (data, locale) => {
        const first = data.dates[0];
        return first ? dateRangeText(first, data.timeZone, locale) : undefined;
      },
    },
    dates_evenement: {
      kind: 'text',
      multiline: true,
      description: {
        fr: 'Toutes les dates de la commande, une par ligne, à l’heure du lieu.',
        en: 'Every date of the order, one per line, at the venue’s time.',
      },
      value: (data, locale) =>
        data.dates.map((date) => dateRangeText(date, data.timeZone, locale)).join('\n'),
    },
    lieu: {
      kind: 'text',
      description: {
        fr: 'Lieu et adresse ; le paragraphe est omis pour un événement en ligne.',
        en: 'Venue and address; its paragraph is left out for an online event.',
      },
      value: (data) =>
        data.venue ? [data.venue.name, data.venue.address].filter(Boolean).join(', ') : undefined,
    },
  };
}

/** A text placeholder whose words the code chooses from the data (a variant of a sentence). */
export function phrase<D>(
  description: LocalizedMessage,
  value: (data: D, locale: Locale) => string | undefined,
): PlaceholderSpec<D> {
  return { kind: 'text', description, value };
}

/** A placeholder for an amount of money, left out (with its paragraph) when `cents` says nothing. */
export function money<D extends { currency: string }>(
  description: LocalizedMessage,
  cents: (data: D) => number | undefined,
): PlaceholderSpec<D> {
  return {
    kind: 'text',
    description,
    value: (data, locale) => {
      const amount = cents(data);
      return amount === undefined ? undefined : formatMoney(amount, data.currency, locale);
    },
  };
}

/** A person's own words, kept as lines, left out with its paragraph when empty. */
export function ownWords<D>(
  description: LocalizedMessage,
  value: (data: D) => string | undefined,
): PlaceholderSpec<D> {
  return { kind: 'text', multiline: true, description, value: (data) => value(data) || undefined };
}
