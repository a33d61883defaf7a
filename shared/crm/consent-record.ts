import { Entity, type EntityItem } from 'electrodb';
import { consentChannels } from './client';

/**
 * One consent decision (CRM-11), `CLIENT#<clientId>` · `CONSENT#<at>#<channel>`: the ledger that
 * proves what the client agreed to, when, how and on whose word (Loi 25, CASL, RGPD). Append-only:
 * created under a not-exists condition, never updated; only erasure (CRM-07) deletes it. The
 * profile carries the current value per channel (./client.ts).
 */
export const consentMethods = ['portal', 'phone', 'paper', 'email', 'staff'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const consentRecordEntity = () =>
  new Entity(
    {
      model: { entity: 'consentRecord', version: '1', service: 'parvis' },
      attributes: {
        clientId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        channel: { type: consentChannels, required: true, readOnly: true },
        value: { type: ['granted', 'withdrawn'] as const, required: true, readOnly: true },
        method: { type: consentMethods, required: true, readOnly: true },
        /** Where it came from, in words: "formulaire papier du 12 mars", "appel de la cliente". */
        source: { type: 'string', readOnly: true },
        /** Who recorded it: the client's own user id (portal) or a staff member's. */
        actorUserId: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byClient: {
          pk: { field: 'pk', composite: ['clientId'], template: 'CLIENT#${clientId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['at', 'channel'],
            template: 'CONSENT#${at}#${channel}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type ConsentRecord = EntityItem<ReturnType<typeof consentRecordEntity>>;
