import type { RequestEvent } from '@sveltejs/kit';

/**
 * How long CloudFront may keep a public calendar page: a minute fresh (a published change shows
 * within a minute), then served stale for five more while it fetches the new one, so a busy page
 * reaches the server about once a minute. Browsers revalidate every time (`max-age=0`).
 */
export const publicCacheControl = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';

/** A page that names who is logged in (the header) is theirs alone: no shared cache keeps it. */
export const privateCacheControl = 'private, no-store';

/**
 * The cache headers of a public calendar page (CAL-02, CAL-01): shared caching for anonymous
 * visitors only, since the layout shows a logged-in visitor's name and portals. CloudFront keys
 * these pages on the path, the parameters the page reads and the session cookie; a response that
 * sets a cookie is made private by hooks.server.ts (docs/decisions/0013-caching-public-pages.md).
 */
export function setPublicCache(event: Pick<RequestEvent, 'locals' | 'setHeaders'>): void {
  event.setHeaders({
    'cache-control': event.locals.principal ? privateCacheControl : publicCacheControl,
  });
}
