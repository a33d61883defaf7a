import { error, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { publicEventSheet, sheetOccurrences } from '$shared/calendar/public-calendar';
import { feedToIcs, icsHeaders } from '$shared/feeds/ics';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * CAL-10: « Ajouter à mon agenda »: the event's every date as one .ics download. Like the sheet, a
 * former address answers 301 to the current one and an unknown or unpublished event 404. The file
 * names nobody, so it is cacheable by anyone.
 */
export const GET: RequestHandler = async (event) => {
  const { locale } = event.locals;
  let result: Awaited<ReturnType<typeof publicEventSheet>>;
  try {
    result = await publicEventSheet(serverDeps(), { slug: event.params.slug, locale });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) {
      error(404, t(locale, 'calendar.sheet.notFound'));
    }
    throw cause;
  }
  if ('kind' in result) redirect(301, paths.eventIcs(locale, result.slug));
  const { event: shown } = result.sheet;
  const sheetUrl = `${event.url.origin}${paths.eventSheet(locale, shown.slug)}`;
  const dates = sheetOccurrences(result, { sheet: sheetUrl, ticketing: shown.externalTicketingUrl }, locale);
  // A file to import, not a calendar to subscribe to: no name and no refresh interval.
  const body = feedToIcs(dates, { name: '', url: sheetUrl, refreshMinutes: 0 });
  return new Response(body, {
    headers: { ...icsHeaders(shown.slug, { download: true }), 'cache-control': publicCacheControl },
  });
};
