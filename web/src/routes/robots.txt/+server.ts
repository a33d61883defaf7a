import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import type { RequestHandler } from './$types';

/**
 * CAL-06: crawlers may read every public page and are pointed at the sitemap. A route rather than
 * a static file, because the Sitemap line must be an absolute URL and the site knows its origin
 * only from the request. The language switch (it sets a cookie and redirects to a page crawlers
 * reach anyway) and the search results (any text makes a page) are not for crawlers.
 */
const disallowed = ['/langue', paths.search('fr'), paths.search('en')];

export const GET: RequestHandler = ({ url }) =>
  new Response(
    `User-agent: *\nAllow: /\n${disallowed.map((path) => `Disallow: ${path}\n`).join('')}\nSitemap: ${url.origin}${paths.sitemap()}\n`,
    {
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': publicCacheControl },
    },
  );
