import { error, redirect } from '@sveltejs/kit';
import { portalActor, portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { documentDownloadUrl } from '$shared/crm/client-documents';
import { toUserError } from '$shared/kernel/errors';
import type { RequestHandler } from './$types';

/**
 * CRM-10 download: the document must be in the session's own file (ROLE-06: a forged or another
 * client's id is not found), then the browser goes to a 5-minute signed link. Never cached: the
 * answer depends on who asks.
 */
export const GET: RequestHandler = async (event) => {
  const scope = portalScope(event);
  const locale = event.locals.locale;
  let url: string;
  try {
    ({ url } = await documentDownloadUrl(
      { ...serverDeps(), files: serverFiles() },
      {
        actor: portalActor(scope),
        clientId: scope.clientId,
        docId: event.params.docId,
        at: event.url.searchParams.get('at') ?? '',
      },
    ));
  } catch (cause) {
    const user = toUserError(cause, locale);
    if (user.status >= 500) throw cause;
    // Bad input (a malformed id or date) is answered like an unknown document.
    error(user.status === 400 ? 404 : user.status, user.message);
  }
  event.setHeaders({ 'cache-control': 'no-store' });
  redirect(303, url);
};
