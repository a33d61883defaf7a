import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { s3FileStore } from '../adapters/s3-files';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { type FileStore, fixedClock } from '../kernel/ports';
import {
  confirmDocumentUpload,
  type DocumentActor,
  DocumentChangedError,
  type DocumentDeps,
  DocumentNotReceivedError,
  DocumentRefusedError,
  deleteClientDocument,
  documentDownloadUrl,
  listClientDocuments,
  maxDocumentBytes,
  pendingDocumentSeconds,
  ReadOnlySessionError,
  requestDocumentUpload,
  safeFileName,
} from './client-documents';

/**
 * Client documents (CRM-10) against the twin: DynamoDB Local in a table of this file's own, and
 * fauxqs for S3, with the browser's part played by fetch (a multipart POST of the signed form).
 */
const start = '2026-11-24T15:00:00.000Z';
const clock = fixedClock(start);
let bed: PrivateTestBed;
let deps: DocumentDeps;
let files: FileStore;

beforeAll(async () => {
  const vars = useTwin();
  bed = await privateTestBed('client-documents', clock);
  files = s3FileStore(vars);
  deps = { ...bed.deps, files };
});

beforeEach(() => clock.set(start));

const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

/** An active client file, written as the CRM's profile entity holds it, and its owner. */
async function clientFile(status: 'active' | 'deactivated' = 'active') {
  const clientId = ulid();
  await bed.deps.db.crm.entities.clientProfile
    .create({
      clientId,
      salutation: 'f',
      firstName: 'Léa',
      lastName: 'Tremblay',
      lastNameKey: 'tremblay',
      firstNameKey: 'lea',
      namePrefix: 'tr',
      postalKey: 'G5L1A1',
      postalPrefix: 'G5',
      country: 'CA',
      locale: 'fr',
      status,
      noEmail: false,
      createdAt: start,
      createdBy: 'self',
    })
    .go();
  const owner: DocumentActor = { userId: ulid(), clientId, staff: false };
  return { clientId, owner };
}

const staff: DocumentActor = { userId: ulid(), staff: true };

async function post(upload: { url: string; fields: Record<string, string> }, body: Uint8Array) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([body as Uint8Array<ArrayBuffer>]), 'upload.bin');
  return fetch(upload.url, { method: 'POST', body: form });
}

/** Requests an upload, posts `body` with the form, and returns what confirming needs. */
async function upload(
  actor: DocumentActor,
  clientId: string,
  body: Uint8Array,
  contentType = 'application/pdf',
  fileName = 'preuve.pdf',
) {
  const requested = await requestDocumentUpload(deps, { actor, clientId, contentType, fileName });
  const posted = await post(requested.upload, body);
  expect(posted.status).toBe(204);
  const { docId, at } = requested.document;
  return { ...requested, address: { actor, clientId, docId, at } };
}

const objectKey = (clientId: string, docId: string) => `clients/${clientId}/docs/${docId}`;

