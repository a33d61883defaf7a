import { countryName, formatPhone } from '$lib/server/client-portal/format';
import { portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { clientFieldLimits } from '$shared/crm/client-input';
import { type UpdateClientProfileInput, updateClientProfile } from '$shared/crm/update-client-profile';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** Countries offered first; a file from elsewhere keeps its own in the list. */
const countries = ['CA', 'FR', 'BE', 'CH', 'US'];

const names = [
  'salutation',
  'firstName',
  'lastName',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'phone',
  'email',
  'locale',
] as const;

/** The use case's issue paths → this form's inputs. */
const issuePaths: Record<string, string> = {
  'changes.salutation': 'salutation',
  'changes.firstName': 'firstName',
  'changes.lastName': 'lastName',
  'changes.email': 'email',
  'changes.phone': 'phone',
  phone: 'phone',
  'changes.locale': 'locale',
  'changes.address.street': 'street',
  'changes.address.city': 'city',
  'changes.address.region': 'region',
  'changes.address.postalCode': 'postalCode',
  'address.postalCode': 'postalCode',
  'changes.address.country': 'country',
};

export const load: PageServerLoad = async ({ parent, locals }) => {
  const { file } = await parent();
  const current = file?.profile.address.country ?? 'CA';
  const codes = countries.includes(current) ? countries : [...countries, current];
  return {
    countries: codes.map((code) => ({ value: code, label: countryName(code, locals.locale) })),
    limits: clientFieldLimits,
    phone: file?.profile.phone ? formatPhone(file.profile.phone) : '',
  };
};

export const actions: Actions = {
  /** CRM-02 "faire votre changement d'adresse": the client's own profile, address, phone, e-mail, language. */
  default: async (event) => {
    const scope = portalScope(event);
    const locale = event.locals.locale;
    const values = await readForm(event.request, names);
    const label = (name: (typeof names)[number]) => t(locale, `clientPortal.contact.${name}`);
    const labels = Object.fromEntries(names.map((name) => [name, label(name)]));
    const missing = missingFields(
      values,
      {
        firstName: label('firstName'),
        lastName: label('lastName'),
        street: label('street'),
        city: label('city'),
        postalCode: label('postalCode'),
        country: label('country'),
        email: label('email'),
      },
      locale,
    );
    if (missing) return missing;
    const optional = (value: string) => value.trim() || undefined;
    const changes: UpdateClientProfileInput['changes'] = {
      salutation: values.salutation as 'f' | 'm' | 'x',
      firstName: values.firstName,
      lastName: values.lastName,
      email: values.email,
      phone: optional(values.phone) ?? null,
      address: {
        street: optional(values.street),
        city: optional(values.city),
        region: optional(values.region),
        postalCode: optional(values.postalCode),
        country: values.country,
      },
      locale: values.locale as 'fr' | 'en',
    };
    try {
      const result = await updateClientProfile(serverDeps(), {
        clientId: scope.clientId,
        actor: { userId: scope.principal.userId, role: 'client' },
        changes,
      });
      return { saved: true, emailChanged: result.emailChanged, email: values.email.trim().toLowerCase() };
    } catch (cause) {
      return formFailure(cause, locale, { values, labels, paths: issuePaths });
    }
  },
};
