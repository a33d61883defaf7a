import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { calendarQueryString, isFiltered, readCalendarQuery } from '$shared/calendar/calendar-address';
import { calendarFeed } from '$shared/calendar/public-calendar';
import { feedToIcs, icsHeaders } from '$shared/feeds/ics';
import { t } from '$shared/templates/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * CAL-10: the calendar a filter of the home page shows, as an iCalendar feed to subscribe to: the
 * home page's parameters (read by the same codec, unknown ones ignored), at most
 * `calendarFeedLimits.occurrences` (200) upcoming dates. Inline, so an application subscribes to it.
 */
export const GET: RequestHandler = async (event) => {
  const { locale } = event.locals;
  const { origin } = event.url;
  const query = { ...readCalendarQuery(event.url.searchParams), cursor: undefined };
  const feed = await calendarFeed(serverDeps(), {
    query,
    sheetUrl: (slug) => `${origin}${paths.eventSheet(locale, slug)}`,
  });
  const body = feedToIcs(feed.occurrences, {
    name: t(locale, isFiltered(query) ? 'calendar.feeds.filteredTitle' : 'calendar.feeds.title'),
    url: `${origin}${paths.calendarIcs(locale, calendarQueryString(query))}`,
  });
  return new Response(body, {
    headers: { ...icsHeaders('calendrier', { download: false }), 'cache-control': publicCacheControl },
  });
};
