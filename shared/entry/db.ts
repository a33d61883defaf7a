import { type DocumentClient, Service } from 'electrodb';
import { scanClaimEntity, scanEntity } from './scan';

/**
 * Door scanning (TIX-12): the scans of each event and the devices' nonces. A scan commits with the
 * ticket's update (shared/orders' ticket entity) through `createWriteTransaction`. Built on first
 * use only (shared/db/databases.ts).
 */
export function createEntryDb(client: DocumentClient, table: string) {
  return new Service({ scan: scanEntity(), scanClaim: scanClaimEntity() }, { client, table });
}

export type EntryDb = ReturnType<typeof createEntryDb>;
export type EntryEntities = EntryDb['entities'];
