import { fail, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { InvalidLinkError } from '$shared/identity/account-tokens';
import { passwordMinCharacters } from '$shared/identity/password';
import { isTokenShaped } from '$shared/identity/tokens';
import { t } from '$shared/templates/i18n/messages';

/**
 * The two pages where an e-mail link leads to choosing a password: activation (invitation) and
 * reset. The GET only shows the form, the token kept in a hidden field, and does not touch it: a
 * mail scanner that opens the link uses nothing. The POST uses the token and sets the password.
 */
export function choosePasswordPage(options: {
  use: (
    deps: ReturnType<typeof serverDeps>,
    input: { token: string; newPassword: string },
  ) => Promise<unknown>;
  /** The log-in page's notice afterwards (`?raison=`). */
  reason: 'active' | 'mot-de-passe';
}) {
  const load = ({ url }: Pick<RequestEvent, 'url'>) => {
    const token = url.searchParams.get('jeton') ?? '';
    return { token: isTokenShaped(token) ? token : '', passwordMin: passwordMinCharacters };
  };

  const action = async ({ request, locals }: Pick<RequestEvent, 'request' | 'locals'>) => {
    const { locale } = locals;
    const values = await readForm(request, ['jeton', 'password']);
    if (!isTokenShaped(values.jeton)) return invalidLink(locale);
    const labels = { password: t(locale, 'account.field.newPassword') };
    const missing = missingFields(values, labels, locale, { values: {} });
    if (missing) return missing;
    try {
      await options.use(serverDeps(), { token: values.jeton, newPassword: values.password });
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(locale);
      return formFailure(error, locale, { labels, paths: { newPassword: 'password' } });
    }
    redirect(303, `${paths.logIn(locale)}?raison=${options.reason}`);
  };

  return { load, action };
}

function invalidLink(locale: 'fr' | 'en') {
  const message = new InvalidLinkError().userMessage[locale];
  return fail(400, { code: 'invalid_link', message, fields: {}, values: {} });
}
