import { redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { privateCacheControl } from '$lib/server/calendar/public-cache';
import {
  contactFailure,
  emptyContact,
  emptyPublicValues,
  honeypotName,
  publicFieldsOf,
  readContact,
  submissionFailure,
  submissionPriceFailure,
} from '$lib/server/calendar/public-submission';
import { serverDeps } from '$lib/server/deps';
import { formSecret } from '$lib/server/form-secret';
import { eventFormChoices, readEventForm } from '$lib/server/organization/event-form';
import { issueFormToken, submitPublicEvent } from '$shared/calendar/submit-public-event';
import type { Actions, PageServerLoad } from './$types';

/**
 * CAL-07: the public form. Each rendering signs a fresh issued-at token (the minimum fill time),
 * so the page is never kept by a shared cache.
 */
export const load: PageServerLoad = async ({ locals, setHeaders }) => {
  setHeaders({ 'cache-control': privateCacheControl });
  const deps = serverDeps();
  return {
    values: emptyPublicValues(),
    contact: emptyContact(),
    choices: await eventFormChoices(deps, locals.locale),
    formToken: issueFormToken(formSecret(), deps.clock.now()),
  };
};

export const actions: Actions = {
  /** Named, not `default`: SvelteKit allows no default action beside a named one (`addDate`). */
  submit: async ({ request, locals, getClientAddress }) => {
    const { locale } = locals;
    const data = await request.formData();
    const values = readEventForm(data);
    const contact = readContact(data);
    const refused =
      contactFailure(contact, values, locale) ?? submissionPriceFailure(values, contact, locale);
    if (refused) return refused;
    const token = data.get('formToken');
    const honeypot = data.get(honeypotName);
    try {
      await submitPublicEvent(
        { ...serverDeps(), formSecret: formSecret() },
        {
          fields: publicFieldsOf(values),
          submitter: {
            name: contact.submitterName,
            email: contact.submitterEmail,
            phone: contact.submitterPhone.trim() || undefined,
            organization: contact.submitterOrganization.trim() || undefined,
          },
          note: values.note.trim() || undefined,
          website: typeof honeypot === 'string' ? honeypot : '',
          formToken: typeof token === 'string' ? token : '',
          address: getClientAddress(),
        },
      );
    } catch (cause) {
      return submissionFailure(cause, values, contact, locale);
    }
    // A robot caught by the honeypot is thanked the same way: it learns nothing.
    redirect(303, paths.submitEventThanks(locale));
  },
  /** "Add a date" without JavaScript: the same form with one more empty date row, nothing sent. */
  addDate: async ({ request }) => {
    const data = await request.formData();
    const values = readEventForm(data);
    return {
      form: 'submission',
      dateAdded: true,
      contact: readContact(data),
      draft: { ...values, extraDates: [...values.extraDates, { id: '', startsAt: '', endsAt: '' }] },
    };
  },
};