describe('requestDocumentUpload', () => {
  it('CRM-10 signs a POST form for clients/<clientId>/docs/<docId>, ≤ 10 MB, and writes a pending item in the file', async () => {
    const { clientId, owner } = await clientFile();
    const { document, upload: form } = await requestDocumentUpload(deps, {
      actor: owner,
      clientId,
      contentType: 'application/pdf',
      fileName: 'Carte étudiante.pdf',
    });
    expect(form.method).toBe('POST');
    expect(form.fields.key).toBe(objectKey(clientId, document.docId));
    expect(form.fields['Content-Type']).toBe('application/pdf');
    expect(form.maxBytes).toBe(10 * 1024 * 1024);
    const policy = JSON.parse(Buffer.from(form.fields.policy ?? '', 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, maxDocumentBytes]);
    expect(document).toMatchObject({
      status: 'pending',
      kind: 'proof',
      fileName: 'Carte étudiante.pdf',
      addedByStaff: false,
      at: start,
    });

    const item = await bed.item(`CLIENT#${clientId}`, `DOC#${start}#${document.docId}`);
    expect(item).toMatchObject({
      status: 'pending',
      objectKey: objectKey(clientId, document.docId),
      expiresAt: Date.parse(start) / 1000 + pendingDocumentSeconds,
    });
    // Not a document yet.
    expect((await listClientDocuments(deps, { actor: owner, clientId })).documents).toEqual([]);
  });

  it('CRM-10 staff add an attachment; types outside PDF, JPEG, PNG and WebP are refused with a clear message', async () => {
    const { clientId } = await clientFile();
    const { document } = await requestDocumentUpload(deps, {
      actor: staff,
      clientId,
      contentType: 'image/webp',
      fileName: 'scan',
    });
    expect(document).toMatchObject({ kind: 'attachment', addedByStaff: true, fileName: 'scan.webp' });
    for (const contentType of [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/html',
      'image/svg+xml',
      'image/heic',
      '',
      'x'.repeat(10_000),
    ]) {
      const refused = requestDocumentUpload(deps, {
        actor: staff,
        clientId,
        contentType,
        fileName: 'a.docx',
      });
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      requestDocumentUpload(deps, { actor: staff, clientId, contentType: 'text/html', fileName: 'a.html' }),
    ).rejects.toMatchObject({
      userMessage: { fr: 'Seuls les fichiers PDF, JPEG, PNG et WebP sont acceptés.' },
    });
  });

  it('CRM-10 ROLE-06 refuses another client’s file, a forged or malformed client id, an inactive file, and a read-only session', async () => {
    const { clientId, owner } = await clientFile();
    const other = await clientFile();
    const request = { contentType: 'application/pdf', fileName: 'a.pdf' };
    await expect(
      requestDocumentUpload(deps, { ...request, actor: owner, clientId: other.clientId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      requestDocumentUpload(deps, { ...request, actor: staff, clientId: ulid() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    for (const forged of ['../x', 'A#B', 'a/b', '', 'x'.repeat(10_000), '<script>']) {
      await expect(
        requestDocumentUpload(deps, { ...request, actor: staff, clientId: forged }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    const inactive = await clientFile('deactivated');
    await expect(
      requestDocumentUpload(deps, { ...request, actor: staff, clientId: inactive.clientId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    // CRM-09: staff viewing the client's portal only read.
    await expect(
      requestDocumentUpload(deps, { ...request, actor: { ...staff, readOnly: true }, clientId }),
    ).rejects.toBeInstanceOf(ReadOnlySessionError);
    await expect(
      requestDocumentUpload(deps, { ...request, actor: owner, clientId, fileName: 'x'.repeat(10_000) }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('confirmDocumentUpload', () => {
  it('CRM-10 accepts a PDF whose first bytes are a PDF; it is listed, and confirming again answers the same', async () => {
    clock.set('2026-11-24T15:00:00.000Z');
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf);
    clock.advance(60_000);
    const { document } = await confirmDocumentUpload(deps, address);
    expect(document).toMatchObject({
      status: 'accepted',
      sizeBytes: pdf.byteLength,
      acceptedAt: '2026-11-24T15:01:00.000Z',
      contentType: 'application/pdf',
    });
    const item = await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`);
    expect(item).toMatchObject({ status: 'accepted', sizeBytes: pdf.byteLength });
    expect(item?.expiresAt).toBeUndefined();
    await expect(confirmDocumentUpload(deps, address)).resolves.toEqual({ document });
    const { documents } = await listClientDocuments(deps, { actor: owner, clientId });
    expect(documents).toEqual([document]);
  });

  it('CRM-10 concurrent confirmations of one upload all answer the accepted document', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf);
    const results = await Promise.all(Array.from({ length: 6 }, () => confirmDocumentUpload(deps, address)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]?.document.sizeBytes).toBe(pdf.byteLength);
  });

  it('CRM-10 refuses a PNG declared as a PDF: the object and the item are deleted, the message says what it is', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, png);
    const refused = confirmDocumentUpload(deps, address);
    await expect(refused).rejects.toBeInstanceOf(DocumentRefusedError);
    await expect(refused).rejects.toMatchObject({
      code: 'document_wrong_type',
      status: 422,
      userMessage: {
        fr: "Le fichier n'est pas un PDF valide (c'est un PNG). Il n'a pas été conservé ; choisissez le bon fichier et envoyez-le de nouveau.",
        en: 'The file is not a valid PDF (it is a PNG). It was not kept; choose the right file and send it again.',
      },
    });
    expect(await files.head({ bucket: 'uploads', key: objectKey(clientId, address.docId) })).toBeUndefined();
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`)).toBeUndefined();
    await expect(confirmDocumentUpload(deps, address)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('CRM-10 refuses HTML with a script declared as a PDF or an image', async () => {
    const { clientId, owner } = await clientFile();
    const html = new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>');
    for (const type of ['application/pdf', 'image/jpeg', 'image/png', 'image/webp']) {
      const { address } = await upload(owner, clientId, html, type, '<script>.pdf');
      await expect(confirmDocumentUpload(deps, address)).rejects.toMatchObject({
        code: 'document_wrong_type',
      });
    }
  });

  it('CRM-10 a 50 MB upload never lands (fauxqs drops it at its 11 MiB body limit; S3 by the policy) and confirming says so', async () => {
    const { clientId, owner } = await clientFile();
    const requested = await requestDocumentUpload(deps, {
      actor: owner,
      clientId,
      contentType: 'application/pdf',
      fileName: 'huge.pdf',
    });
    const huge = new Uint8Array(50 * 1024 * 1024);
    huge.set(pdf);
    const status = await post(requested.upload, huge).then(
      (response) => response.status,
      () => 'connection closed',
    );
    expect(status).not.toBe(204);
    const { docId, at } = requested.document;
    await expect(confirmDocumentUpload(deps, { actor: owner, clientId, docId, at })).rejects.toBeInstanceOf(
      DocumentNotReceivedError,
    );
    // Still pending: the client may try again.
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${at}#${docId}`)).toMatchObject({ status: 'pending' });
  });

  it('CRM-10 a file over 10 MB that the store let through (fauxqs ignores content-length-range) is refused at confirmation and deleted', async () => {
    const { clientId, owner } = await clientFile();
    const over = new Uint8Array(maxDocumentBytes + 1);
    over.set(pdf);
    const { address } = await upload(owner, clientId, over);
    const refused = confirmDocumentUpload(deps, address);
    await expect(refused).rejects.toMatchObject({ code: 'document_too_large', status: 422 });
    await expect(refused).rejects.toMatchObject({ userMessage: { fr: expect.stringContaining('10 Mo') } });
    expect(await files.head({ bucket: 'uploads', key: objectKey(clientId, address.docId) })).toBeUndefined();
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`)).toBeUndefined();
  });

  it('CRM-10 exactly 10 MB is accepted', async () => {
    const { clientId, owner } = await clientFile();
    const full = new Uint8Array(maxDocumentBytes);
    full.set(pdf);
    const { address } = await upload(owner, clientId, full);
    await expect(confirmDocumentUpload(deps, address)).resolves.toMatchObject({
      document: { sizeBytes: maxDocumentBytes },
    });
  });

  it('CRM-10 a pending upload past its 24 h is gone: its object is deleted and it cannot be confirmed', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf);
    clock.advance(pendingDocumentSeconds * 1000);
    await expect(confirmDocumentUpload(deps, address)).rejects.toBeInstanceOf(NotFoundError);
    expect(await files.head({ bucket: 'uploads', key: objectKey(clientId, address.docId) })).toBeUndefined();
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`)).toBeUndefined();
  });

  it('CRM-10 ROLE-06 a document id of another file, a forged date or id, or another client as actor finds nothing', async () => {
    const mine = await clientFile();
    const theirs = await clientFile();
    const { address } = await upload(theirs.owner, theirs.clientId, pdf);
    const attempts = [
      // Their document under my file.
      { ...address, actor: mine.owner, clientId: mine.clientId },
      // Their file, as me.
      { ...address, actor: mine.owner },
      { ...address, at: '2026-11-24T15:00:00.001Z' },
      { ...address, docId: ulid() },
    ];
    for (const attempt of attempts) {
      await expect(confirmDocumentUpload(deps, attempt)).rejects.toBeInstanceOf(NotFoundError);
      await expect(documentDownloadUrl(deps, attempt)).rejects.toBeInstanceOf(NotFoundError);
    }
    for (const forged of [
      { docId: `${address.docId}#x` },
      { docId: '../../etc/passwd' },
      { at: 'yesterday' },
      { at: `${address.at}#DOC` },
    ]) {
      await expect(confirmDocumentUpload(deps, { ...address, ...forged })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    // Still pending and whole for its owner.
    await expect(confirmDocumentUpload(deps, address)).resolves.toMatchObject({
      document: { docId: address.docId },
    });
  });
});

describe('documentDownloadUrl', () => {
  it('CRM-10 gives the owner and staff a 5-minute link that downloads the file as an attachment under its safe name', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf, 'application/pdf', '../../etc/passwd');
    await confirmDocumentUpload(deps, address);
    for (const actor of [owner, staff, { ...staff, readOnly: true }]) {
      const link = await documentDownloadUrl(deps, { ...address, actor });
      expect(link.fileName).toBe('passwd.pdf');
      expect(link.expiresAt).toBe('2026-11-24T15:05:00.000Z');
      const query = new URL(link.url).searchParams;
      expect(query.get('X-Amz-Expires')).toBe('300');
      expect(query.get('response-content-disposition')).toBe(
        `attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`,
      );
      expect(query.get('response-content-type')).toBe('application/pdf');
      const got = await fetch(link.url);
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(pdf);
    }
  });

  it('CRM-10 a pending document has no link, and a file overwritten after its check is not handed out', async () => {
    const { clientId, owner } = await clientFile();
    const requested = await upload(owner, clientId, pdf);
    await expect(documentDownloadUrl(deps, requested.address)).rejects.toBeInstanceOf(NotFoundError);
    await confirmDocumentUpload(deps, requested.address);
    // The signed form still works for its 15 minutes: post something else over the checked file.
    await post(requested.upload, new TextEncoder().encode('<html><script>alert(1)</script></html>'));
    await expect(documentDownloadUrl(deps, requested.address)).rejects.toBeInstanceOf(DocumentChangedError);
  });
});

describe('listClientDocuments', () => {
  it('CRM-10 lists accepted documents newest first, a page at a time, without pending ones', async () => {
    const { clientId, owner } = await clientFile();
    const accepted: string[] = [];
    for (let index = 0; index < 3; index++) {
      clock.advance(1000);
      const { address } = await upload(owner, clientId, pdf, 'application/pdf', `doc-${index}.pdf`);
      await confirmDocumentUpload(deps, address);
      accepted.push(address.docId);
    }
    clock.advance(1000);
    await upload(owner, clientId, pdf); // left pending
    const first = await listClientDocuments(deps, { actor: owner, clientId, limit: 2 });
    expect(first.documents.map((document) => document.docId)).toEqual([accepted[2], accepted[1]]);
    expect(first.cursor).toBeTruthy();
    const second = await listClientDocuments(deps, {
      actor: staff,
      clientId,
      limit: 2,
      cursor: first.cursor,
    });
    expect(second.documents.map((document) => document.docId)).toEqual([accepted[0]]);
    expect(second.cursor).toBeNull();
  });

  it('CRM-10 ROLE-06 another client sees nothing of the file, and a forged cursor is bad input', async () => {
    const { clientId } = await clientFile();
    const other = await clientFile();
    await expect(listClientDocuments(deps, { actor: other.owner, clientId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      listClientDocuments(deps, { actor: staff, clientId, cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(listClientDocuments(deps, { actor: staff, clientId, limit: 10_000 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('deleteClientDocument', () => {
  it('CRM-10 staff delete a document and its file; the owner and a read-only session cannot', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf);
    await confirmDocumentUpload(deps, address);
    await expect(deleteClientDocument(deps, address)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      deleteClientDocument(deps, { ...address, actor: { ...staff, readOnly: true } }),
    ).rejects.toBeInstanceOf(ReadOnlySessionError);
    await deleteClientDocument(deps, { ...address, actor: staff });
    expect(await files.head({ bucket: 'uploads', key: objectKey(clientId, address.docId) })).toBeUndefined();
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`)).toBeUndefined();
    expect((await listClientDocuments(deps, { actor: owner, clientId })).documents).toEqual([]);
    await expect(deleteClientDocument(deps, { ...address, actor: staff })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('CRM-10 a delete that failed after removing the file is finished by a retry', async () => {
    const { clientId, owner } = await clientFile();
    const { address } = await upload(owner, clientId, pdf);
    await confirmDocumentUpload(deps, address);
    // Crash between the two writes: the S3 delete happened, the item delete did not.
    await files.delete({ bucket: 'uploads', key: objectKey(clientId, address.docId) });
    await expect(documentDownloadUrl(deps, address)).rejects.toBeInstanceOf(NotFoundError);
    await deleteClientDocument(deps, { ...address, actor: staff });
    expect(await bed.item(`CLIENT#${clientId}`, `DOC#${address.at}#${address.docId}`)).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['..\\..\\windows\\system32\\cmd.exe', 'application/pdf', 'cmd.exe.pdf'],
    ['<script>.pdf', 'application/pdf', 'script.pdf'],
    ['<img src=x onerror=alert(1)>.png', 'image/png', 'img src=x onerror=alert(1).png'],
    ['photo.JPEG', 'image/jpeg', 'photo.jpeg'],
    ['facture\u202Efdp.exe', 'application/pdf', 'facturefdp.exe.pdf'],
    ['a\u0000b\r\nc\td.pdf', 'application/pdf', 'ab c d.pdf'],
    ['.htaccess', 'application/pdf', 'htaccess.pdf'],
    ['...', 'application/pdf', 'document.pdf'],
    ['', 'image/webp', 'document.webp'],
    ['CON.pdf', 'application/pdf', '_CON.pdf'],
    ['reçu   été  .pdf', 'application/pdf', 'reçu été.pdf'],
    ['carte"étudiante|2026?.pdf', 'application/pdf', 'carteétudiante2026.pdf'],
  ] as const)('CRM-10 %j as %s is named %s', (name, type, expected) => {
    expect(safeFileName(name, type)).toBe(expected);
  });

  it('CRM-10 keeps at most 100 characters before the extension', () => {
    const name = safeFileName(`${'é'.repeat(500)}.pdf`, 'application/pdf');
    expect(name).toBe(`${'é'.repeat(100)}.pdf`);
  });
});

describe('requestDocumentUpload with a success redirect (forms without JavaScript)', () => {
  it('CRM-10 S3 sends the browser back to the given page with the document’s address, which confirms it', async () => {
    const { clientId, owner } = await clientFile();
    const back = 'https://parvis.example/fr/mon-dossier/documents/recu';
    const requested = await requestDocumentUpload(deps, {
      actor: owner,
      clientId,
      contentType: 'application/pdf',
      fileName: 'preuve.pdf',
      successRedirect: back,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(requested.upload.fields)) form.append(name, value);
    form.append('file', new Blob([pdf as Uint8Array<ArrayBuffer>]), 'preuve.pdf');
    const posted = await fetch(requested.upload.url, { method: 'POST', body: form, redirect: 'manual' });
    expect(posted.status).toBe(303);
    const location = new URL(posted.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(back);
    const docId = location.searchParams.get('doc') ?? '';
    const at = location.searchParams.get('at') ?? '';
    expect({ docId, at }).toEqual({ docId: requested.document.docId, at: requested.document.at });
    const { document } = await confirmDocumentUpload(deps, { actor: owner, clientId, docId, at });
    expect(document.status).toBe('accepted');
  });

  it('CRM-10 refuses a redirect that is not an absolute http(s) URL', async () => {
    const { clientId, owner } = await clientFile();
    for (const successRedirect of ['javascript:alert(1)', '/fr/mon-dossier', 'ftp://x.example/']) {
      await expect(
        requestDocumentUpload(deps, {
          actor: owner,
          clientId,
          contentType: 'application/pdf',
          fileName: 'a.pdf',
          successRedirect,
        }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
