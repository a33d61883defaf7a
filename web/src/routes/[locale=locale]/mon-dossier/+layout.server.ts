import { error, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { timeZoneOf } from '$lib/server/client-portal/format';
import { portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { type ClientFileForClient, getClientFileForClient } from '$shared/crm/get-client-file';
import { NotFoundError, toUserError } from '$shared/kernel/errors';
import type { LayoutServerLoad } from './$types';

/**
 * The portal frame: the file of the session's client (or of the client staff view read-only,
 * CRM-09). CRM-11: until the client has answered the consent question, every portal page sends
 * them to the preferences page first; staff viewing the file are not asked anything.
 */
export const load: LayoutServerLoad = async (event) => {
  const scope = portalScope(event);
  const locale = event.locals.locale;
  // Reading the path also makes this load run again on every page of the portal.
  const path = event.url.pathname;
  let file: ClientFileForClient | null = null;
  try {
    file = await getClientFileForClient(serverDeps(), { clientId: scope.clientId });
  } catch (cause) {
    if (!(cause instanceof NotFoundError)) throw cause;
    // A deletion request has just removed the file: its page still says what happened.
    if (path !== paths.myFileWithdrawal(locale)) error(404, toUserError(cause, locale).message);
  }
  const mustAskConsent = Boolean(file?.profile.mustAskConsent) && !scope.readOnly;
  if (mustAskConsent && path !== paths.myFilePreferences(locale)) {
    redirect(303, paths.myFilePreferences(locale));
  }
  return {
    file,
    readOnly: scope.readOnly,
    mustAskConsent,
    timeZone: timeZoneOf(file?.profile.address.country ?? 'CA'),
  };
};
