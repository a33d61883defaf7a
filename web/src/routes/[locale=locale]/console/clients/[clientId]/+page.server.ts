import { error, fail, redirect } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { requireStaff } from '$lib/server/access';
import { documentActions, loadDocuments } from '$lib/server/console/client-documents';
import { erasureActions, loadErasure } from '$lib/server/console/client-erasure';
import {
  addressInput,
  clientFieldLabels,
  clientFieldNames,
  clientIssuePaths,
} from '$lib/server/console/client-form';
import { namesOf } from '$lib/server/console/people';
import { serverDeps } from '$lib/server/deps';
import { formFailure, missingFields, readForm } from '$lib/server/form';
import { addClientNote, clearRedFlag } from '$shared/crm/add-client-note';
import type { ConsentChannel } from '$shared/crm/client';
import { clientEmailLog } from '$shared/crm/client-email-log';
import { noteKinds } from '$shared/crm/client-note';
import type { consentMethods } from '$shared/crm/consent-record';
import { getClientFileForStaff } from '$shared/crm/get-client-file';
import { inviteClient } from '$shared/crm/invite-client';
import { recordConsent } from '$shared/crm/record-consent';
import { listMissedEmails, resendMissedEmails } from '$shared/crm/resend-missed-emails';
import { updateClientProfile } from '$shared/crm/update-client-profile';
import { startImpersonation } from '$shared/identity/impersonation';
import { NotFoundError, ValidationError } from '$shared/kernel/errors';
import { emailTemplate, emailTemplateIds } from '$shared/templates/email';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The latest e-mails shown on the file; "Consulter les logs" pages through all of them. */
const recentEmails = 10;

function fileNotFound(locale: Locale): never {
  error(404, t(locale, 'console.file.notFound'));
}

/** The file, or the 404 page: an unknown or malformed id is the same "no such file" to staff. */
async function staffFile(event: RequestEvent) {
  try {
    return await getClientFileForStaff(serverDeps(), { clientId: event.params.clientId });
  } catch (cause) {
    if (cause instanceof NotFoundError || cause instanceof ValidationError) fileNotFound(event.locals.locale);
    throw cause;
  }
}

export const load: PageServerLoad = async (event) => {
  const principal = requireStaff(event);
  const deps = serverDeps();
  const file = await staffFile(event);
  const { clientId } = file.profile;
  const [emails, missed, documents, erasure] = await Promise.all([
    clientEmailLog(deps, { clientId, limit: recentEmails }),
    listMissedEmails(deps, { clientId }),
    loadDocuments(event, principal, clientId),
    loadErasure(event, file.profile),
  ]);
  const names = await namesOf(deps, [
    file.profile.createdBy,
    ...file.notes.map((note) => note.authorUserId),
    ...file.consent.map((entry) => entry.actorUserId),
  ]);
  return {
    file,
    emails: { entries: emails.entries, beforeFile: emails.beforeFile, more: Boolean(emails.cursor) },
    // What is still missing: a message already resent is in the log under its new id.
    missed: missed.filter((entry) => !entry.resent),
    documents,
    erasure,
    names,
    templateNames: templateNames(event.locals.locale),
    created: event.url.searchParams.get('cree'),
  };
};

/** The names staff know each e-mail by (« Nouveau client ajouté manuellement »…), for the logs. */
function templateNames(locale: Locale): Record<string, string> {
  return Object.fromEntries(emailTemplateIds.map((id) => [id, emailTemplate(id).name[locale]]));
}

const consentValues = ['granted', 'withdrawn'] as const;

