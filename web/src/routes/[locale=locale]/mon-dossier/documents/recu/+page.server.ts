import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { portalActor, portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { confirmDocumentUpload } from '$shared/crm/client-documents';
import { toUserError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

/**
 * Where the file store sends the browser after an upload (CRM-10): the file's first bytes are
 * checked now. Confirming is idempotent and only ever about a pending upload of the session's own
 * file, so doing it on this GET (the store can only redirect) changes nothing a reload would redo.
 * Accepted: back to the list, which names it. Refused: this page says why; the file is gone.
 */
export const load: PageServerLoad = async (event) => {
  const scope = portalScope(event);
  const locale = event.locals.locale;
  const docId = event.url.searchParams.get('doc');
  const at = event.url.searchParams.get('at');
  if (!docId || !at) return { refused: t(locale, 'clientPortal.documents.receivedMissing') };
  let accepted: string | undefined;
  try {
    const { document } = await confirmDocumentUpload(
      { ...serverDeps(), files: serverFiles() },
      { actor: portalActor(scope), clientId: scope.clientId, docId, at },
    );
    accepted = document.docId;
  } catch (cause) {
    const user = toUserError(cause, locale);
    if (user.status >= 500) throw cause;
    return {
      refused:
        user.status === 404 || user.status === 400
          ? t(locale, 'clientPortal.documents.receivedMissing')
          : user.message,
    };
  }
  redirect(303, `${paths.myFileDocuments(locale)}?ajoute=${encodeURIComponent(accepted)}`);
};
