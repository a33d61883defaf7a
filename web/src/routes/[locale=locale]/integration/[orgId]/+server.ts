import { embedDocument, embedNotFoundDocument } from '$lib/server/calendar/embed-page';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { embeddedCalendar, embedQueryString, readEmbedOptions } from '$shared/calendar/embed';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import type { RequestHandler } from './$types';

/**
 * Issue #12: an organization's next published events, for an <iframe> on any website (the only
 * route that may be framed: security-headers.ts). The same for every visitor, so cached like the
 * calendar; options come from the query string, validated (shared/calendar/embed.ts).
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
  const options = readEmbedOptions(url.searchParams);
  // One address per set of options: a malformed or out-of-range value answers with the canonical
  // address (cacheable, no read), so varied junk cannot push reads into the table.
  const canonical = embedQueryString(options);
  if (url.search !== canonical) {
    return new Response(null, {
      status: 301,
      headers: { location: `${url.pathname}${canonical}`, 'cache-control': publicCacheControl },
    });
  }
  let page: { html: string; csp: string };
  let status = 200;
  try {
    const calendar = await embeddedCalendar(serverDeps(), { orgId: params.orgId, count: options.count });
    page = embedDocument(calendar, options, locals.locale, params.orgId);
  } catch (cause) {
    if (!(cause instanceof NotFoundError || cause instanceof ValidationError)) throw cause;
    page = embedNotFoundDocument(options, locals.locale);
    status = 404;
  }
  return new Response(page.html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': page.csp,
      'cache-control': publicCacheControl,
    },
  });
};
