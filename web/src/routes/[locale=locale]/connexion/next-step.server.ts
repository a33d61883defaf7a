import type { RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { landingFor } from '$lib/server/access';
import { serverDeps } from '$lib/server/deps';
import { setSessionCookie } from '$lib/server/session-cookie';
import type { LoggedIn } from '$shared/identity/log-in';
import { type Principal, principalOf } from '$shared/identity/principal';
import { resolveSession } from '$shared/identity/sessions';
import type { Locale } from '$shared/templates/i18n/locale';

/**
 * Where a log-in goes on: the factor it still owes (carrying the page asked for), else that page,
 * else the user's portal (`landingFor`).
 */
export async function afterLogIn(
  loggedIn: LoggedIn,
  locale: Locale,
  next: string | undefined,
): Promise<string> {
  const carry = next ? `?suite=${encodeURIComponent(next)}` : '';
  if (loggedIn.session.stage === 'second-factor') return paths.secondFactor(locale) + carry;
  if (loggedIn.session.stage === 'enroll') return paths.enroll(locale) + carry;
  if (next) return next;
  const resolved = await resolveSession(serverDeps(), { token: loggedIn.token });
  return resolved ? landingFor(principalOf(resolved.session, resolved.account), locale) : paths.home(locale);
}

/**
 * Puts a new session in the browser and in this request: the page rendered after the action (the
 * response to a POST without JavaScript, with its layout) sees who the user is now, not who sent
 * the form.
 */
export async function adoptSession(
  event: Pick<RequestEvent, 'cookies' | 'locals'>,
  loggedIn: LoggedIn,
): Promise<Principal | null> {
  setSessionCookie(event.cookies, loggedIn.token, loggedIn.session.absoluteExpiresAt);
  const resolved = await resolveSession(serverDeps(), { token: loggedIn.token });
  event.locals.sessionToken = loggedIn.token;
  event.locals.principal = resolved ? principalOf(resolved.session, resolved.account) : null;
  return event.locals.principal;
}
