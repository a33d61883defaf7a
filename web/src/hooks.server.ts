import type { Handle, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { privateCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { resolveLocale } from '$lib/server/locale';
import { applySecurityHeaders } from '$lib/server/security-headers';
import { clearSessionCookie, SESSION_COOKIE } from '$lib/server/session-cookie';
import { widenDirective } from '$lib/server/upload-csp';
import { calendarQueryString, readCalendarQuery } from '$shared/calendar/calendar-address';
import { principalOf } from '$shared/identity/principal';
import { resolveSession } from '$shared/identity/sessions';
import { errorFields } from '$shared/kernel/logger';
import { type Locale, localeTag } from '$shared/templates/i18n/locale';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session, resolved once per request (ROLE-06): the principal in `locals` is the only source
 * of roles and organization scope for every load and action. An unknown, expired or revoked token
 * is dropped from the browser.
 */
async function resolvePrincipal(event: RequestEvent): Promise<void> {
  event.locals.principal = null;
  const token = event.cookies.get(SESSION_COOKIE);
  if (!token) return;
  const resolved = await resolveSession(serverDeps(), { token });
  if (!resolved) {
    clearSessionCookie(event.cookies);
    return;
  }
  event.locals.sessionToken = token;
  event.locals.principal = principalOf(resolved.session, resolved.account);
}

/**
 * CRM-09: while staff view a client's portal, every write is refused here, whatever the route or
 * the form; only ending the view and logging out remain.
 */
function refusedWhileReadOnly(event: RequestEvent, locale: Locale): Response | undefined {
  if (!event.locals.principal?.readOnly || readMethods.has(event.request.method)) return undefined;
  const path = event.url.pathname;
  if (path === paths.endImpersonation(locale) || path === paths.logOut(locale)) return undefined;
  const message =
    locale === 'fr'
      ? 'Consultation en lecture seule : aucune modification n’est possible au nom du client.'
      : 'Read-only view: no change can be made on the client’s behalf.';
  return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * CAL-02: the calendar's filter is read from the address only, and any other spelling of it (unknown
 * parameters, the empty fields a GET form sends) goes to its one canonical address. Here, before any
 * load runs, so a random query string reads nothing from the table (the layout's reads included)
 * and a filter has one link and one cache entry.
 */
function calendarRedirect(event: RequestEvent): Response | undefined {
  if (event.route.id !== '/[locale=locale]' || !readMethods.has(event.request.method)) return undefined;
  const canonical = calendarQueryString(readCalendarQuery(event.url.searchParams));
  if (event.url.search === canonical) return undefined;
  return new Response(null, { status: 302, headers: { location: `${event.url.pathname}${canonical}` } });
}

/**
 * A response that sets a cookie (a stale session cleared, the language switch, a log-in) is meant
 * for one browser: whatever the page said, no shared cache may keep it, or CloudFront would hand
 * that Set-Cookie to the next visitors (docs/decisions/0013-caching-public-pages.md).
 */
function keepCookiesPrivate(response: Response): void {
  if (response.headers.getSetCookie().length > 0) {
    response.headers.set('cache-control', privateCacheControl);
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(
    event.url.pathname,
    event.cookies,
    event.request.headers.get('accept-language'),
  );
  event.locals.locale = locale;
  // Only pages and actions need the session: static files and the health check do not read it.
  if (!event.url.pathname.startsWith('/_app/') && event.url.pathname !== '/health') {
    await resolvePrincipal(event);
  } else {
    event.locals.principal = null;
  }
  const refused = refusedWhileReadOnly(event, locale);
  if (refused) return applySecurityHeaders(refused);
  const canonical = calendarRedirect(event);
  if (canonical) return applySecurityHeaders(canonical);
  const response = await resolve(event, {
    // app.html says fr-CA; English pages say so instead.
    transformPageChunk: ({ html }) =>
      html.replace('<html lang="fr-CA">', `<html lang="${localeTag(locale)}">`),
  });
  // CRM-10: a page with an upload form lets that form post to the file store, and only there.
  widenDirective(response, 'form-action', event.locals.uploadFormOrigin);
  // TIX-09: the checkout form's answer sends the browser on to the payment provider's page.
  widenDirective(response, 'form-action', event.locals.checkoutFormOrigins);
  // ORG-06: the crop step shows the uploaded original from the file store.
  widenDirective(response, 'img-src', event.locals.fileStoreImageOrigin);
  keepCookiesPrivate(response);
  // Issue #12: the embeddable calendar alone may be framed by other sites (security-headers.ts).
  return applySecurityHeaders(response, event.route.id);
};

/**
 * Unexpected errors: logged once, as one JSON line with a fresh id, and only that id reaches the
 * user (in +error.svelte and error.html) so support can find the log line; never the stack.
 * 4xx (unknown page, wrong method) are ordinary traffic, not incidents.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status < 500) return { message };
  const id = crypto.randomUUID();
  console.error(
    JSON.stringify({
      level: 'error',
      errorId: id,
      status,
      method: event.request.method,
      route: event.route.id,
      path: event.url.pathname,
      ...errorFields(error),
    }),
  );
  return { message: `Incident ${id}`, id };
};
