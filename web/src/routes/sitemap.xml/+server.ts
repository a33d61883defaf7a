import { error } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { publicCacheControl } from '$lib/server/calendar/public-cache';
import { serverDeps } from '$lib/server/deps';
import { publishedEventSlugs } from '$shared/calendar/public-calendar';
import { type SitemapUrl, sitemapContentType, sitemaps } from '$shared/feeds/sitemap';
import { locales } from '$shared/templates/i18n/locale';
import { currentPasses } from '$shared/ticketing/passes';
import type { RequestHandler } from './$types';

/** The query parameter of a part, when the URLs need more than one file (past 50,000). */
const partParam = 'partie';

/**
 * CAL-06: the home page and every published event not yet over, in both languages, with the
 * event's last change as `lastmod`; the « Passes » tab and each pass on sale or soon (TIX-08). Past 50,000 URLs, /sitemap.xml is an index of parts served at
 * /sitemap.xml?partie=n.
 */
export const GET: RequestHandler = async (event) => {
  const { origin, searchParams } = event.url;
  const [events, passes] = await Promise.all([
    publishedEventSlugs(serverDeps()),
    currentPasses(serverDeps()),
  ]);
  const latest = events.reduce<string | undefined>(
    (last, item) => (last === undefined || item.updatedAt > last ? item.updatedAt : last),
    undefined,
  );
  const urls: SitemapUrl[] = [
    ...locales.map((locale) => ({ loc: `${origin}${paths.home(locale)}`, lastmod: latest })),
    ...events.flatMap((item) =>
      locales.map((locale) => ({
        loc: `${origin}${paths.eventSheet(locale, item.slug)}`,
        lastmod: item.updatedAt,
      })),
    ),
    ...(passes.length > 0
      ? locales.flatMap((locale) => [
          { loc: `${origin}${paths.passes(locale)}`, lastmod: latest },
          ...passes.map((pass) => ({
            loc: `${origin}${paths.pass(locale, pass.passId)}`,
            lastmod: pass.updatedAt,
          })),
        ])
      : []),
  ];
  const { root, parts } = sitemaps(urls, {
    partUrl: (part) => `${origin}${paths.sitemap()}?${partParam}=${part}`,
  });
  const asked = searchParams.get(partParam);
  const body = asked === null ? root : parts[Number(asked) - 1];
  if (body === undefined || (asked !== null && !/^[1-9]\d{0,3}$/.test(asked))) error(404, 'Not found');
  return new Response(body, {
    headers: { 'content-type': sitemapContentType, 'cache-control': publicCacheControl },
  });
};
