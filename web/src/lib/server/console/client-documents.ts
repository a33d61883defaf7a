/**
 * The documents of a file as staff see them (CRM-10): the list, staff attachments (the file goes
 * from the browser straight to the file store with a signed form, then ./documents/recu checks its
 * content), a download through a short-lived signed link, and removal.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure, readForm } from '$lib/server/form';
import { allowUploadForms } from '$lib/server/upload-csp';
import {
  type DocumentActor,
  deleteClientDocument,
  listClientDocuments,
  maxDocumentBytes,
  requestDocumentUpload,
  uploadFormSeconds,
} from '$shared/crm/client-documents';
import { documentContentTypes, isDocumentContentType } from '$shared/crm/file-signature';
import type { Principal } from '$shared/identity/principal';
import type { Locale } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { requireStaff } from '../access';

type FileEvent = RequestEvent<{ clientId: string; locale: Locale }>;

export const maxDocumentMegabytes = maxDocumentBytes / 1024 / 1024;

/** Staff act on any file; never read-only here (the console refuses impersonating sessions). */
export function staffActor(principal: Principal): DocumentActor {
  return {
    userId: principal.userId,
    clientId: principal.clientId,
    staff: true,
    readOnly: principal.readOnly,
  };
}

export async function loadDocuments(event: FileEvent, principal: Principal, clientId: string) {
  // The page shows the upload form, which posts to the file store's origin.
  allowUploadForms(event);
  const { documents, cursor } = await listClientDocuments(serverDeps(), {
    actor: staffActor(principal),
    clientId,
    limit: 50,
  });
  return {
    items: documents,
    more: Boolean(cursor),
    contentTypes: documentContentTypes,
    maxBytes: maxDocumentBytes,
    maxMegabytes: maxDocumentMegabytes,
    added: event.url.searchParams.get('ajoute'),
  };
}

export const documentActions = {
  /**
   * First step of a staff attachment: a pending document and the signed form that posts the file
   * to the file store, which sends the browser back to documents/recu (see DocumentUpload.svelte).
   */
  prepare: async (event: FileEvent) => {
    const principal = requireStaff(event);
    allowUploadForms(event);
    const { locale } = event.locals;
    const { clientId } = event.params;
    const values = await readForm(event.request, ['contentType', 'fileName', 'size']);
    const field = values.size ? 'file' : 'contentType';
    const failure = (status: number, code: string, message: string) =>
      fail(status, { form: 'upload', code, message, fields: { [field]: message }, values: {} });
    const size = Number(values.size);
    if (values.size && Number.isFinite(size) && size > maxDocumentBytes) {
      return failure(
        413,
        'too_large',
        t(locale, 'console.documents.tooLarge', { max: maxDocumentMegabytes }),
      );
    }
    if (!isDocumentContentType(values.contentType)) {
      return failure(415, 'wrong_type', t(locale, 'console.documents.wrongType'));
    }
    try {
      const { document, upload } = await requestDocumentUpload(
        { ...serverDeps(), files: serverFiles() },
        {
          actor: staffActor(principal),
          clientId,
          contentType: values.contentType,
          fileName: values.fileName.trim() || t(locale, 'console.documents.defaultName'),
          successRedirect: `${event.url.origin}${paths.consoleDocumentReceived(locale, clientId)}`,
        },
      );
      return {
        form: 'upload',
        upload: {
          url: upload.url,
          fields: upload.fields,
          contentType: document.contentType,
          minutes: uploadFormSeconds / 60,
        },
      };
    } catch (cause) {
      return formFailure(cause, locale, { form: 'upload', paths: { contentType: field } });
    }
  },

  /** Staff remove a document (the S3 object, then its item). */
  deleteDocument: async (event: FileEvent) => {
    const principal = requireStaff(event);
    const values = await readForm(event.request, ['docId', 'at']);
    try {
      await deleteClientDocument(
        { ...serverDeps(), files: serverFiles() },
        { actor: staffActor(principal), clientId: event.params.clientId, docId: values.docId, at: values.at },
      );
      return { form: 'documents', done: 'documentDeleted' };
    } catch (cause) {
      return formFailure(cause, event.locals.locale, { form: 'documents' });
    }
  },
};
