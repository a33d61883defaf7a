import * as z from 'zod/mini';
import type { Locale, LocalizedMessage } from '../../kernel/errors';
import { formatDateTime } from '../i18n/format';
import { cher } from './compose';
import type { PlaceholderRule, TemplateText } from './template-text';

/** A placeholder as a template declares it: its rule, what it means for the editor, its value. */
export interface PlaceholderSpec<D> extends PlaceholderRule {
  /** What the value is, for the editor (French first). */
  description: LocalizedMessage;
  /** The value for one message; `undefined` when the data has none (see `whenMissing`). */
  value(data: D, locale: Locale): string | undefined;
}

/**
 * One e-mail Parvis sends (COM-01): the data its senders must supply (validated when queued and
 * again when rendered), the placeholders staff may use in its text, and its default texts, which
 * staff may override per locale. `sample` feeds the editor's preview.
 */
export interface EmailTemplateDefinition<S extends z.ZodMiniType = z.ZodMiniType> {
  /** The name staff know it by (the seed's « Création d'un dossier par le client »…). */
  name: LocalizedMessage;
  /** When it is sent, for the editor. */
  purpose: LocalizedMessage;
  data: S;
  placeholders: Readonly<Record<string, PlaceholderSpec<z.output<S>>>>;
  defaults: Readonly<Record<Locale, TemplateText>>;
  sample: z.input<S>;
}

export function defineTemplate<S extends z.ZodMiniType>(
  definition: EmailTemplateDefinition<S>,
): EmailTemplateDefinition<S> {
  return definition;
}

/** Links come only from data, and only http(s): never `javascript:` or `data:`. */
export const linkField = () => z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));

export const firstNameField = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

/** The civility that picks {cher}: f → "Chère", m → "Cher", x → "Bonjour" (the default). */
export const salutationField = () => z._default(z.enum(['f', 'm', 'x']), 'x');

/** Hours a link stays valid, shown as "24 heures" or "7 jours". */
export const validForHoursField = () => z.optional(z.int().check(z.positive(), z.maximum(24 * 90)));

/** An IANA zone the runtime knows, so formatting can never throw at send time. */
export const timeZoneField = () =>
  z._default(
    z.string().check(
      z.maxLength(64),
      z.refine(
        (zone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'unknown time zone' },
      ),
    ),
    'America/Toronto',
  );

/** "{cher} {prenom_client}," — the greeting of every template of the seed. */
export function greetingPlaceholders<D extends { firstName?: string; salutation: 'f' | 'm' | 'x' }>(): Record<
  'cher' | 'prenom_client',
  PlaceholderSpec<D>
> {
  return {
    cher: {
      kind: 'text',
      description: {
        fr: 'Chère, Cher ou Bonjour selon la civilité du client (Dear ou Hello en anglais).',
        en: 'Chère, Cher or Bonjour from the client’s civility (Dear or Hello in English).',
      },
      value: (data, locale) => cher(locale, data.salutation, Boolean(data.firstName)),
    },
    prenom_client: {
      kind: 'text',
      whenMissing: 'empty',
      description: { fr: 'Prénom du client.', en: 'The client’s first name.' },
      value: (data) => data.firstName,
    },
  };
}

export function link<D>(
  description: LocalizedMessage,
  label: LocalizedMessage,
  value: (data: D) => string | undefined,
  options: { required?: boolean } = {},
): PlaceholderSpec<D> {
  return { kind: 'link', description, label, value, required: options.required };
}

export function durationText(hours: number, locale: Locale): string {
  const days = hours % 24 === 0 ? hours / 24 : undefined;
  if (locale === 'fr') {
    return days ? `${days} jour${days > 1 ? 's' : ''}` : `${hours} heure${hours > 1 ? 's' : ''}`;
  }
  return days ? `${days} day${days > 1 ? 's' : ''}` : `${hours} hour${hours > 1 ? 's' : ''}`;
}

/** {delai_expiration}: optional, so a sender that does not say leaves its paragraph out. */
export function expiryPlaceholder<D extends { validForHours?: number }>(): PlaceholderSpec<D> {
  return {
    kind: 'text',
    description: {
      fr: 'Durée de validité du lien (ex. « 1 heure », « 7 jours ») ; le paragraphe est omis si elle est inconnue.',
      en: 'How long the link works (e.g. “1 hour”, “7 days”); its paragraph is left out when unknown.',
    },
    value: (data, locale) =>
      data.validForHours === undefined ? undefined : durationText(data.validForHours, locale),
  };
}

export function dateTimePlaceholder<D>(
  description: LocalizedMessage,
  at: (data: D) => { iso: string; timeZone: string },
): PlaceholderSpec<D> {
  return {
    kind: 'text',
    description,
    value: (data, locale) => {
      const { iso, timeZone } = at(data);
      return formatDateTime(iso, timeZone, locale);
    },
  };
}
