/**
 * What a person or staff may type into a client file, checked once for every use case of the
 * domain (sign-up, staff creation, profile change), with messages that name the field in French
 * and English. Text is stored as typed (trimmed): HTML is just text here, escaped wherever it is
 * shown; only control characters, which no form produces, are refused.
 */
import * as z from 'zod/mini';
import { normalizeEmail } from '../comms/suppression';
import { type LocalizedMessage, ValidationError } from '../kernel/errors';
import { salutations } from './client';
import {
  displayPostalCode,
  isCountryCode,
  isValidPostalKey,
  nameKey,
  namePrefix,
  normalizePhone,
  postalKey,
  postalPrefix,
} from './normalize';

/** Lengths a person's data never needs to exceed; the UI shows the same limits. */
export const clientFieldLimits = {
  firstName: 100,
  lastName: 100,
  street: 200,
  city: 100,
  region: 100,
  postalCode: 12,
  email: 254,
  phone: 30,
  noteText: 5000,
  consentSource: 500,
  clientId: 64,
  userId: 64,
} as const;

/** How each field is named in messages; `feminine` picks « trop longue » over « trop long ». */
const fieldLabels: Record<string, LocalizedMessage & { feminine?: true }> = {
  salutation: { fr: 'La formule d’appel', en: 'The salutation', feminine: true },
  firstName: { fr: 'Le prénom', en: 'The first name' },
  lastName: { fr: 'Le nom de famille', en: 'The last name' },
  email: { fr: 'L’adresse courriel', en: 'The e-mail address', feminine: true },
  phone: { fr: 'Le numéro de téléphone', en: 'The phone number' },
  street: { fr: 'L’adresse', en: 'The street address', feminine: true },
  city: { fr: 'La ville', en: 'The city', feminine: true },
  region: { fr: 'La province ou région', en: 'The province or region', feminine: true },
  postalCode: { fr: 'Le code postal', en: 'The postal code' },
  country: { fr: 'Le pays', en: 'The country' },
  locale: { fr: 'La langue', en: 'The language', feminine: true },
  password: { fr: 'Le mot de passe', en: 'The password' },
  text: { fr: 'Le texte', en: 'The text' },
  source: { fr: 'La source', en: 'The source', feminine: true },
  kind: { fr: 'Le type', en: 'The kind' },
  channel: { fr: 'Le canal', en: 'The channel' },
  value: { fr: 'Le choix', en: 'The choice' },
  method: { fr: 'Le moyen', en: 'The method' },
  clientId: { fr: 'Le numéro de dossier', en: 'The file number' },
  query: { fr: 'La recherche', en: 'The search', feminine: true },
};

const reasons = {
  too_long: (max: number, feminine = false): LocalizedMessage => ({
    fr: `est trop ${feminine ? 'longue' : 'long'} (${max} caractères au plus)`,
    en: `is too long (${max} characters at most)`,
  }),
  required: { fr: 'est obligatoire', en: 'is required' },
  invalid: { fr: 'n’est pas valide', en: 'is not valid' },
  no_letters: { fr: 'doit contenir au moins une lettre', en: 'must contain at least one letter' },
  control_characters: {
    fr: 'contient des caractères invisibles non permis',
    en: 'contains invisible characters that are not allowed',
  },
  too_short_search: { fr: 'doit compter au moins 2 lettres', en: 'must have at least 2 letters' },
} satisfies Record<string, LocalizedMessage | ((max: number, feminine?: boolean) => LocalizedMessage)>;

/** One sentence per problem, naming the field: "Le prénom est trop long (100 caractères au plus)." */
function describe(issue: z.core.$ZodIssue): LocalizedMessage {
  const field = [...issue.path].reverse().find((part) => typeof part === 'string' && part in fieldLabels);
  const label = fieldLabels[String(field)] ?? { fr: 'Une valeur', en: 'A value' };
  let reason: LocalizedMessage = reasons.invalid;
  if (issue.code === 'too_big') reason = reasons.too_long(Number(issue.maximum), label.feminine);
  else if (issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.input === undefined))
    reason = reasons.required;
  else if (issue.code === 'custom' && issue.message in reasons) {
    const known = reasons[issue.message as keyof typeof reasons];
    if (typeof known !== 'function') reason = known;
  }
  return { fr: `${label.fr} ${reason.fr}.`, en: `${label.en} ${reason.en}.` };
}

