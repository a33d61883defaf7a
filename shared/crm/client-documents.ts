/**
 * Documents of a client file (CRM-10): the client uploads proofs, staff attach files. The file
 * travels between the browser and S3 only: `requestDocumentUpload` signs a form the browser posts
 * straight to the bucket, `confirmDocumentUpload` then reads the object's first bytes and keeps it
 * only if they are what the declared type must start with, and downloads are short-lived signed
 * links. Who may act is decided by the web layer from the session; these use cases still take the
 * actor (user id, own client file, staff flag, read-only flag) so that a document of another file,
 * or a forged id, is never found, and an impersonating staff member (CRM-09) never writes.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../kernel/errors';
import type { FileStore } from '../kernel/ports';
import { parseInput } from '../kernel/validate';
import type { ClientDocument, DocumentKind, DocumentStatus } from './document';
import {
  type DocumentContentType,
  detectContentType,
  documentContentTypes,
  extensionsOf,
  isDocumentContentType,
  matchesSignature,
  signatureLength,
} from './file-signature';
import { cursorField, withCursor } from './paging';

/** 10 MiB: a multi-page scan or a phone photo fits; the POST policy and the confirmation both hold it. */
export const maxDocumentBytes = 10 * 1024 * 1024;
/** How long the signed upload form works: long enough for 10 MB on a slow line. */
export const uploadFormSeconds = 15 * 60;
/** How long a download link works. */
export const downloadLinkSeconds = 5 * 60;
/** A pending upload never confirmed is removed by TTL after this long. */
export const pendingDocumentSeconds = 24 * 3600;

/** What the use cases need: the database, the clock and ids, and the S3 port (web server only). */
export type DocumentDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log'> & { files: FileStore };

/** The document as the portal and the staff console show it. */
export interface DocumentSummary {
  clientId: string;
  docId: string;
  /** With `clientId` and `docId`, the document's address (its key): links carry all three. */
  at: string;
  kind: DocumentKind;
  /** `pending` only in the answer to `requestDocumentUpload`: lists hold accepted documents. */
  status: DocumentStatus;
  contentType: DocumentContentType;
  fileName: string;
  sizeBytes?: number;
  acceptedAt?: string;
  addedByStaff: boolean;
}

/** Why a file was not kept; each has its own stable code and message. */
export type DocumentRefusal = 'wrong_type' | 'too_large' | 'empty';

const typeNames: Record<DocumentContentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

/** The uploaded file was checked and refused; it has been deleted. */
export class DocumentRefusedError extends DomainError {
  constructor(
    readonly reason: DocumentRefusal,
    declared: DocumentContentType,
    found?: DocumentContentType,
  ) {
    const name = typeNames[declared];
    const actually = found
      ? { fr: ` (c'est un ${typeNames[found]})`, en: ` (it is a ${typeNames[found]})` }
      : undefined;
    const messages = {
      wrong_type: {
        fr: `Le fichier n'est pas un ${name} valide${actually?.fr ?? ''}. Il n'a pas été conservé ; choisissez le bon fichier et envoyez-le de nouveau.`,
        en: `The file is not a valid ${name}${actually?.en ?? ''}. It was not kept; choose the right file and send it again.`,
      },
      too_large: {
        fr: `Le fichier dépasse ${maxDocumentBytes / 1024 / 1024} Mo. Il n'a pas été conservé ; réduisez-le (numérisation en plus basse résolution, par exemple) et envoyez-le de nouveau.`,
        en: `The file is larger than ${maxDocumentBytes / 1024 / 1024} MB. It was not kept; make it smaller (scan at a lower resolution, for example) and send it again.`,
      },
      empty: {
        fr: "Le fichier est vide. Il n'a pas été conservé.",
        en: 'The file is empty. It was not kept.',
      },
    } as const;
    super(`document_${reason}`, messages[reason], { status: 422 });
  }
}

/** Confirmed before the browser's upload reached the bucket: the document stays pending. */
export class DocumentNotReceivedError extends ConflictError {
  constructor() {
    super('document_not_received', {
      fr: "Le fichier n'est pas encore arrivé. Attendez la fin de l'envoi, ou envoyez-le de nouveau.",
      en: 'The file has not arrived yet. Wait until the upload ends, or send it again.',
    });
  }
}

/** The stored object is no longer the one that was checked (overwritten): it is not handed out. */
export class DocumentChangedError extends ConflictError {
  constructor() {
    super('document_changed', {
      fr: "Ce document a été modifié après sa vérification et ne peut pas être téléchargé. Demandez qu'il soit envoyé de nouveau.",
      en: 'This document was changed after it was checked and cannot be downloaded. Ask for it to be sent again.',
    });
  }
}

