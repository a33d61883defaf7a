import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import type { RequestHandler } from './$types';

/**
 * CAL-06: crawlers may read every public page and are pointed at the sitemap. A route rather than
 * a static file, because the Sitemap line must be an absolute URL and the site knows its origin
 * only from the request.
 */
export const GET: RequestHandler = ({ url }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${url.origin}${paths.sitemap()}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': publicCacheControl },
  });
