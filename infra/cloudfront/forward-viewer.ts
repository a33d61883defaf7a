import { calendarParams } from '../../shared/calendar/calendar-address';
import { embedParams } from '../../shared/calendar/embed';
import { locales } from '../../shared/templates/i18n/locale';
import { viewerIpHeader } from '../../web/lambda/origin-verify';

/** The search page's one parameter (web/src/routes/[locale=locale]/recherche, CAL-10). */
export const searchParam = 'q';

/**
 * What SvelteKit adds to a page's data request (`…/__data.json`, the client-side navigation):
 * which loads to rerun, and the page's trailing-slash form.
 */
const dataRequestParams = ['x-sveltekit-invalidated', 'x-sveltekit-trailing-slash'];

/**
 * The query parameters each public page reads; every other one is dropped at the edge, before the
 * cache key is made, so a random query string cannot make a new cache entry and a table read
 * (docs/decisions/0013-caching-public-pages.md). The feeds ignore the calendar's `apres` cursor.
 */
export const publicQueryParams = {
  calendar: Object.values(calendarParams) as string[],
  feeds: Object.values(calendarParams).filter((name) => name !== calendarParams.cursor) as string[],
  search: [searchParam],
  embed: Object.values(embedParams) as string[],
};

/**
 * The viewer-request CloudFront Function (cloudfront-js-2.0) of the site's default behaviour:
 * - copies the viewer's host into x-forwarded-host and its IP into `viewerIpHeader` (the Function
 *   URL origin gets neither otherwise; see web-stack.ts);
 * - on a GET or HEAD of a public page (the calendar, the feeds, an event sheet, the search, an
 *   organization's embedded calendar, the sitemap, robots.txt, and their `__data.json`), keeps
 *   only the parameters that page reads, in the viewer's order (the home page itself redirects
 *   any other spelling of a filter to its one canonical address, without reading the table).
 *   Any other path or method is left whole: the portals and forms receive every parameter.
 * Written as plain ES5-style JavaScript, which that runtime runs; forward-viewer.test.ts runs this
 * very text in Node against sample events.
 */
export function forwardViewerCode(): string {
  const list = (names: readonly string[]) => JSON.stringify(names);
  const locale = `(?:${locales.join('|')})`;
  return `var calendarParams = ${list(publicQueryParams.calendar)};
var feedParams = ${list(publicQueryParams.feeds)};
var searchParams = ${list(publicQueryParams.search)};
var embedParams = ${list(publicQueryParams.embed)};
var dataParams = ${list(dataRequestParams)};

function keptParams(path) {
  if (/^\\/${locale}$/.test(path)) return calendarParams;
  if (/^\\/${locale}\\/calendrier\\.(?:ics|rss)$/.test(path)) return feedParams;
  if (/^\\/${locale}\\/recherche$/.test(path)) return searchParams;
  if (/^\\/${locale}\\/integration\\/[^\\/]+$/.test(path)) return embedParams;
  if (/^\\/${locale}\\/evenements\\/[^\\/]+(?:\\/agenda\\.ics)?$/.test(path)) return [];
  if (path === '/sitemap.xml' || path === '/robots.txt') return [];
  return null;
}

function handler(event) {
  var request = event.request;
  if (request.headers.host) request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  request.headers['${viewerIpHeader}'] = { value: event.viewer.ip };
  if (request.method !== 'GET' && request.method !== 'HEAD') return request;
  var uri = request.uri;
  var data = uri.slice(-12) === '/__data.json';
  var kept = keptParams(data ? uri.slice(0, -12) : uri);
  if (kept === null) return request;
  var query = request.querystring;
  for (var name in query) {
    if (kept.indexOf(name) === -1 && !(data && dataParams.indexOf(name) !== -1)) delete query[name];
  }
  return request;
}
`;
}
