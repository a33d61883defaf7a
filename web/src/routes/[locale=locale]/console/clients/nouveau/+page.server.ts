import { fail, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import {
  clientFieldLabels,
  clientFieldNames,
  clientIssuePaths,
  personInput,
} from '$lib/server/console/client-form';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { ClientEmailExistsError, createClientByStaff } from '$shared/crm/create-client-by-staff';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireStaff(event);
  return {};
};

export const actions: Actions = {
  /**
   * CRM-01 / CRM-04: a file with or without an address; with one, the invitation e-mail goes out
   * in the same transaction. CRM-03: an address already on a file points to that file; the same
   * names and postal code as other files asks for confirmation first.
   */
  default: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, [...clientFieldNames, 'sendInvitation', 'confirmDuplicate']);
    const labels = clientFieldLabels(locale);
    const missing = missingFields(
      values,
      { salutation: labels.salutation, firstName: labels.firstName, lastName: labels.lastName },
      locale,
      { values },
    );
    if (missing) return missing;
    const deps = serverDeps();
    const email = values.email.trim() || undefined;
    let created: { clientId: string; invited: boolean };
    try {
      const result = await createClientByStaff(deps, {
        ...personInput(values),
        email,
        actorUserId: principal.userId,
        confirmDuplicate: values.confirmDuplicate === '1',
        sendInvitation: values.sendInvitation === 'on',
      });
      if (result.outcome === 'possibleDuplicate') {
        return fail(409, {
          code: 'possible_duplicate',
          message: t(locale, 'console.newClient.duplicate.message'),
          fields: {} as Record<string, string>,
          values,
          duplicates: result.matches,
        });
      }
      created = { clientId: result.clientId, invited: Boolean(result.messageId) };
    } catch (error) {
      const failure = formFailure(error, locale, { values, labels, paths: clientIssuePaths });
      if (error instanceof ClientEmailExistsError) {
        return fail(failure.status, {
          ...failure.data,
          fields: { email: failure.data.message },
          existingClientId: error.existingClientId,
        });
      }
      return failure;
    }
    redirect(
      303,
      `${paths.consoleClient(locale, created.clientId)}?cree=${created.invited ? 'invitation' : '1'}`,
    );
  },
};
