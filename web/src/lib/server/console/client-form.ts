/**
 * The client form the console shares between "Créer un dossier", the file's corrections and
 * "Restaurer ce client": which inputs it has, how they become a use case's person input, and which
 * input each of the use cases' issue paths points at, so the error summary links to the field.
 */
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';

export const clientFieldNames = [
  'salutation',
  'firstName',
  'lastName',
  'email',
  'phone',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'language',
] as const;

export type ClientFieldName = (typeof clientFieldNames)[number];
export type ClientFormValues = Record<ClientFieldName, string>;

const optional = (value: string) => value.trim() || undefined;

/** The address as the CRM use cases take it; empty inputs are absent, not empty strings. */
export function addressInput(values: ClientFormValues) {
  return {
    street: optional(values.street),
    city: optional(values.city),
    region: optional(values.region),
    postalCode: optional(values.postalCode),
    country: values.country.trim() || 'CA',
  };
}

/** The person part of create-client-by-staff's input. */
export function personInput(values: ClientFormValues) {
  return {
    salutation: values.salutation as 'f' | 'm' | 'x',
    firstName: values.firstName,
    lastName: values.lastName,
    phone: optional(values.phone),
    address: addressInput(values),
    locale: (values.language === 'en' ? 'en' : 'fr') as 'fr' | 'en',
  };
}

/** Issue paths of create / update / restore → input names. */
export const clientIssuePaths: Record<string, string> = Object.fromEntries(
  ['', 'changes.', 'person.'].flatMap((prefix) => [
    ...['salutation', 'firstName', 'lastName', 'email', 'phone'].map((name) => [`${prefix}${name}`, name]),
    ...['street', 'city', 'region', 'postalCode', 'country'].map((name) => [
      `${prefix}address.${name}`,
      name,
    ]),
    [`${prefix}locale`, 'language'],
  ]),
);

export function clientFieldLabels(locale: Locale): Record<ClientFieldName, string> {
  return {
    salutation: t(locale, 'console.field.salutation'),
    firstName: t(locale, 'console.field.firstName'),
    lastName: t(locale, 'console.field.lastName'),
    email: t(locale, 'console.field.email'),
    phone: t(locale, 'console.field.phone'),
    street: t(locale, 'console.field.street'),
    city: t(locale, 'console.field.city'),
    region: t(locale, 'console.field.region'),
    postalCode: t(locale, 'console.field.postalCode'),
    country: t(locale, 'console.field.country'),
    language: t(locale, 'console.field.language'),
  };
}