/** A write by a session that may only read ("Se connecter en tant que…", CRM-09). */
export class ReadOnlySessionError extends DomainError {
  constructor() {
    super(
      'read_only_session',
      {
        fr: 'Cette session est en lecture seule : aucune modification ne peut être faite.',
        en: 'This session is read-only: no change can be made.',
      },
      { status: 403 },
    );
  }
}

const documentNotFound = () => new NotFoundError({ fr: 'Le document', en: 'The document' });

// Ids go into keys and the S3 object key: no `#`, `/`, `.` or anything else a key could be bent with.
const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
const atSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));

const actorSchema = z.object({
  userId: idSchema,
  /** The actor's own client file, if they have one. */
  clientId: z.optional(idSchema),
  staff: z.boolean(),
  readOnly: z._default(z.boolean(), false),
});

/** The acting principal, as the web layer resolved it from the session (shared/identity/principal.ts fits). */
export type DocumentActor = z.input<typeof actorSchema>;

const documentAddress = z.object({ actor: actorSchema, clientId: idSchema, docId: idSchema, at: atSchema });

/** The owner of the file or staff; anyone else is answered as if the document did not exist. */
function assertMayRead(actor: z.output<typeof actorSchema>, clientId: string): void {
  if (!actor.staff && actor.clientId !== clientId) throw documentNotFound();
}

function assertMayWrite(actor: z.output<typeof actorSchema>, clientId: string): void {
  assertMayRead(actor, clientId);
  if (actor.readOnly) throw new ReadOnlySessionError();
}

function summary(document: ClientDocument): DocumentSummary {
  return {
    clientId: document.clientId,
    docId: document.docId,
    at: document.at,
    kind: document.kind,
    status: document.status,
    contentType: document.contentType,
    fileName: document.fileName,
    sizeBytes: document.sizeBytes,
    acceptedAt: document.acceptedAt,
    addedByStaff: document.addedByStaff,
  };
}

const reservedWindowsNames = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name that is safe to hand back in a download: the last path segment only
 * (`../../etc/passwd` → `passwd`); no control, zero-width or bidirectional-override characters (a
 * U+202E in `evil<U+202E>fdp.exe` makes it display as `evilexe.pdf`); no markup or characters
 * Windows refuses (`<script>.pdf` → `script.pdf`); no leading dot; at most 100 characters before an
 * extension that matches the checked type (added when missing).
 */
export function safeFileName(name: string, contentType: DocumentContentType): string {
  const lastSegment = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\t\r\n]+/g, ' ')
    // Control (C0, C1, DEL), format (zero-width, bidi overrides, soft hyphen) and line separators.
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const extensions = extensionsOf[contentType];
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : '';
  const known = extensions.includes(extension);
  let stem = (known ? cleaned.slice(0, dot) : cleaned).replace(/[\s.]+$/, '');
  stem = [...stem].slice(0, 100).join('').trim();
  if (!stem) stem = 'document';
  if (reservedWindowsNames.test(stem)) stem = `_${stem}`;
  return `${stem}.${known ? extension : extensions[0]}`;
}

const requestInput = z.object({
  actor: actorSchema,
  clientId: idSchema,
  contentType: z.string().check(z.maxLength(255)),
  fileName: z.string().check(z.minLength(1), z.maxLength(1024)),
  /** An absolute http(s) URL: where S3 sends the browser once the file is stored (see below). */
  successRedirect: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(1024))),
});

/**
 * Starts an upload: a pending document item and the form the browser posts to S3, to the key
 * `clients/<clientId>/docs/<docId>`, holding at most `maxDocumentBytes`. The file's owner uploads a
 * `proof`, staff an `attachment`. Refused for a file that is not active (deactivated, being erased)
 * or does not exist: the item is written with a check on the profile in the same transaction.
 */
