import { error, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { staffActor } from '$lib/server/console/client-documents';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { documentDownloadUrl } from '$shared/crm/client-documents';
import { toUserError } from '$shared/kernel/errors';
import type { RequestHandler } from './$types';

/**
 * CRM-10: staff download a document of the file: a five-minute signed link, asked for only when
 * clicked, so a page left open never holds a live link. A forged id is not found.
 */
export const GET: RequestHandler = async (event) => {
  const principal = requireStaff(event);
  const { clientId, docId } = event.params;
  const at = event.url.searchParams.get('at') ?? '';
  let url: string;
  try {
    ({ url } = await documentDownloadUrl(
      { ...serverDeps(), files: serverFiles() },
      { actor: staffActor(principal), clientId, docId, at },
    ));
  } catch (cause) {
    const user = toUserError(cause, event.locals.locale);
    if (user.status >= 500) throw cause;
    error(user.status === 400 ? 404 : user.status, user.message);
  }
  redirect(303, url);
};
