import { Entity, type EntityItem } from 'electrodb';

/**
 * Something staff must look at about a client (docs/data-model.md §2.7): `REQUEST#<requestId>` ·
 * `REQUEST`. Listed per kind while open (g1 `REQUESTS#<kind>` · `<at>#<requestId>`, sparse: the
 * queue holds open requests only) and per client (g4 `CLIENT#<clientId>` · `REQUEST#<at>`, so
 * erasure finds them). Kinds: `possibleDuplicate` (CRM-03: a sign-up matched a file by name and
 * postal code under another address), `cancellation` (WS-08), `phaseLetter` (WS-13).
 *
 * `kind` and `at` are composites of the sparse queue index, so every write that changes `status`
 * names them again (ElectroDB requires all composites of a conditional index together).
 */
export const requestKinds = ['possibleDuplicate', 'cancellation', 'phaseLetter'] as const;
export type RequestKind = (typeof requestKinds)[number];

export const requestStatuses = ['open', 'done', 'dismissed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const staffRequestEntity = () =>
  new Entity(
    {
      model: { entity: 'staffRequest', version: '1', service: 'parvis' },
      attributes: {
        requestId: { type: 'string', required: true, readOnly: true },
        kind: { type: requestKinds, required: true },
        status: { type: requestStatuses, required: true },
        at: { type: 'string', required: true },
        /** The file the request is about. */
        clientId: { type: 'string', required: true, readOnly: true },
        /**
         * What was submitted, for staff to act on: for `possibleDuplicate`, the names, postal code
         * and the other address the person typed (plain text, shown escaped). Not named `detail`:
         * gsi1 projects that attribute (suppressions), and this one has no reader on the index.
         */
        submitted: { type: 'any', readOnly: true },
        closedAt: { type: 'string' },
        closedBy: { type: 'string' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['requestId'], template: 'REQUEST#${requestId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'REQUEST', casing: 'none' },
        },
        openByKind: {
          index: 'gsi1',
          condition: (attributes) => attributes.status === 'open',
          pk: { field: 'gsi1pk', composite: ['kind'], template: 'REQUESTS#${kind}', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['at', 'requestId'],
            template: '${at}#${requestId}',
            casing: 'none',
          },
        },
        byClient: {
          index: 'gsi4',
          pk: { field: 'gsi4pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: { field: 'gsi4sk', composite: ['at'], template: 'REQUEST#${at}', casing: 'none' },
        },
      },
    },
    {},
  );

export type StaffRequest = EntityItem<ReturnType<typeof staffRequestEntity>>;