export async function requestDocumentUpload(
  deps: DocumentDeps,
  input: {
    actor: DocumentActor;
    clientId: string;
    contentType: string;
    fileName: string;
    /**
     * For a form posted without JavaScript: S3 answers the upload with a redirect to this URL,
     * with the document's `doc` (docId) and `at` added to its query so that page can confirm it.
     * Signed into the policy, so the browser cannot change it.
     */
    successRedirect?: string;
  },
): Promise<{
  document: DocumentSummary;
  upload: {
    method: 'POST';
    url: string;
    fields: Record<string, string>;
    maxBytes: number;
    expiresAt: string;
  };
}> {
  const { actor, clientId, contentType, fileName, successRedirect } = parseInput(requestInput, input);
  assertMayWrite(actor, clientId);
  if (!isDocumentContentType(contentType)) {
    throw new ValidationError(
      [{ path: 'contentType', message: `one of ${documentContentTypes.join(', ')}` }],
      {
        fr: 'Seuls les fichiers PDF, JPEG, PNG et WebP sont acceptés.',
        en: 'Only PDF, JPEG, PNG and WebP files are accepted.',
      },
    );
  }
  const now = deps.clock.now();
  const docId = deps.ids();
  const item: ClientDocument = {
    clientId,
    at: now.toISOString(),
    docId,
    kind: actor.staff ? 'attachment' : 'proof',
    status: 'pending',
    bucket: 'uploads',
    objectKey: `clients/${clientId}/docs/${docId}`,
    contentType,
    fileName: safeFileName(fileName, contentType),
    addedBy: actor.userId,
    addedByStaff: actor.staff,
    expiresAt: Math.floor(now.getTime() / 1000) + pendingDocumentSeconds,
  };
  const { clientProfile, clientDocument } = deps.db.crm.entities;
  const result = await createWriteTransaction({ clientProfile, clientDocument }, (entities) => [
    entities.clientProfile
      .check({ clientId })
      .where(({ status }, { eq }) => eq(status, 'active'))
      .commit(),
    entities.clientDocument.create(item).commit(),
  ]).go();
  if (result.canceled) {
    // The profile check failed: no such file, or not active. Anything else is a write conflict.
    if (result.data[0]?.code === 'ConditionalCheckFailed') {
      throw new NotFoundError({ fr: 'Le dossier client', en: 'The client file' });
    }
    throw new ConflictError('transaction_canceled', {
      fr: "Le document n'a pas pu être ajouté parce que le dossier changeait au même moment. Veuillez réessayer.",
      en: 'The document could not be added because the file was changing at the same time. Please try again.',
    });
  }
  const form = await deps.files.presignUpload({
    bucket: item.bucket,
    key: item.objectKey,
    contentType,
    maxBytes: maxDocumentBytes,
    expiresInSeconds: uploadFormSeconds,
    ...(successRedirect ? { successRedirect: withDocumentAddress(successRedirect, item) } : {}),
  });
  return {
    document: summary(item),
    upload: {
      method: 'POST',
      ...form,
      maxBytes: maxDocumentBytes,
      expiresAt: new Date(now.getTime() + uploadFormSeconds * 1000).toISOString(),
    },
  };
}

function withDocumentAddress(url: string, document: Pick<ClientDocument, 'docId' | 'at'>): string {
  const target = new URL(url);
  target.searchParams.set('doc', document.docId);
  target.searchParams.set('at', document.at);
  return target.toString();
}

/** The pending or accepted document at this address, after the actor checks; NotFound otherwise. */
async function readDocument(
  deps: Pick<DocumentDeps, 'db' | 'clock'>,
  address: { clientId: string; at: string; docId: string },
): Promise<ClientDocument> {
  const { clientDocument } = deps.db.crm.entities;
  const document = (await clientDocument.get(address).go({ consistent: true })).data;
  if (!document || document.clientId !== address.clientId) throw documentNotFound();
  return document;
}

const isExpired = (document: ClientDocument, now: Date) =>
  document.status === 'pending' &&
  document.expiresAt !== undefined &&
  now.getTime() >= document.expiresAt * 1000;

