import { fail } from '@sveltejs/kit';
import { paths } from '$lib/paths';
import { formatDate, formatSize } from '$lib/server/client-portal/format';
import { portalActor, portalScope } from '$lib/server/client-portal/portal';
import { serverDeps } from '$lib/server/deps';
import { serverFiles } from '$lib/server/files';
import { formFailure, readForm } from '$lib/server/form';
import { allowUploadForms } from '$lib/server/upload-csp';
import {
  listClientDocuments,
  maxDocumentBytes,
  requestDocumentUpload,
  uploadFormSeconds,
} from '$shared/crm/client-documents';
import { documentContentTypes, isDocumentContentType } from '$shared/crm/file-signature';
import { t } from '$shared/templates/i18n/messages';
import type { Actions, PageServerLoad } from './$types';

const maxMegabytes = maxDocumentBytes / 1024 / 1024;

export const load: PageServerLoad = async (event) => {
  const scope = portalScope(event);
  allowUploadForms(event);
  const { timeZone } = await event.parent();
  const locale = event.locals.locale;
  const cursor = event.url.searchParams.get('apres');
  const page = await listClientDocuments(serverDeps(), {
    actor: portalActor(scope),
    clientId: scope.clientId,
    cursor,
  });
  const added = event.url.searchParams.get('ajoute');
  return {
    documents: page.documents.map((document) => ({
      docId: document.docId,
      fileName: document.fileName,
      kind: document.kind,
      date: formatDate(document.acceptedAt ?? document.at, locale, timeZone),
      size: document.sizeBytes === undefined ? '' : formatSize(document.sizeBytes, locale),
      href: paths.myFileDocument(locale, document.docId, document.at),
    })),
    older: page.cursor,
    added: added ? page.documents.find((document) => document.docId === added)?.fileName : undefined,
    contentTypes: documentContentTypes,
    maxBytes: maxDocumentBytes,
    maxMegabytes,
  };
};

export const actions: Actions = {
  /**
   * CRM-10, first step of an upload: a pending document and the signed form that posts the file
   * straight to the file store, which then sends the browser back to documents/recu. With
   * JavaScript the page sends the chosen file's type, name and size and posts the form at once;
   * without, the person picks the type here and the file on the next screen.
   */
  prepare: async (event) => {
    const scope = portalScope(event);
    allowUploadForms(event);
    const locale = event.locals.locale;
    const values = await readForm(event.request, ['contentType', 'fileName', 'size']);
    // With JavaScript the page sends the chosen file's size, and its errors are about that file input.
    const field = values.size ? 'file' : 'contentType';
    const failure = (status: number, code: string, message: string) =>
      fail(status, { form: 'upload', code, message, fields: { [field]: message }, values: {} });
    const size = Number(values.size);
    if (values.size && Number.isFinite(size) && size > maxDocumentBytes) {
      return failure(413, 'too_large', t(locale, 'clientPortal.documents.tooLarge', { max: maxMegabytes }));
    }
    if (!isDocumentContentType(values.contentType)) {
      return failure(415, 'wrong_type', t(locale, 'clientPortal.documents.wrongType'));
    }
    try {
      const { document, upload } = await requestDocumentUpload(
        { ...serverDeps(), files: serverFiles() },
        {
          actor: portalActor(scope),
          clientId: scope.clientId,
          contentType: values.contentType,
          fileName: values.fileName.trim() || t(locale, 'clientPortal.documents.kind.proof'),
          successRedirect: `${event.url.origin}${paths.myFileDocumentReceived(locale)}`,
        },
      );
      return {
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
};
