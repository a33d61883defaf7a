import type { RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { landingFor } from '$lib/server/access';
import { setSessionCookie } from '$lib/server/session-cookie';
import type { LoggedIn } from '$shared/identity/log-in';
import { type Principal, principalOf } from '$shared/identity/principal';
import type { Locale } from '$shared/templates/i18n/locale';

/**
 * Where a log-in goes on: the factor it still owes (carrying the page asked for), else that page,
 * else the user's portal (`landingFor`).
 */
export function afterLogIn(loggedIn: LoggedIn, locale: Locale, next: string | undefined): string {
  const carry = next ? `?suite=${encodeURIComponent(next)}` : '';
  if (loggedIn.session.stage === 'second-factor') return paths.secondFactor(locale) + carry;
  if (loggedIn.session.stage === 'enroll') return paths.enroll(locale) + carry;
  return next ?? landingFor(principalOf(loggedIn.session, loggedIn.account), locale);
}

/**
 * Puts a new session in the browser and in this request: the page rendered after the action (the
 * response to a POST without JavaScript, with its layout) sees who the user is now, not who sent
 * the form.
 */
export function adoptSession(event: Pick<RequestEvent, 'cookies' | 'locals'>, loggedIn: LoggedIn): Principal {
  setSessionCookie(event.cookies, loggedIn.token, loggedIn.session.absoluteExpiresAt);
  event.locals.sessionToken = loggedIn.token;
  event.locals.principal = principalOf(loggedIn.session, loggedIn.account);
  return event.locals.principal;
}
