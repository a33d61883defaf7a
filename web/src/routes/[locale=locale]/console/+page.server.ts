import { requireStaff } from '$lib/server/access';
import { readTrail } from '$lib/server/console/cursor-trail';
import { firstThenLast, maxQueryLength, understandQuery } from '$lib/server/console/search-query';
import { serverDeps } from '$lib/server/deps';
import type { ClientSummary } from '$shared/crm/client-views';
import { type SearchClientsInput, searchClients } from '$shared/crm/search-clients';
import { toUserError } from '$shared/kernel/errors';
import type { PageServerLoad } from './$types';

/** Name, phone and postal searches page; an e-mail or a file number is one file at most. */
function withCursor(search: SearchClientsInput, cursor: string | null): SearchClientsInput {
  return search.by === 'email' || search.by === 'id' ? search : { ...search, cursor };
}

/**
 * The console's home: the client search (CRM-03..05). A GET form, so a search is a URL staff can
 * bookmark, share and go back to; 25 files a page, previous / next through the URL's cursor trail.
 */
export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const { locale } = event.locals;
  const q = (event.url.searchParams.get('q') ?? '').slice(0, maxQueryLength);
  let understood = understandQuery(q);
  if (!understood) return { q, searched: false as const };
  const trail = readTrail(event.url);
  const deps = serverDeps();
  try {
    let result = await searchClients(deps, withCursor(understood.search, trail.cursor));
    // "Marie Tremblay": no last name starts so; read it as first name then last name.
    const second = !trail.cursor && result.items.length === 0 ? firstThenLast(understood) : undefined;
    if (second) {
      const retried = await searchClients(deps, second.search);
      if (retried.items.length > 0) {
        understood = second;
        result = retried;
      }
    }
    return {
      q,
      searched: true as const,
      kind: understood.kind,
      shown: understood.shown,
      items: result.items,
      page: trail.page,
      previousUrl: trail.previousUrl,
      nextUrl: trail.nextUrl(result.cursor),
      error: undefined,
    };
  } catch (error) {
    const user = toUserError(error, locale);
    if (user.status >= 500) throw error;
    return {
      q,
      searched: true as const,
      kind: understood.kind,
      shown: understood.shown,
      items: [] as ClientSummary[],
      page: 1,
      previousUrl: undefined,
      nextUrl: undefined,
      error: user.message,
    };
  }
};
