import { fail } from '@sveltejs/kit';
import { portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure, readForm } from '$lib/server/form';
import { clearSessionCookie } from '$lib/server/session-cookie';
import { requestClientErasure } from '$shared/crm/erase-client';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  portalScope(event);
  return {};
};

export const actions: Actions = {
  /**
   * CRM-07 "Demander à être retiré": the client's own file only, after an explicit confirmation.
   * A file deleted or deactivated can no longer be logged in to, so the browser's session cookie
   * goes with it; the page then says which of the four outcomes it was, in the seed's words.
   */
  default: async (event) => {
    const scope = portalScope(event);
    const locale = event.locals.locale;
    const values = await readForm(event.request, ['confirm']);
    if (values.confirm !== 'oui') {
      const message = t(locale, 'clientPortal.withdrawal.confirmRequired');
      return fail(400, { code: 'required', message, fields: { confirm: message }, values: {} });
    }
    try {
      const { outcome, message } = await requestClientErasure(
        { ...serverDeps(), files: serverFiles() },
        { clientId: scope.clientId, actor: { userId: scope.principal.userId, kind: 'client' } },
      );
      if (outcome === 'deleted' || outcome === 'deactivated') clearSessionCookie(event.cookies);
      return { outcome, message: message[locale] };
    } catch (cause) {
      return formFailure(cause, locale);
    }
  },
};
