/**
 * The bottom of a file (CRM-07): staff run the client's deletion request ("Demander à être
 * retiré", with its four outcomes), or restore a deactivated file (« RESTAURER CE CLIENT »),
 * asking for the missing e-mail, phone and address and sending the « Courriel lors de
 * restauration ». Both use cases write their own audit entry.
 */
import { fail, type RequestEvent, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure, readForm } from '$lib/server/form';
import type { StaffClientView } from '$shared/crm/client-views';
import { ClientEmailExistsError } from '$shared/crm/create-client-by-staff';
import { requestClientErasure } from '$shared/crm/erase-client';
import { restoreClient } from '$shared/crm/restore-client';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { requireStaff } from '../access';
import { addressInput, clientFieldLabels, clientFieldNames, clientIssuePaths } from './client-form';

type FileEvent = RequestEvent<{ clientId: string; locale: Locale }>;

export async function loadErasure(_event: FileEvent, profile: StaffClientView) {
  return { status: profile.status };
}

export const erasureActions = {
  /**
   * The client's deletion request, run by staff: deleted completely (no history), deactivated
   * (history: only names and postal code stay), or refused (balance due, "À PLANIFIER").
   */
  erase: async (event: FileEvent) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['confirm']);
    if (values.confirm !== 'on') {
      const message = t(locale, 'console.erase.confirmRequired');
      return fail(400, {
        form: 'erase',
        code: 'required',
        message,
        fields: { confirm: message },
        values: {},
      });
    }
    let outcome: string;
    try {
      ({ outcome } = await requestClientErasure(
        { ...serverDeps(), files: serverFiles() },
        { clientId: event.params.clientId, actor: { userId: principal.userId, kind: 'staff' } },
      ));
    } catch (cause) {
      return formFailure(cause, locale, { form: 'erase' });
    }
    if (outcome === 'deleted') redirect(303, `${paths.console(locale)}?supprime=1`);
    if (outcome === 'deactivated') return { form: 'erase', done: 'deactivated' };
    const message = t(
      locale,
      outcome === 'refusedBalance' ? 'console.erase.refusedBalance' : 'console.erase.refusedToSchedule',
    );
    return fail(409, { form: 'erase', code: outcome, message, fields: {}, values: {} });
  },

  /** « Restaurer ce client »: only a deactivated file; the restoration e-mail goes to the new address. */
  restore: async (event: FileEvent) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, clientFieldNames);
    const options = { form: 'restore', values, labels: clientFieldLabels(locale), paths: clientIssuePaths };
    try {
      const result = await restoreClient(serverDeps(), {
        clientId: event.params.clientId,
        actorUserId: principal.userId,
        email: values.email.trim() || undefined,
        phone: values.phone.trim() || undefined,
        address: addressInput(values),
        locale: values.language === 'en' ? 'en' : 'fr',
        ...(values.salutation ? { salutation: values.salutation as 'f' | 'm' | 'x' } : {}),
      });
      return { form: 'restore', done: result.messageId ? 'restoredInvited' : 'restored' };
    } catch (cause) {
      const failure = formFailure(cause, locale, options);
      if (cause instanceof ClientEmailExistsError) {
        return fail(failure.status, {
          ...failure.data,
          fields: { email: failure.data.message },
          existingClientId: cause.existingClientId,
        });
      }
      return failure;
    }
  },
};
