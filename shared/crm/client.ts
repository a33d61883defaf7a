import { Entity, type EntityItem } from 'electrodb';

/**
 * The client file ("dossier client", CRM-01..11): `CLIENT#<clientId>` · `PROFILE`
 * (docs/data-model.md §2.7). Everything else of the file (consent records, notes, documents…)
 * lives in the same partition; this item carries a summary of it — current consent per channel,
 * e-mail status, red flag, trainer note — so the banner, lists and the sender need one read.
 *
 * Indexes:
 * - `byName` (g3) `CLIENTS#<lastNameKey[0..2]>` · `<lastNameKey>#<firstNameKey>#<postalKey>#<clientId>`:
 *   staff search by name and "Déjà client ?" (the exact triple is a key prefix). Two letters spread
 *   the clients over a few hundred partitions.
 * - `byPostal` (g2, sparse: has a postal code) `POSTAL#<country>#<postalKey[0..2]>` · `<postalKey>#<clientId>`.
 * Both project only keys: readers hydrate the page they show (25 items, one BatchGet).
 *
 * Keys are derived from the names and address by ./normalize.ts and always written together
 * (see `profileKeys`), so every write that touches one index composite names all of them.
 * `postalKey` is `''` when the file has no postal code (a staff-created, phone-only file), which
 * keeps the name index entry and drops the postal one.
 *
 * Consent is flat (`consentEmail`, `consentEmailAt`…) so one channel changes with a plain SET under
 * a condition; the ledger of every change is ./consent-record.ts.
 */
export const salutations = ['f', 'm', 'x'] as const;
export type Salutation = (typeof salutations)[number];

export const clientStatuses = ['active', 'deactivated', 'erasing'] as const;
export type ClientStatus = (typeof clientStatuses)[number];

export const consentChannels = ['email', 'phone', 'mail'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const consentValues = ['granted', 'withdrawn', 'unknown'] as const;
export type ConsentValue = (typeof consentValues)[number];

export const emailStatuses = ['ok', 'bounced', 'complained'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const clientLocales = ['fr', 'en'] as const;

export const clientProfileEntity = () =>
  new Entity(
    {
      model: { entity: 'clientProfile', version: '1', service: 'parvis' },
      attributes: {
        clientId: { type: 'string', required: true, readOnly: true },
        salutation: { type: salutations, required: true },
        firstName: { type: 'string', required: true },
        lastName: { type: 'string', required: true },
        /** ./normalize.ts `nameKey` of each name; `namePrefix` is the name index partition. */
        lastNameKey: { type: 'string', required: true },
        firstNameKey: { type: 'string', required: true },
        namePrefix: { type: 'string', required: true },
        /** Normalized (lower case); the `EMAIL#` guard holds `clientId`, so one file per address. */
        email: { type: 'string' },
        /** E.164; the `PHONE#` lookup finds the file (several files may share one, a family's). */
        phone: { type: 'string' },
        street: { type: 'string' },
        city: { type: 'string' },
        region: { type: 'string' },
        /** As displayed (`G5L 1A1`); `postalKey` is the key form (`G5L1A1`), `''` when none. */
        postalCode: { type: 'string' },
        postalKey: { type: 'string', required: true },
        postalPrefix: { type: 'string', required: true },
        /** ISO 3166-1 alpha-2: `CA`, `FR` or another. */
        country: { type: 'string', required: true },
        locale: { type: clientLocales, required: true },
        status: { type: clientStatuses, required: true },
        /** The log-in account, once there is one (sign-up, or staff creation with an e-mail). */
        userId: { type: 'string' },
        /** CRM-04: no e-mail address: the organizer calls this client before a workshop. */
        noEmail: { type: 'boolean', required: true },
        consentEmail: { type: consentValues, required: true, default: 'unknown' },
        consentEmailAt: { type: 'string' },
        consentPhone: { type: consentValues, required: true, default: 'unknown' },
        consentPhoneAt: { type: 'string' },
        consentMail: { type: consentValues, required: true, default: 'unknown' },
        consentMailAt: { type: 'string' },
        /** When the client last answered the consent question (CRM-11); absent: ask at next log-in. */
        consentAskedAt: { type: 'string' },
        /** COM-08 / CRM-05: set by SES feedback for the current address, reset when it changes. */
        emailStatus: { type: emailStatuses, required: true, default: 'ok' },
        emailStatusAt: { type: 'string' },
        emailStatusDetail: { type: 'string' },
        /** CRM-08: the latest accounting note, shown in red on top of the file. Staff only. */
        redFlag: { type: 'string' },
        /** CRM-08: the trainer "i" on participant lists. Staff and trainers only. */
        hasTrainerNote: { type: 'boolean', required: true, default: false },
        createdAt: { type: 'string', required: true, readOnly: true },
        /** The staff member's user id, or `self` for a sign-up. */
        createdBy: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string' },
        /** Raised by every change of names, address, phone or e-mail: those writes are conditioned on it. */
        version: { type: 'number', required: true, default: 0 },
      },
      indexes: {
        byClient: {
          pk: { field: 'pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'PROFILE', casing: 'none' },
        },
        byName: {
          index: 'gsi3',
          pk: {
            field: 'gsi3pk',
            composite: ['namePrefix'],
            template: 'CLIENTS#${namePrefix}',
            casing: 'none',
          },
          sk: {
            field: 'gsi3sk',
            composite: ['lastNameKey', 'firstNameKey', 'postalKey', 'clientId'],
            template: '${lastNameKey}#${firstNameKey}#${postalKey}#${clientId}',
            casing: 'none',
          },
        },
        byPostal: {
          index: 'gsi2',
          condition: (attributes) => Boolean(attributes.postalKey),
          pk: {
            field: 'gsi2pk',
            composite: ['country', 'postalPrefix'],
            template: 'POSTAL#${country}#${postalPrefix}',
            casing: 'none',
          },
          sk: {
            field: 'gsi2sk',
            composite: ['postalKey', 'clientId'],
            template: '${postalKey}#${clientId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type ClientProfile = EntityItem<ReturnType<typeof clientProfileEntity>>;
