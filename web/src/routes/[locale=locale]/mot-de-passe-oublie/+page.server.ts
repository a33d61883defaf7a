import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { requestPasswordReset } from '$shared/identity/request-password-reset';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

/** `?envoye`: the one answer, whatever the address (an account or not, invited or active). */
export const load: PageServerLoad = ({ url }) => ({ sent: url.searchParams.has('envoye') });

export const actions: Actions = {
  default: async ({ request, locals, getClientAddress }) => {
    const { locale } = locals;
    const values = await readForm(request, ['email']);
    const labels = { email: t(locale, 'account.field.email') };
    const missing = missingFields(values, labels, locale);
    if (missing) return missing;
    try {
      await requestPasswordReset(serverDeps(), {
        email: values.email,
        locale,
        address: getClientAddress(),
      });
    } catch (error) {
      // Only a malformed address or too many requests from this client address get here: which
      // addresses have an account is never said.
      return formFailure(error, locale, { values, labels });
    }
    redirect(303, `${paths.forgotPassword(locale)}?envoye`);
  },
};
