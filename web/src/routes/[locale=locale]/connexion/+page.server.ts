import { redirect } from '@sveltejs/kit';
import { landingFor, safeNext } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { SESSION_COOKIE, setSessionCookie } from '$lib/server/session-cookie';
import { type LoggedIn, logIn } from '$shared/identity/log-in';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';
import { afterLogIn } from './next-step.server';

/** `?raison=` → what the page says above the form (after log-out, a reset, an activation…). */
const notices = {
  deconnexion: 'account.logIn.notice.loggedOut',
  partout: 'account.logIn.notice.everywhere',
  'mot-de-passe': 'account.logIn.notice.passwordReset',
  active: 'account.logIn.notice.activated',
  expiree: 'account.logIn.notice.expired',
} as const;

const isNotice = (reason: string | null): reason is keyof typeof notices =>
  reason !== null && Object.hasOwn(notices, reason);

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('suite'));
  if (locals.principal?.stage === 'full') redirect(303, next ?? landingFor(locals.principal, locals.locale));
  const reason = url.searchParams.get('raison');
  return { next: next ?? '', notice: isNotice(reason) ? notices[reason] : undefined };
};

export const actions: Actions = {
  default: async (event) => {
    const { locals, cookies } = event;
    const { locale } = locals;
    const values = await readForm(event.request, ['email', 'password', 'suite']);
    const labels = { email: t(locale, 'account.field.email'), password: t(locale, 'account.field.password') };
    // The address comes back in its field; the password never does.
    const kept = { email: values.email, suite: values.suite };
    const missing = missingFields(values, labels, locale, { values: kept });
    if (missing) return missing;
    // Rotation: the session cookie sent with the form, if any, never becomes a logged-in one.
    const presented = cookies.get(SESSION_COOKIE) || locals.sessionToken;
    let loggedIn: LoggedIn;
    try {
      loggedIn = await logIn(serverDeps(), {
        email: values.email,
        password: values.password,
        address: event.getClientAddress(),
        presentedToken: presented && presented.length <= 128 ? presented : undefined,
      });
    } catch (error) {
      return formFailure(error, locale, { values: kept, labels });
    }
    setSessionCookie(cookies, loggedIn.token, loggedIn.session.absoluteExpiresAt);
    redirect(303, afterLogIn(loggedIn, locale, safeNext(values.suite)));
  },
};
