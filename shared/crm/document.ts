import { Entity, type EntityItem } from 'electrodb';
import { documentContentTypes } from './file-signature';

/**
 * A document of a client file (CRM-10), `CLIENT#<clientId>` · `DOC#<at>#<docId>`
 * (docs/data-model.md §2.7): in the file's own partition, so the portal's "Documents et
 * téléchargement" tab is one `begins_with DOC#` and erasure (§5) finds every document and, through
 * `bucket` + `objectKey`, its S3 object.
 *
 * `at` is when the document was started (upload requested, or generated); the item keeps its key
 * for life, so a document is addressed by `clientId`, `at` and `docId` together and a read by id is
 * one GetItem in the client's partition: an id from another file finds nothing.
 *
 * An upload is `pending` from the moment the browser gets its signed form until the file's first
 * bytes have been checked (./client-documents.ts), then `accepted`. A pending item carries
 * `expiresAt` (24 h): one whose upload never came is removed by TTL, and nothing reads it as a
 * document meanwhile.
 *
 * Kinds: `proof` (a client's upload, e.g. the proof a discount asks for), `attachment` (a file
 * staff attach), and the generated `attestation`, `taxReceipt` and `phaseLetter` (WS-10, WS-13),
 * which live in the `documents` bucket.
 */
export const documentKinds = ['proof', 'attachment', 'attestation', 'taxReceipt', 'phaseLetter'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentStatuses = ['pending', 'accepted'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export const documentBuckets = ['uploads', 'documents'] as const;

export const clientDocumentEntity = () =>
  new Entity(
    {
      model: { entity: 'clientDocument', version: '1', service: 'parvis' },
      attributes: {
        clientId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        docId: { type: 'string', required: true, readOnly: true },
        kind: { type: documentKinds, required: true, readOnly: true },
        status: { type: documentStatuses, required: true },
        bucket: { type: documentBuckets, required: true, readOnly: true },
        /** `clients/<clientId>/docs/<docId>` for uploads. */
        objectKey: { type: 'string', required: true, readOnly: true },
        /** The declared type; once accepted, the file's first bytes are known to match it. */
        contentType: { type: documentContentTypes, required: true, readOnly: true },
        /** The name it downloads as, already made safe (./client-documents.ts `safeFileName`). */
        fileName: { type: 'string', required: true, readOnly: true },
        /** Who started it: a user id, and whether as staff (`attachment`) or as the file's owner. */
        addedBy: { type: 'string', required: true, readOnly: true },
        addedByStaff: { type: 'boolean', required: true, readOnly: true },
        /** Set on acceptance, from the stored object. */
        sizeBytes: { type: 'number' },
        /** The object's ETag when it was checked: a later overwrite is caught before a download. */
        etag: { type: 'string' },
        acceptedAt: { type: 'string' },
        /** Epoch seconds, pending uploads only (TTL clean-up). */
        expiresAt: { type: 'number' },
      },
      indexes: {
        byClient: {
          pk: { field: 'pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: { field: 'sk', composite: ['at', 'docId'], template: 'DOC#${at}#${docId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type ClientDocument = EntityItem<ReturnType<typeof clientDocumentEntity>>;
