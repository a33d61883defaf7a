import { Entity, type EntityItem } from 'electrodb';

/**
 * What the door answered for one scan (TIX-12): `valid` admitted now, `alreadyUsed` (when and by
 * whom), `cancelled`, `otherEvent` (a ticket of ours for another event), `unknown` (not a ticket of
 * ours: a bad signature, a foreign QR code, or a signed ticket no order holds).
 */
export const scanResults = ['valid', 'alreadyUsed', 'cancelled', 'otherEvent', 'unknown'] as const;
export type ScanResult = (typeof scanResults)[number];

/**
 * One scan at the door of an event (TIX-12): `SCANS#<eventId>` · `<scannedAt>#<scanId>`, so an
 * event's history reads in time order with one Query and nothing else shares the partition. Every
 * scan is kept, refusals too: the history is what happened at the door. Ids only (the scanner's name
 * is read from the account when shown), so erasing a client's file (CRM-07) needs nothing here.
 *
 * `scannedAt` is the server's clock for an online scan and the device's (never later than its
 * upload) for an offline one; `usedAt` on an `alreadyUsed` scan is the admission it ran into.
 * `conflictWith` marks two admissions of one ticket by different devices, at least one offline: both
 * scans carry the other's `scanId`.
 */
export const scanEntity = () =>
  new Entity(
    {
      model: { entity: 'scan', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        scannedAt: { type: 'string', required: true, readOnly: true },
        scanId: { type: 'string', required: true, readOnly: true },
        result: { type: scanResults, required: true, readOnly: true },
        offline: { type: 'boolean', required: true, readOnly: true },
        deviceId: { type: 'string', required: true, readOnly: true },
        scannerId: { type: 'string', required: true, readOnly: true },
        /** When the server recorded it (the upload, for an offline scan). */
        recordedAt: { type: 'string', required: true, readOnly: true },
        ticketId: { type: 'string', readOnly: true },
        orderId: { type: 'string', readOnly: true },
        ticketTypeId: { type: 'string', readOnly: true },
        /** `alreadyUsed`: the admission this scan ran into, and who made it. */
        usedAt: { type: 'string', readOnly: true },
        usedBy: { type: 'string', readOnly: true },
        /** `otherEvent`: the token's event (its title is shown only to its own organization). */
        otherEventId: { type: 'string', readOnly: true },
        conflictWith: { type: 'string' },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'SCANS#${eventId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['scannedAt', 'scanId'],
            template: '${scannedAt}#${scanId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Scan = EntityItem<ReturnType<typeof scanEntity>>;

/**
 * The device's nonce claimed once per event (TIX-12): `SCANID#<eventId>#<scanId>` · `SCANID`,
 * written with a not-exists condition in the scan's own transaction. An upload retried after a lost
 * answer finds it and gets the first answer back (the scan it points to); nothing counts twice,
 * whatever `scannedAt` the retry carries. Expires (TTL) 30 days after the scan.
 */
export const scanClaimEntity = () =>
  new Entity(
    {
      model: { entity: 'scanClaim', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        scanId: { type: 'string', required: true, readOnly: true },
        /** The scan's sort key half: where the first answer is kept. */
        scannedAt: { type: 'string', required: true, readOnly: true },
        expiresAt: { type: 'number', required: true, readOnly: true },
      },
      indexes: {
        byScanId: {
          pk: {
            field: 'pk',
            composite: ['eventId', 'scanId'],
            template: 'SCANID#${eventId}#${scanId}',
            casing: 'none',
          },
          sk: { field: 'sk', composite: [], template: 'SCANID', casing: 'none' },
        },
      },
    },
    {},
  );
