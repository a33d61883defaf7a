import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { calendarQueryString, isFiltered, readCalendarQuery } from '$shared/calendar/calendar-address';
import { calendarFeed } from '$shared/calendar/public-calendar';
import { feedToRss, rssContentType } from '$shared/feeds/rss';
import { t } from '$shared/templates/i18n/messages';
import type { RequestHandler } from './$types';

/**
 * CAL-10: the calendar a filter of the home page shows, as RSS: one item per event (its next date),
 * linking to its sheet; the home page's parameters, unknown ones ignored; at most 200 dates read.
 */
export const GET: RequestHandler = async (event) => {
  const { locale } = event.locals;
  const { origin } = event.url;
  const query = { ...readCalendarQuery(event.url.searchParams), cursor: undefined };
  const filter = calendarQueryString(query);
  const feed = await calendarFeed(serverDeps(), {
    query,
    sheetUrl: (slug) => `${origin}${paths.eventSheet(locale, slug)}`,
  });
  const body = feedToRss(feed.events, {
    title: t(locale, isFiltered(query) ? 'calendar.feeds.filteredTitle' : 'calendar.feeds.title'),
    link: `${origin}${paths.home(locale)}${filter}`,
    description: t(locale, 'calendar.home.lead'),
    locale,
    feedUrl: `${origin}${paths.calendarRss(locale, filter)}`,
  });
  return new Response(body, {
    headers: { 'content-type': rssContentType, 'cache-control': publicCacheControl },
  });
};