export const actions: Actions = {
  /** CRM-05 "faire correction dans le dossier du client": identity, contact, address, language. */
  update: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, [...clientFieldNames, 'version']);
    const labels = clientFieldLabels(locale);
    const options = { form: 'update', values, labels, paths: clientIssuePaths };
    const missing = missingFields(
      values,
      { salutation: labels.salutation, firstName: labels.firstName, lastName: labels.lastName },
      locale,
      options,
    );
    if (missing) return missing;
    const version = Number.parseInt(values.version, 10);
    try {
      const result = await updateClientProfile(serverDeps(), {
        clientId: event.params.clientId,
        actor: { userId: principal.userId, role: 'staff' },
        expectedVersion: Number.isSafeInteger(version) && version >= 0 ? version : undefined,
        changes: {
          salutation: values.salutation as 'f' | 'm' | 'x',
          firstName: values.firstName,
          lastName: values.lastName,
          email: values.email.trim() || null,
          phone: values.phone.trim() || null,
          address: addressInput(values),
          locale: values.language === 'en' ? 'en' : 'fr',
        },
      });
      return { form: 'update', done: result.emailChanged ? 'updatedEmail' : 'updated' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** CRM-08: the three boxes of notes, never shown to the client. */
  note: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['kind', 'text']);
    const kind = noteKinds.find((entry) => entry === values.kind);
    if (!kind)
      return fail(400, {
        form: 'note',
        code: 'invalid',
        message: t(locale, 'console.notes.badKind'),
        fields: {},
        values: {},
      });
    const form = `note-${kind}`;
    const options = {
      form,
      values,
      labels: { text: t(locale, 'console.notes.text') },
      paths: { text: 'text' },
    };
    const missing = missingFields(values, { text: t(locale, 'console.notes.text') }, locale, options);
    if (missing) return missing;
    try {
      await addClientNote(serverDeps(), {
        clientId: event.params.clientId,
        kind,
        text: values.text,
        authorUserId: principal.userId,
      });
      return { form, done: 'noteAdded' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** The debt is settled: the red banner comes down, the accounting notes stay. */
  clearRedFlag: async (event) => {
    requireStaff(event);
    try {
      await clearRedFlag(serverDeps(), { clientId: event.params.clientId });
      return { form: 'note-accounting', done: 'redFlagCleared' };
    } catch (cause) {
      return formFailure(cause, event.locals.locale, { form: 'note-accounting' });
    }
  },

  /** CRM-11: a decision the client gave staff (by phone, on paper…), with its source. */
  consent: async (event) => {
    const principal = requireStaff(event);
    const { locale } = event.locals;
    const values = await readForm(event.request, ['channel', 'value', 'method', 'source']);
    const labels = {
      channel: t(locale, 'console.consent.channel'),
      value: t(locale, 'console.consent.value'),
      method: t(locale, 'console.consent.method'),
      source: t(locale, 'console.consent.source'),
    };
    const options = { form: 'consent', values, labels };
    const missing = missingFields(
      values,
      { channel: labels.channel, value: labels.value, method: labels.method },
      locale,
      options,
    );
    if (missing) return missing;
    try {
      await recordConsent(serverDeps(), {
        clientId: event.params.clientId,
        channel: values.channel as ConsentChannel,
        value: values.value as (typeof consentValues)[number],
        method: values.method as (typeof consentMethods)[number],
        source: values.source.trim() || undefined,
        actorUserId: principal.userId,
      });
      return { form: 'consent', done: 'consentRecorded' };
    } catch (cause) {
      return formFailure(cause, locale, options);
    }
  },

  /** CRM-05: the service e-mails that did not reach an earlier address, queued again to the current one. */
  resend: async (event) => {
    requireStaff(event);
    const { locale } = event.locals;
    const data = await event.request.formData();
    const chosen = data
      .getAll('messageId')
      .filter((value): value is string => typeof value === 'string')
      .slice(0, 25);
    if (chosen.length === 0) {
      return fail(400, {
        form: 'resend',
        code: 'required',
        message: t(locale, 'console.resend.noneChosen'),
        fields: {},
        values: {},
      });
    }
    try {
      const result = await resendMissedEmails(serverDeps(), {
        clientId: event.params.clientId,
        messageIds: chosen,
      });
      return {
        form: 'resend',
        done: 'resent',
        resent: result.resent.length,
        alreadyResent: result.alreadyResent.length,
        unavailable: result.unavailable.length,
      };
    } catch (cause) {
      return formFailure(cause, locale, { form: 'resend' });
    }
  },

  /** « Invitation au portail »: a new activation link to the file's address (CRM-01). */
  invite: async (event) => {
    requireStaff(event);
    try {
      await inviteClient(serverDeps(), { clientId: event.params.clientId });
      return { form: 'invite', done: 'invited' };
    } catch (cause) {
      return formFailure(cause, event.locals.locale, { form: 'invite' });
    }
  },

  /**
   * CRM-09 "Se connecter en tant que…": the staff session shows this client's portal, read-only,
   * until "Revenir à la console" (../../emprunt/fin). Audited.
   */
  impersonate: async (event) => {
    requireStaff(event);
    const { locale, sessionToken } = event.locals;
    const file = await staffFile(event);
    if (file.profile.status !== 'active') {
      return fail(409, {
        form: 'impersonate',
        code: 'file_not_active',
        message: t(locale, 'console.impersonate.notActive'),
        fields: {},
        values: {},
      });
    }
    try {
      await startImpersonation(serverDeps(), { token: sessionToken ?? '', clientId: file.profile.clientId });
    } catch (cause) {
      return formFailure(cause, locale, { form: 'impersonate' });
    }
    redirect(303, paths.myFile(locale));
  },

  ...documentActions,
  ...erasureActions,
};
