import { fail, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { landingFor } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, readForm } from '$lib/server/form';
import { InvalidLinkError, verifyEmail } from '$shared/identity/account-tokens';
import { isTokenShaped } from '$shared/identity/tokens';
import type { Actions, PageServerLoad } from './$types';

/**
 * CRM-01: the link of the sign-up e-mail. The GET shows a button and uses nothing, so a mail
 * scanner following the link does not confirm the address in the owner's place; the POST does.
 */
export const load: PageServerLoad = ({ url, locals }) => {
  const token = url.searchParams.get('jeton') ?? '';
  const principal = locals.principal;
  return {
    token: isTokenShaped(token) ? token : '',
    done: url.searchParams.has('confirmee'),
    continueTo:
      principal?.stage === 'full' ? landingFor(principal, locals.locale) : paths.logIn(locals.locale),
  };
};

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const { locale } = locals;
    const { jeton } = await readForm(request, ['jeton']);
    try {
      await verifyEmail(serverDeps(), { token: jeton });
    } catch (error) {
      if (error instanceof InvalidLinkError) {
        return fail(400, {
          code: 'invalid_link',
          message: error.userMessage[locale],
          fields: {},
          values: {},
        });
      }
      return formFailure(error, locale);
    }
    redirect(303, `${paths.verifyEmail(locale)}?confirmee`);
  },
};
