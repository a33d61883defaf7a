import { error, fail } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/access';
import { namesOf } from '$lib/server/console/people';
import { serverDeps } from '$lib/server/deps';
import { formFailure, readForm } from '$lib/server/form';
import { getEmailTemplate } from '$shared/comms/list-email-templates';
import { resetEmailTemplate, saveEmailTemplate } from '$shared/comms/save-email-template';
import { ValidationError } from '$shared/kernel/errors';
import { isEmailTemplateId } from '$shared/templates/email';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The template of the URL; an unknown key is a 404. */
function templateRef(event: RequestEvent): { key: string; locale: Locale } {
  const { key, lang } = event.params;
  if (!isEmailTemplateId(key)) error(404, t(event.locals.locale, 'console.template.notFound'));
  return { key, locale: lang as Locale };
}

/** The audit target of a template's wording in one language (ids only: `client.invitation:fr`). */
const version = (value: string) => {
  const parsed = Number.parseInt(value, 10);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : -1;
};

export const load: PageServerLoad = async (event) => {
  requireStaff(event);
  const ref = templateRef(event);
  const detail = await getEmailTemplate(serverDeps(), ref);
  const names = detail.updatedBy ? await namesOf(serverDeps(), [detail.updatedBy]) : {};
  return {
    template: {
      key: detail.key,
      locale: detail.locale,
      name: detail.name,
      purpose: detail.purpose,
      default: detail.default,
      current: detail.current,
      placeholders: detail.placeholders,
      overridden: detail.overridden,
      version: detail.version,
      updatedAt: detail.updatedAt,
      updatedBy: detail.updatedBy ? (names[detail.updatedBy] ?? detail.updatedBy) : undefined,
    },
  };
};

export const actions: Actions = {
  /**
   * COM-01: saves staff's wording against the version they opened. An unknown placeholder, an
   * empty or too long text is refused with a message naming it, and the text comes back as typed.
   */
  save: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const ref = templateRef(event);
    const values = await readForm(event.request, ['subject', 'body', 'version']);
    const draft = { subject: values.subject.slice(0, 2000), body: values.body.slice(0, 40_000) };
    try {
      await saveEmailTemplate(serverDeps(), {
        ...ref,
        subject: values.subject,
        body: values.body,
        expectedVersion: version(values.version),
        updatedBy: principal.userId,
      });
    } catch (cause) {
      const failure = formFailure(cause, locale, {
        form: 'save',
        labels: { subject: t(locale, 'console.template.subject'), body: t(locale, 'console.template.body') },
      });
      // Every problem of a draft is in the one sentence; each field shows the sentence too.
      const fields =
        cause instanceof ValidationError
          ? Object.fromEntries(
              [...new Set(cause.issues.map((issue) => issue.path))]
                .filter((path) => path === 'subject' || path === 'body')
                .map((path) => [path, failure.data.message]),
            )
          : failure.data.fields;
      return fail(failure.status, { ...failure.data, fields, draft });
    }
    return { form: 'save', done: 'templateSaved' };
  },

  /** Back to the default wording, if the saved one is still the version staff saw. */
  reset: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const ref = templateRef(event);
    const values = await readForm(event.request, ['version']);
    try {
      await resetEmailTemplate(serverDeps(), {
        ...ref,
        expectedVersion: version(values.version),
        actorUserId: principal.userId,
      });
    } catch (cause) {
      return formFailure(cause, locale, { form: 'reset' });
    }
    return { form: 'reset', done: 'templateReset' };
  },
};
