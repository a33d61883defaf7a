import type { Handle, HandleServerError } from '@sveltejs/kit';
import { resolveLocale } from '$lib/server/locale';
import { applySecurityHeaders } from '$lib/server/security-headers';
import { errorFields } from '$shared/kernel/logger';
import { localeTag } from '$shared/templates/i18n/locale';

export const handle: Handle = async ({ event, resolve }) => {
  const locale = resolveLocale(
    event.url.pathname,
    event.cookies,
    event.request.headers.get('accept-language'),
  );
  event.locals.locale = locale;
  const response = await resolve(event, {
    // app.html says fr-CA; English pages say so instead.
    transformPageChunk: ({ html }) =>
      html.replace('<html lang="fr-CA">', `<html lang="${localeTag(locale)}">`),
  });
  return applySecurityHeaders(response);
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
