import { type DocumentClient, Service } from 'electrodb';
import { clientProfileEntity } from './client';
import { clientFileItemEntity, storedItemEntity } from './client-history';
import { clientNoteEntity } from './client-note';
import { consentRecordEntity } from './consent-record';
import { clientDocumentEntity } from './document';
import { phoneLookupEntity } from './phone-lookup';
import { staffRequestEntity } from './staff-request';

/**
 * The client-file domain's entities in one ElectroDB Service, so a profile and its ledger, notes
 * and lookups are written in one transaction. Built on first use only (shared/db/databases.ts);
 * writes that also touch identity (account, e-mail guard, tokens) or the outbox join the entities
 * with `createWriteTransaction` (shared/comms/queue-email.ts `commitWithEmails`).
 */
export function createCrmDb(client: DocumentClient, table: string) {
  return new Service(
    {
      clientProfile: clientProfileEntity(),
      phoneLookup: phoneLookupEntity(),
      consentRecord: consentRecordEntity(),
      clientNote: clientNoteEntity(),
      staffRequest: staffRequestEntity(),
      clientDocument: clientDocumentEntity(),
      // Read-only views for erasure (CRM-07): items of any entity by key, see ./client-history.ts.
      clientFileItem: clientFileItemEntity(),
      storedItem: storedItemEntity(),
    },
    { client, table },
  );
}

export type CrmDb = ReturnType<typeof createCrmDb>;