/** Like shared/kernel/validate.ts `parseInput`, with a message naming each field at fault. */
export function parseClientInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // One sentence per field (an empty name is both "required" and "no letter"), three at most.
  const firstPerField = issues.filter(
    (issue, index) => issues.findIndex((other) => other.path.join('.') === issue.path.join('.')) === index,
  );
  const messages = firstPerField.slice(0, 3).map(describe);
  throw new ValidationError(
    issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    { fr: messages.map((m) => m.fr).join(' '), en: messages.map((m) => m.en).join(' ') },
  );
}

/** A ValidationError for one field, with the same wording as `parseClientInput`. */
export function fieldError(path: string, code: keyof typeof reasons | 'invalid'): ValidationError {
  const known = reasons[code];
  const reason = typeof known === 'function' ? reasons.invalid : known;
  const label = fieldLabels[path.split('.').at(-1) ?? ''] ?? { fr: 'Une valeur', en: 'A value' };
  return new ValidationError([{ path, message: code }], {
    fr: `${label.fr} ${reason.fr}.`,
    en: `${label.en} ${reason.en}.`,
  });
}

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const blockControlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A block of text (notes): line breaks allowed, other control characters refused. */
export const textBlock = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !blockControlCharacters.test(value), 'control_characters'),
  );

/** A person's name: one line that has at least one letter or digit to key on. */
export const personName = (max: number) =>
  line(max).check(z.refine((value) => nameKey(value).length > 0, 'no_letters'));

export const emailField = z.pipe(
  z.string().check(z.maxLength(clientFieldLimits.email), z.trim(), z.toLowerCase()),
  z.email(),
);

export const idField = z.string().check(z.minLength(1), z.maxLength(clientFieldLimits.clientId));

export const countryField = z.pipe(
  z.string().check(z.trim(), z.toUpperCase()),
  z.string().check(z.refine(isCountryCode, 'invalid')),
);

/** Street, city and region are optional for staff (a phone-only client); sign-up requires them. */
export const addressSchema = z.object({
  street: z.optional(line(clientFieldLimits.street)),
  city: z.optional(line(clientFieldLimits.city)),
  region: z.optional(line(clientFieldLimits.region)),
  postalCode: z.optional(line(clientFieldLimits.postalCode)),
  country: countryField,
});
export type AddressInput = z.input<typeof addressSchema>;

export const salutationField = z.enum(salutations);
export const localeField = z.enum(['fr', 'en']);

/** The identity fields every way of creating or editing a file shares. */
export const personSchema = z.object({
  salutation: salutationField,
  firstName: personName(clientFieldLimits.firstName),
  lastName: personName(clientFieldLimits.lastName),
  phone: z.optional(line(clientFieldLimits.phone)),
  address: addressSchema,
  locale: localeField,
});

/** The profile attributes that follow from names and address, keys included (./client.ts). */
export interface PersonFields {
  salutation: 'f' | 'm' | 'x';
  firstName: string;
  lastName: string;
  firstNameKey: string;
  lastNameKey: string;
  namePrefix: string;
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  postalKey: string;
  postalPrefix: string;
  country: string;
  phone?: string;
  locale: 'fr' | 'en';
}

/**
 * Derives keys and normalized values from checked input; a postal code that does not fit its
 * country, or a phone number that cannot be read, is refused with its own message.
 */
export function personFields(person: z.output<typeof personSchema>): PersonFields {
  const { address } = person;
  const key = address.postalCode ? postalKey(address.postalCode) : '';
  if (address.postalCode && !isValidPostalKey(key, address.country)) {
    throw fieldError('address.postalCode', 'invalid');
  }
  let phone: string | undefined;
  if (person.phone) {
    phone = normalizePhone(person.phone, address.country);
    if (!phone) throw fieldError('phone', 'invalid');
  }
  const lastNameKey = nameKey(person.lastName);
  return {
    salutation: person.salutation,
    firstName: person.firstName,
    lastName: person.lastName,
    firstNameKey: nameKey(person.firstName),
    lastNameKey,
    namePrefix: namePrefix(lastNameKey),
    street: address.street,
    city: address.city,
    region: address.region,
    postalCode: key ? displayPostalCode(key, address.country) : undefined,
    postalKey: key,
    postalPrefix: postalPrefix(key),
    country: address.country,
    phone,
    locale: person.locale,
  };
}

export { normalizeEmail };
