import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { staffActor } from '$lib/server/console/client-documents';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { confirmDocumentUpload } from '$shared/crm/client-documents';
import { toUserError } from '$shared/kernel/errors';
import { t } from '$shared/templates/i18n/messages';
import type { PageServerLoad } from './$types';

/**
 * Where the file store sends the browser after a staff attachment (CRM-10): the file's first
 * bytes are checked now (idempotent, pending uploads of this file only, so a reload changes
 * nothing). Accepted: back to the file's documents; refused: this page says why, the file is gone.
 */
export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  const { locale } = event.locals;
  const { clientId } = event.params;
  const docId = event.url.searchParams.get('doc');
  const at = event.url.searchParams.get('at');
  if (!docId || !at) return { clientId, refused: t(locale, 'console.documents.receivedMissing') };
  let accepted: string;
  try {
    const { document } = await confirmDocumentUpload(
      { ...serverDeps(), files: serverFiles() },
      { actor: staffActor(principal), clientId, docId, at },
    );
    accepted = document.docId;
  } catch (cause) {
    const user = toUserError(cause, locale);
    if (user.status >= 500) throw cause;
    return {
      clientId,
      refused:
        user.status === 404 || user.status === 400
          ? t(locale, 'console.documents.receivedMissing')
          : user.message,
    };
  }
  redirect(303, `${paths.consoleClient(locale, clientId)}?ajoute=${encodeURIComponent(accepted)}#documents`);
};
