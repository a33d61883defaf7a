import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { type SignUpClientInput, type SignUpOutcome, signUpClient } from '$shared/crm/sign-up-client';
import { passwordMinCharacters } from '$shared/identity/password';
import type { Locale } from '$shared/templates/i18n/locale';
import { type MessageKey, t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** The inputs, named after the use case's fields so its errors land on them. */
const names = [
  'salutation',
  'firstName',
  'lastName',
  'email',
  'password',
  'phone',
  'address.street',
  'address.city',
  'address.region',
  'address.postalCode',
  'address.country',
  'locale',
] as const;
type Name = (typeof names)[number];

const labelKeys: Record<Name, MessageKey> = {
  salutation: 'account.signUp.salutation',
  firstName: 'account.signUp.firstName',
  lastName: 'account.signUp.lastName',
  email: 'account.field.email',
  password: 'account.field.password',
  phone: 'account.signUp.phone',
  'address.street': 'account.signUp.street',
  'address.city': 'account.signUp.city',
  'address.region': 'account.signUp.region',
  'address.postalCode': 'account.signUp.postalCode',
  'address.country': 'account.signUp.country',
  locale: 'account.signUp.locale',
};

const optional = new Set<Name>(['phone', 'address.region']);

const labelsIn = (locale: Locale) =>
  Object.fromEntries(names.map((name) => [name, t(locale, labelKeys[name])])) as Record<Name, string>;

export const load: PageServerLoad = () => ({ passwordMin: passwordMinCharacters });

export const actions: Actions = {
  /**
   * CRM-01/CRM-03: the answer is one of two pages. "Check your inbox" is the same for a new file
   * and for an address that already has one (its owner gets an e-mail), so the page never tells
   * whether an address is known; « Déjà client ? » when the name and postal code match a file.
   * Too many sign-ups from one client address: the form again, with when to retry.
   */
  default: async ({ request, locals, getClientAddress }) => {
    const { locale } = locals;
    const values = await readForm(request, names);
    const labels = labelsIn(locale);
    const { password, ...kept } = values;
    const required = Object.fromEntries(
      Object.entries(labels).filter(([name]) => !optional.has(name as Name)),
    );
    const missing = missingFields(values, required, locale, { values: kept });
    if (missing) return missing;
    let result: SignUpOutcome;
    try {
      result = await signUpClient(serverDeps(), {
        salutation: values.salutation as SignUpClientInput['salutation'],
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
        password,
        phone: values.phone.trim() || undefined,
        address: {
          street: values['address.street'],
          city: values['address.city'],
          region: values['address.region'].trim() || undefined,
          postalCode: values['address.postalCode'],
          country: values['address.country'],
        },
        locale: values.locale as Locale,
        clientAddress: getClientAddress(),
      });
    } catch (error) {
      return formFailure(error, locale, { values: kept, labels });
    }
    redirect(
      303,
      result.outcome === 'alreadyClient' ? paths.alreadyClient(locale) : paths.signUpInbox(locale),
    );
  },
};