/** Deletes the object, then the pending item (if still pending). Object first: no item ever lost while its file stays. */
async function discardPending(deps: DocumentDeps, document: ClientDocument): Promise<void> {
  await deps.files.delete({ bucket: document.bucket, key: document.objectKey });
  try {
    await deps.db.crm.entities.clientDocument
      .delete({ clientId: document.clientId, at: document.at, docId: document.docId })
      .where(({ status }, { eq }) => eq(status, 'pending'))
      .go();
  } catch (error) {
    // Already removed or accepted by a concurrent confirmation: nothing left to discard here.
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Checks the file the browser posted and keeps it: its size (1 byte to `maxDocumentBytes`, checked
 * here too, since S3's policy is the only other guard) and its first bytes against the declared
 * type. A refused file is deleted with its item (`DocumentRefusedError`, with the reason in the
 * user's language); an accepted one becomes `accepted`. Confirming again answers the same
 * document, so a double click or a retried request is harmless. `DocumentNotReceivedError` when
 * the upload has not arrived: the document stays pending for another try.
 */
export async function confirmDocumentUpload(
  deps: DocumentDeps,
  input: { actor: DocumentActor; clientId: string; docId: string; at: string },
): Promise<{ document: DocumentSummary }> {
  const { actor, ...address } = parseInput(documentAddress, input);
  assertMayWrite(actor, address.clientId);
  const document = await readDocument(deps, address);
  if (document.status === 'accepted') return { document: summary(document) };
  const now = deps.clock.now();
  if (isExpired(document, now)) {
    await discardPending(deps, document);
    throw documentNotFound();
  }
  const start = await deps.files.readStart({
    bucket: document.bucket,
    key: document.objectKey,
    length: signatureLength,
  });
  if (!start) throw new DocumentNotReceivedError();
  const refusal: DocumentRefusal | undefined =
    start.size > maxDocumentBytes
      ? 'too_large'
      : start.size === 0
        ? 'empty'
        : matchesSignature(document.contentType, start.bytes)
          ? undefined
          : 'wrong_type';
  if (refusal) {
    await discardPending(deps, document);
    deps.log.info('document refused', { clientId: address.clientId, docId: address.docId, reason: refusal });
    throw new DocumentRefusedError(refusal, document.contentType, detectContentType(start.bytes));
  }
  const acceptedAt = now.toISOString();
  try {
    const { data } = await deps.db.crm.entities.clientDocument
      .patch(address)
      .set({ status: 'accepted', sizeBytes: start.size, etag: start.etag, acceptedAt })
      .remove(['expiresAt'])
      .where(({ status }, { eq }) => eq(status, 'pending'))
      .go({ response: 'all_new' });
    return { document: summary(data as ClientDocument) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A concurrent confirmation got there first (accepted), or it was deleted meanwhile.
    const current = await readDocument(deps, address);
    if (current.status !== 'accepted') throw documentNotFound();
    return { document: summary(current) };
  }
}

const listInput = z.object({
  actor: actorSchema,
  clientId: idSchema,
  cursor: cursorField,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(100)), 25),
});

/**
 * The file's accepted documents, newest first, a page at a time (`cursor` is ElectroDB's opaque
 * cursor, null on the last page). Pending uploads are not documents yet and are left out.
 */
export async function listClientDocuments(
  deps: Pick<DocumentDeps, 'db'>,
  input: { actor: DocumentActor; clientId: string; cursor?: string | null; limit?: number },
): Promise<{ documents: DocumentSummary[]; cursor: string | null }> {
  const { actor, clientId, cursor, limit } = parseInput(listInput, input);
  assertMayRead(actor, clientId);
  const page = await withCursor(() =>
    deps.db.crm.entities.clientDocument.query
      .byClient({ clientId })
      .where(({ status }, { eq }) => eq(status, 'accepted'))
      .go({ order: 'desc', cursor: cursor ?? null, count: limit, limit }),
  );
  return { documents: page.data.map(summary), cursor: page.cursor };
}

/**
 * A link that downloads the document for five minutes, as an attachment under its safe name and
 * with its checked type, whatever the browser would guess. The stored object is compared with the
 * one that was checked first (ETag), so a file overwritten after acceptance is never handed out.
 */
export async function documentDownloadUrl(
  deps: DocumentDeps,
  input: { actor: DocumentActor; clientId: string; docId: string; at: string },
): Promise<{ url: string; fileName: string; expiresAt: string }> {
  const { actor, ...address } = parseInput(documentAddress, input);
  assertMayRead(actor, address.clientId);
  const document = await readDocument(deps, address);
  if (document.status !== 'accepted') throw documentNotFound();
  const stored = await deps.files.head({ bucket: document.bucket, key: document.objectKey });
  if (!stored) throw documentNotFound();
  if (document.etag && stored.etag !== document.etag) {
    deps.log.warn('document changed after it was checked', {
      clientId: address.clientId,
      docId: address.docId,
    });
    throw new DocumentChangedError();
  }
  const { url } = await deps.files.presignDownload({
    bucket: document.bucket,
    key: document.objectKey,
    fileName: document.fileName,
    contentType: document.contentType,
    expiresInSeconds: downloadLinkSeconds,
  });
  const expiresAt = new Date(deps.clock.now().getTime() + downloadLinkSeconds * 1000).toISOString();
  return { url, fileName: document.fileName, expiresAt };
}

/**
 * Staff remove a document, pending or accepted: the S3 object first, then the item, so a failure
 * between the two leaves an item that points at nothing (and a retry finishes the job), never a
 * file that nothing points at and erasure could not find.
 */
export async function deleteClientDocument(
  deps: DocumentDeps,
  input: { actor: DocumentActor; clientId: string; docId: string; at: string },
): Promise<void> {
  const { actor, ...address } = parseInput(documentAddress, input);
  if (!actor.staff) throw documentNotFound();
  assertMayWrite(actor, address.clientId);
  const document = await readDocument(deps, address);
  await deps.files.delete({ bucket: document.bucket, key: document.objectKey });
  await deps.db.crm.entities.clientDocument.delete(address).go();
}
